"""The filings as the web publishes them, for the HTML reader's parity tests and benchmarks.

- libreoffice: the .docx through LibreOffice's HTML export (`--convert-to html`): one page, UTF-8,
  every paragraph a <p>, cells holding <p>s, spans as rowspan/colspan.
- cms: a page as a government CMS serves it, written here from the .docx's Document: GBK, a
  header, navigation, a layout table with a side menu, a breadcrumb, the 索引号 box, the title
  with 发布时间 and 来源, the article in <div id="zoom">, share and print links, a footer; tables
  with border="1", line breaks in cells as <br> (every other table with a <p> per line), an
  image in the article (a table drawn as a picture, as real pages have).
- mht: the cms page saved as a single file (MIME multipart/related, the page quoted-printable,
  the image base64), as a browser's "save as .mht" does.

    python samples/web_pages.py [--kind libreoffice cms mht] [NAME ...]

Pages go to samples/.build/web/KIND/NAME.html (or .mht); default: the six samples and every
generated filing.
"""
from __future__ import annotations

import argparse
import base64
import html
import shutil
import subprocess
import sys
import tempfile
from email.charset import BASE64, QP, Charset
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / ".build" / "web"
sys.path.insert(0, str(HERE))

from extractor.document import Cell, Document, Paragraph, Table  # noqa: E402
from extractor.readers import read_document  # noqa: E402

NAMES = ["seed", "v1_school", "v2_hospital", "v3_agriculture", "p1_school_planted", "p2_agriculture_planted"]
# A one-pixel PNG: the picture a page shows in place of a table (its bytes do not matter here).
PIXEL_PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
PUBLISHED = "2023-07-12"


def docx_of(name: str) -> Path:
    path = HERE / f"{name}.docx"
    return path if path.exists() else HERE / "generated" / f"{name}.docx"


def all_names() -> list[str]:
    return NAMES + sorted(p.stem for p in (HERE / "generated").glob("g*.docx"))


# --- LibreOffice's HTML export ---------------------------------------------------------------------


def libreoffice_pages(docx_files: list[Path], out_dir: Path) -> list[Path]:
    """Every file through one LibreOffice process (it converts a list in one start)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice is needed for the libreoffice pages (scripts/setup.sh installs it)")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to",
                        "html:HTML (StarWriter)", "--outdir", str(out_dir), *map(str, docx_files)],
                       check=True, capture_output=True, timeout=60 + 10 * len(docx_files))
    return [out_dir / f"{d.stem}.html" for d in docx_files]


# --- a government CMS page -----------------------------------------------------------------------------


def _text(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _cell(cell: Cell, table: Table, paragraphs: bool) -> str:
    last_row = min(cell.row + cell.row_span, table.n_rows) - 1
    last_col = min(cell.col + cell.col_span, table.n_cols) - 1
    spans = (f' rowspan="{last_row - cell.row + 1}"' if last_row > cell.row else "") + \
            (f' colspan="{last_col - cell.col + 1}"' if last_col > cell.col else "")
    if paragraphs:
        inner = "".join(f'<p style="text-align:center">{html.escape(line) or "&nbsp;"}</p>' for line in cell.text.split("\n"))
    else:
        inner = _text(cell.text) or "&nbsp;"
    nested = "".join(_table(t, paragraphs) for t in cell.tables)
    return f'<td valign="middle"{spans}>{inner}{nested}</td>'


def _table(table: Table, paragraphs: bool) -> str:
    rows = []
    grid = table.grid()
    for r in range(table.n_rows):
        cells = []
        for c, cell in enumerate(grid[r]):
            if cell is None:
                cells.append("<td>&nbsp;</td>")
            elif (cell.row, cell.col) == (r, c):
                cells.append(_cell(cell, table, paragraphs))
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse">'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _article(document: Document) -> str:
    parts, tables = [], 0
    for block in document.blocks:
        if isinstance(block, Table):
            parts.append(_table(block, paragraphs=tables % 2 == 1))
            tables += 1
        elif isinstance(block, Paragraph):
            if block.kind == "heading":
                level = min(6, block.outline_level or 2)
                parts.append(f"<h{level}>{_text(block.text)}</h{level}>")
            else:
                parts.append(f'<p style="text-indent:2em">{_text(block.text) or "&nbsp;"}</p>')
    parts.append('<p style="text-align:center"><img src="/uploads/2023/07/附件5-项目支出绩效自评表.png" '
                 'border="0"></p>')
    return "\n".join(parts)


def cms_page(docx: Path, department: str = "华容县财政局") -> bytes:
    document, _ = read_document(docx)
    title = next((b.text for b in document.blocks[:6] if isinstance(b, Paragraph) and "绩效" in b.text), docx.stem)
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{html.escape(title)}_财政预决算_华容县人民政府</title>
<link href="/css/main.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/js/jquery.min.js"></script>
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); }})();</script>
</head>
<body>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="华容县人民政府" /></div>
<div class="search"><form action="/search"><input type="text" name="q" value="请输入关键字" />
<input type="submit" value="搜索" /></form></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/zjhr/">走进华容</a></li></ul></div>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr>
<td width="200" valign="top" class="left"><div class="sidebar"><h3>政务公开</h3><ul><li><a href="#">通知公告</a></li>
<li><a href="#">财政预决算</a></li><li><a href="#">政府采购</a></li><li><a href="#">人事信息</a></li></ul></div></td>
<td width="800" valign="top">
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 财政预决算</div>
<table class="xxgk_table" width="100%"><tr><td>索引号：431023000/2023-00123</td><td>发布机构：{html.escape(department)}</td></tr>
<tr><td>发文日期：{PUBLISHED}</td><td>主题分类：财政、审计</td></tr></table>
<h1 class="title">{html.escape(title)}</h1>
<div class="info">发布时间：{PUBLISHED} 09:30&nbsp;&nbsp;来源：{html.escape(department)}&nbsp;&nbsp;
浏览次数：<script>document.write(1024)</script></div>
<div id="zoom" class="TRS_Editor">
{_article(document)}
</div>
<div class="bdsharebuttonbox"><a href="#" class="bds_weixin">分享到微信</a><a href="#" class="bds_tsina">新浪微博</a></div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</td></tr></table>
<div class="footer"><p>主办：华容县人民政府办公室 网站标识码：4306230001 湘ICP备05012345号</p></div>
</body></html>
"""
    return page.encode("gbk", errors="xmlcharrefreplace")


