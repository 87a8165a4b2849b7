"""The .docx reader on constructed documents: each test builds the case it names."""
from decimal import Decimal

from extractor.document import Paragraph
from extractor.document import Table as DocTable
from extractor.readers.docx import read

from builder import Cell, ContentControl, Para, Row, Table, TextBox


def spans(table):
    return [(c.row, c.col, c.row_span, c.col_span, c.text) for c in table.cells]


def only_table(doc) -> DocTable:
    tables = [b for b in doc.blocks if isinstance(b, DocTable)]
    assert len(tables) == 1
    return tables[0]


def test_vertical_and_horizontal_merges_become_one_cell_with_spans(make_docx):
    path = make_docx([
        Table([
            ["一级指标", "二级指标", "三级指标", "分值"],
            [Cell("\n\n产出指标 (50分)", rs=3), Cell("数量指标", rs=2), "推进老旧小区改造个数", "10"],
            ["完成农村危房改造户数", "10"],
            ["质量指标", "合规率", "5"],
            [Cell("总分", cs=3), "100"],
        ])
    ])
    table = only_table(read(path))
    assert (table.n_rows, table.n_cols) == (5, 4)
    assert spans(table) == [
        (0, 0, 1, 1, "一级指标"), (0, 1, 1, 1, "二级指标"), (0, 2, 1, 1, "三级指标"), (0, 3, 1, 1, "分值"),
        (1, 0, 3, 1, "产出指标 (50分)"), (1, 1, 2, 1, "数量指标"), (1, 2, 1, 1, "推进老旧小区改造个数"), (1, 3, 1, 1, "10"),
        (2, 2, 1, 1, "完成农村危房改造户数"), (2, 3, 1, 1, "10"),
        (3, 1, 1, 1, "质量指标"), (3, 2, 1, 1, "合规率"), (3, 3, 1, 1, "5"),
        (4, 0, 1, 3, "总分"), (4, 3, 1, 1, "100"),
    ]
    grid = table.row_texts()
    assert [row[0] for row in grid] == ["一级指标"] + ["产出指标 (50分)"] * 3 + ["总分"]


def test_row_starting_late_keeps_its_cells_in_their_grid_columns(make_docx):
    path = make_docx([Table([["a", "b", "c"], Row(["y", "z"], before=1)])])
    table = only_table(read(path))
    assert spans(table)[3:] == [(1, 1, 1, 1, "y"), (1, 2, 1, 1, "z")]
    assert table.cell_at(1, 0) is None


def test_cell_paragraphs_join_with_newlines_and_outer_blank_lines_go(make_docx):
    path = make_docx([Table([["\n\n\n年初\n预算数\n\n", "其中：当年财\n政拨款"]])])
    table = only_table(read(path))
    assert [c.text for c in table.cells] == ["年初\n预算数", "其中：当年财\n政拨款"]


def test_tracked_insertions_are_kept_and_deletions_dropped(make_docx):
    doc = read(make_docx([Para("到位资金{+2436+}{-2346-}万元"), Table([["{-旧值-}{+新值+}"]])]))
    assert doc.blocks[0].text == "到位资金2436万元"
    assert only_table(doc).cells[0].text == "新值"


def test_content_controls_and_text_boxes_are_read_in_order(make_docx):
    doc = read(make_docx([
        Para("前"),
        ContentControl([Para("华容县住房和城乡建设局"), Table([["控件中的表"]])]),
        TextBox(["文本框一", "文本框二"]),
        Para("后"),
    ]))
    texts = [b.text if isinstance(b, Paragraph) else "TABLE" for b in doc.blocks if not isinstance(b, Paragraph) or b.text]
    assert texts == ["前", "华容县住房和城乡建设局", "TABLE", "文本框一", "文本框二", "后"]


def test_nested_tables_stay_inside_their_cell(make_docx):
    inner_most = Table([["最内层"]])
    middle = Table([[Cell("中层", nested=inner_most)]])
    doc = read(make_docx([Table([[Cell("外层", nested=middle), "旁边"]])]))
    outer = only_table(doc)
    assert spans(outer) == [(0, 0, 1, 1, "外层"), (0, 1, 1, 1, "旁边")]
    (mid,) = outer.cells[0].tables
    assert mid.cells[0].text == "中层"
    assert mid.parent.table == outer.provenance.table and (mid.parent.row, mid.parent.col) == (0, 0)
    (inner,) = mid.cells[0].tables
    assert inner.cells[0].text == "最内层"
    assert [outer.provenance.table, mid.provenance.table, inner.provenance.table] == [0, 1, 2]


