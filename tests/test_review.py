"""The review page (`extract review`), opened in a real browser: headless Chromium from the
system's packages (scripts/setup.sh installs it), driven by Playwright pointed at that binary."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder import Para, Table
from conftest import SAMPLES

SAMPLE_NAMES = ["seed", "v1_school", "v2_hospital", "v3_agriculture", "p1_school_planted", "p2_agriculture_planted"]
HOSTILE = ['<script>document.title="owned"</script>', '"><img src=x onerror="document.title=\'owned\'">',
           "</td></tr></table><b>逃逸</b>", "&lt;已转义&gt;"]


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency: pip install -e '.[dev]'")
    binary = _chromium()
    if binary is None:
        if os.environ.get("CI"):  # CI runs scripts/setup.sh, which installs it: its absence is a failure there
            pytest.fail("no Chromium in CI: scripts/setup.sh should have installed Debian's chromium package")
        pytest.skip("no Chromium on this machine (scripts/setup.sh installs Debian's chromium package)")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=binary, args=["--no-sandbox"])
        yield launched
        launched.close()


class Opened:
    """A page opened from a file, with every console error and every request it made."""

    def __init__(self, browser, path: Path, width: int = 1400):
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)

    def highlighted(self) -> list[dict]:
        return self.page.eval_on_selector_all(".ev.hl", """els => els.map(e => ({tag: e.tagName, text: e.textContent,
            block: (e.closest('[data-block]') || {dataset: {}}).dataset.block, id: e.id}))""")

    def close(self) -> None:
        self.page.close()


def _review(tmp_path: Path, *files: Path, name: str = "review.html") -> Path:
    out = tmp_path / name
    run = subprocess.run([sys.executable, "-m", "extractor.cli", "review", *map(str, files), "-o", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return out


def test_clicking_the_seeds_2346_finding_highlights_the_prose_characters_and_the_table_cell(browser, tmp_path):
    page = Opened(browser, _review(tmp_path, SAMPLES / "seed.docx"))
    finding = page.page.locator(".finding", has_text="2346万元").first
    finding.click()
    lit = page.highlighted()
    prose = [h for h in lit if h["tag"] == "SPAN"]
    cells = [h for h in lit if h["tag"] == "TD"]
    assert "2346万元" in [h["text"] for h in prose]
    assert {h["text"] for h in cells} == {"2436"}
    # the cell is in 附件5's funds table: its id names the block, which stands in 附件5
    record = json.loads(subprocess.run([sys.executable, "-m", "extractor.cli", str(SAMPLES / "seed.docx")],
                                       capture_output=True, text=True, check=True).stdout)
    attachment5 = next(a for a in record["attachments"] if a["number"] == 5)
    blocks = {int(h["id"].split("-")[1][1:]) for h in cells}
    assert all(attachment5["start_block"] <= b < attachment5["end_block"] for b in blocks)
    assert finding.get_attribute("aria-pressed") == "true"
    shot = tmp_path / "review.png"
    page.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    assert page.errors == []
    assert page.requests == [page.url]  # the page itself, nothing else
    page.close()


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_findings_evidence_is_highlighted_where_its_provenance_says(browser, tmp_path, name):
    source = SAMPLES / f"{name}.docx"
    record = json.loads(subprocess.run([sys.executable, "-m", "extractor.cli", str(source)], capture_output=True,
                                       text=True, check=True).stdout)
    page = Opened(browser, _review(tmp_path, source))
    findings = page.page.locator(".finding")
    assert findings.count() == len(record["findings"])
    for i, finding in enumerate(record["findings"]):
        page.page.locator(f"#d0-f{i}").click()
        lit = page.highlighted()
        for e in finding["evidence"]:
            w = e.get("where") or {}
            if w.get("block") is None:
                continue
            block = record["blocks"][w["block"]]
            if block["kind"] == "table":
                texts = [h["text"] for h in lit if h["tag"] == "TD" and h["id"].startswith(f"d0-b{w['block']}-")]
                assert any(e["text"] in t for t in texts), (finding["rule"], e)
            else:
                expected = block["text"][w["start"]:w["end"]]
                pieces = "".join(h["text"] for h in lit if h["tag"] == "SPAN" and h["block"] == str(w["block"]))
                assert expected == e["text"] and expected in pieces, (finding["rule"], e)
    assert page.errors == [] and page.requests == [page.url]
    page.close()


def test_figures_are_marked_with_label_value_and_relation_on_hover(browser, tmp_path):
    page = Opened(browser, _review(tmp_path, SAMPLES / "seed.docx"))
    title = page.page.locator(".fig", has_text="2346万元").first.get_attribute("title")
    assert title.startswith("标签：到位资金") and "数值：2346万元" in title
    assert page.page.locator(".fig").count() >= 50
    page.close()


def test_a_hostile_filings_text_renders_as_text(browser, tmp_path, make_docx):
    rows = [["项目", "金额（万元）"], [HOSTILE[0], "100"], [HOSTILE[1], HOSTILE[2]]]
    path = make_docx([Para("附件1"), Para("2022年度部门整体支出绩效自评报告"), Para("一、基本情况"),
                      *(Para(f"{text}到位资金100万元。") for text in HOSTILE), Table(rows)], name="hostile")
    out = _review(tmp_path, path)
    page = Opened(browser, out)
    shown = page.page.inner_text(".doc")
    for text in HOSTILE:
        assert text in shown
    assert page.page.title().startswith("审核")  # no script of the filing ran
    assert page.page.locator(".doc img, .doc script, .doc b").count() == 0
    assert page.dialogs == [] and page.errors == [] and page.requests == [page.url]
    page.close()


def test_several_files_get_an_index_and_keys_move_between_findings(browser, tmp_path):
    broken = SAMPLES / "broken" / "truncated.pdf"
    out = _review(tmp_path, SAMPLES / "seed.docx", SAMPLES / "v1_school.docx", broken)
    page = Opened(browser, out)
    rows = page.page.locator("#index tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).inner_text().split("\t")[2:] == ["1", "5", "1"]  # the seed: 1 error, 5 warnings, 1 note
    assert "truncated.pdf" in page.page.inner_text(".failures")
    assert not page.page.locator("#d0").is_visible()
    rows.nth(0).locator("a").click()
    assert page.page.locator("#d0").is_visible() and not page.page.locator("#d1").is_visible()
    page.page.keyboard.press("j")
    assert page.page.locator("#d0-f0").get_attribute("aria-pressed") == "true"
    page.page.keyboard.press("j")
    assert page.page.locator("#d0-f1").get_attribute("aria-pressed") == "true"
    assert page.page.locator("#d0-f0").get_attribute("aria-pressed") == "false"
    page.page.keyboard.press("k")
    assert page.page.locator("#d0-f0").get_attribute("aria-pressed") == "true"
    # the severity filter hides warnings; j then skips them
    page.page.locator("#d0 .sev-filter[value=warning]").uncheck()
    assert page.page.locator("#d0 .finding[data-severity=warning]").first.is_hidden()
    assert page.errors == [] and page.requests[0] == page.url and all(r.startswith(page.url) for r in page.requests)
    page.close()


def test_evidence_links_jump_to_the_value_in_another_attachment(browser, tmp_path):
    page = Opened(browser, _review(tmp_path, SAMPLES / "seed.docx"))
    finding = page.page.locator(".finding", has_text="2346万元").first
    link = finding.locator("a.ev-link", has_text="附件5").first
    target = link.get_attribute("href")[1:]
    link.click()
    assert page.page.locator(f"[id='{target}']").evaluate("e => e.classList.contains('hl')")
    assert page.page.locator(f"[id='{target}']").is_visible()
    page.close()


def test_readable_at_200_percent_zoom_and_printable(browser, tmp_path):
    out = _review(tmp_path, SAMPLES / "seed.docx")
    page = Opened(browser, out, width=700)  # a 1400-pixel window at 200%: one column, nothing cut off
    widths = page.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1]
    pdf = tmp_path / "printed.pdf"
    page.page.pdf(path=str(pdf))
    assert pdf.stat().st_size > 50_000
    page.close()


def test_a_review_of_files_none_of_which_can_be_read_exits_2(tmp_path):
    run = subprocess.run([sys.executable, "-m", "extractor.cli", "review", str(SAMPLES / "broken" / "truncated.pdf"),
                          "-o", str(tmp_path / "r.html")], capture_output=True, text=True)
    assert run.returncode == 2
    assert not (tmp_path / "r.html").exists()
    assert "truncated.pdf" in run.stderr and "Traceback" not in run.stderr


def test_the_page_forbids_every_request_and_brings_nothing_from_outside(tmp_path):
    html = _review(tmp_path, SAMPLES / "seed.docx").read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in html
    for needle in ("<link", "src=", "url(", "@import", "fetch(", "XMLHttpRequest"):
        assert needle not in html