def mht_of(page: bytes, url: str = "http://www.huarong.gov.cn/zwgk/czyjs/202307/t20230712_1.html",
           base64_page: bool = False) -> bytes:
    """A page saved as one file, as a browser's "Save as .mht" writes it: the page
    quoted-printable (or base64, as some browsers save it), the picture base64."""
    message = MIMEMultipart("related", type="text/html")
    message["Subject"] = "saved page"
    charset = Charset("gbk")
    charset.body_encoding = BASE64 if base64_page else QP
    part = MIMEText(page.decode("gbk"), "html", charset)  # type: ignore[arg-type]
    part.add_header("Content-Location", url)
    message.attach(part)
    image = MIMEBase("image", "png")
    image.set_payload(base64.encodebytes(PIXEL_PNG).decode("ascii"))
    image.add_header("Content-Transfer-Encoding", "base64")
    image.add_header("Content-Location", "http://www.huarong.gov.cn/uploads/2023/07/附件5-项目支出绩效自评表.png")
    message.attach(image)
    return message.as_bytes()


def make(kind: str, names: list[str], out: Path = OUT, force: bool = False) -> list[Path]:
    folder = out / kind
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".mht" if kind == "mht" else ".html"
    todo = [n for n in names if force or not (folder / f"{n}{suffix}").exists()
            or (folder / f"{n}{suffix}").stat().st_mtime < docx_of(n).stat().st_mtime]
    if kind == "libreoffice":
        if todo:
            libreoffice_pages([docx_of(n) for n in todo], folder)
    else:
        for name in todo:
            page = cms_page(docx_of(name))
            (folder / f"{name}{suffix}").write_bytes(mht_of(page) if kind == "mht" else page)
    return [folder / f"{n}{suffix}" for n in names]


KINDS = ("libreoffice", "cms", "mht")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*")
    parser.add_argument("--kind", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    names = args.names or all_names()
    for kind in args.kind:
        paths = make(kind, names, force=args.force)
        print(f"{kind}: {len(paths)} pages in {paths[0].parent.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