def test_headers_and_footers_are_kept_apart_from_the_body(make_docx):
    doc = read(make_docx([Para("正文")], header="华容县人民医院", footer="第{PAGE}页"))
    assert [b.text for b in doc.blocks] == ["正文"]
    assert [b.text for b in doc.headers] == ["华容县人民医院"]
    assert [b.text for b in doc.footers] == ["第1页"]
    assert doc.headers[0].provenance.part == "header"


def test_word_heading_styles_give_outline_levels(make_docx):
    doc = read(make_docx([Para("一、基本情况", style="Heading 1"), Para("（一）概况", style="Heading 2"), Para("正文")]))
    assert [(b.kind, b.outline_level) for b in doc.blocks] == [("heading", 1), ("heading", 2), ("paragraph", None)]


def test_provenance_counts_blocks_paragraphs_and_tables(make_docx):
    doc = read(make_docx([Para("甲"), Table([["a", "b"]]), Para("乙"), Table([["c"]])]))
    # The builder puts an empty paragraph after each table, as Word needs between two tables.
    assert [(b.provenance.block, b.provenance.paragraph, b.provenance.table) for b in doc.blocks] == [
        (0, 0, None), (1, None, 0), (2, 1, None), (3, 2, None), (4, None, 1), (5, 3, None),
    ]
    cell = doc.blocks[1].cells[1]
    assert (cell.provenance.table, cell.provenance.row, cell.provenance.col) == (0, 0, 1)


def test_big_table_reads_every_row(make_docx):
    rows = [[f"指标{i}", str(i), str(Decimal(i) / 4)] for i in range(2000)]
    table = only_table(read(make_docx([Table(rows)])))
    assert table.n_rows == 2000 and len(table.cells) == 6000
    assert table.cells[-1].text == "499.75"


def _rewrite_document_xml(path, edit):
    """Apply `edit(root)` to word/document.xml of a built .docx, in place."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                edit(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            z.writestr(info, data)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_legacy_horizontal_merge_widens_the_cell(make_docx):
    path = make_docx([Table([["合计", "", "100"], ["a", "b", "c"]])])

    def edit(root):
        first_row = root.find(f".//{W}tr")
        restart, cont = first_row.findall(f"{W}tc")[:2]
        restart.find(f"{W}tcPr").append(etree_el("hMerge", val="restart"))
        cont.find(f"{W}tcPr").append(etree_el("hMerge"))

    _rewrite_document_xml(path, edit)
    table = only_table(read(path))
    assert spans(table)[:2] == [(0, 0, 1, 2, "合计"), (0, 2, 1, 1, "100")]


def etree_el(tag, val=None):
    from lxml import etree

    el = etree.Element(f"{W}{tag}")
    if val:
        el.set(f"{W}val", val)
    return el


def test_text_typed_into_a_continued_merge_cell_is_kept_on_the_merged_cell(make_docx):
    path = make_docx([Table([[Cell("产出指标", rs=2), "a"], ["b"]])])

    def edit(root):
        second_row = root.findall(f".//{W}tr")[1]
        continued = second_row.find(f"{W}tc")
        run = etree_el("r")
        t = etree_el("t")
        t.text = "(50分)"
        run.append(t)
        continued.find(f"{W}p").append(run)

    _rewrite_document_xml(path, edit)
    assert only_table(read(path)).cells[0].text == "产出指标\n(50分)"


def test_external_entities_are_never_resolved(make_docx, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = make_docx([Para("PLACEHOLDER")])
    import zipfile

    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for info, data in items:
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                body = text[text.index("<w:document"):]
                data = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file://{secret}">]>' + body).replace(
                    "PLACEHOLDER", "&xxe;").encode("utf-8")
            z.writestr(info, data)
    doc = read(path)
    assert "TOP-SECRET" not in doc.model_dump_json()
