"""PDF layout helpers on synthetic characters."""
import pytest

from extractor.readers.pdf_layout import Line, dedupe_doubled, join_wrapped, lines_of, paragraphs_of


def ch(text, x0, top=100.0, size=12.0, width=None):
    width = width or (size if ord(text[0]) > 0x2e80 else size * 0.55)
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + size, "size": size}


def test_simulated_bold_doubles_are_dropped_but_real_doubles_stay():
    chars = [ch("资", 10), ch("资", 10.4), ch("金", 22), ch("金", 22.3), ch("层", 34), ch("层", 46)]
    assert "".join(c["text"] for c in dedupe_doubled(chars)) == "资金层层"


def test_spaces_between_cjk_and_digits_are_not_invented_but_latin_words_keep_theirs():
    line = lines_of([ch("到", 0), ch("位", 12), ch("5", 30), ch("0", 36.6), ch("万", 50), ch("元", 62)])[0]
    assert line.text == "到位50万元"
    words = lines_of([ch("P", 0), ch("D", 6.6), ch("F", 13.2), ch("f", 30), ch("i", 36.6), ch("l", 43.2), ch("e", 49.8)])[0]
    assert words.text == "PDF file"


def test_wrapped_lines_join_without_space_beside_cjk():
    assert join_wrapped(["其中：当年财", "政拨款"]) == "其中：当年财政拨款"
    assert join_wrapped(["see the", "table"]) == "see the table"


def line(text, x0, x1, top, size=12.0):
    return Line(text, x0, x1, top, top + size, size)


def test_paragraphs_break_at_short_lines_indents_and_gaps_not_before_unbreakable_runs():
    lines = [
        line("　　2022年度财政拨款收入22502.64万元，其中：一般公共预算财政拨款收入", 84, 492, 100),
        line("10673.73万元，占本年收入合计的47.43%。", 57, 300, 116),  # the run could not fit above
        line("2022年支出合计22502.64万元。", 84, 260, 132),  # indented: a new paragraph
        line("附件2", 57, 91, 200),  # after a large gap: an empty paragraph first
    ]
    paragraphs = paragraphs_of(lines, left=57, right=537)
    texts = [p.text if p else None for p in paragraphs]
    assert texts == [
        "　　2022年度财政拨款收入22502.64万元，其中：一般公共预算财政拨款收入10673.73万元，占本年收入合计的47.43%。",
        "2022年支出合计22502.64万元。", None, "附件2",
    ]


def _fragment(page: int, top: float, bottom: float, first_row: list[str]):
    from extractor.readers.pdf import _Fragment

    cells = [{"row": 0, "col": c, "row_span": 1, "col_span": 3 if len(first_row) == 1 else 1, "text": t,
              "x0": 50 + 100 * c, "x1": 150 + 100 * c} for c, t in enumerate(first_row)]
    cells += [{"row": 1, "col": c, "row_span": 1, "col_span": 1, "text": "1", "x0": 50 + 100 * c, "x1": 150 + 100 * c}
              for c in range(3)]
    return _Fragment(page, (50, top, 350, bottom), cells, 2)


@pytest.mark.parametrize("first_row, continues", [
    (["产出指标", "数量指标", "新建村级服务中心"], True),  # the rest of the table above
    (["2024年度项目支出绩效自评表"], False),  # another project's table, starting with its title
    (["附注：本表金额单位为万元"], True),  # a full-width note is no title
])
def test_a_table_at_the_top_of_a_page_goes_on_with_the_one_above_unless_it_starts_with_a_title(first_row, continues):
    from extractor.readers.pdf import _continues, _Page

    above = _fragment(1, 500, 800, ["一级指标", "二级指标", "三级指标"])
    page = _Page(number=1, height=842, width=595, lines=[], fragments=[above], n_chars=0, n_unreadable=0, has_images=False)
    assert _continues(above, page, _fragment(2, 60, 300, first_row)) is continues


def _row_fragment(page: int, texts: list[str]):
    from extractor.readers.pdf import _Fragment

    cells = [{"row": 0, "col": c, "row_span": 1, "col_span": 1, "text": t, "x0": 50 + 100 * c, "x1": 150 + 100 * c}
             for c, t in enumerate(texts)]
    return _Fragment(page, (50, 60, 350, 100), cells, 1)


@pytest.mark.parametrize("label_above, label_below, expected", [
    ("产出指标（50分）", "产出指标（50分）", "产出指标（50分）"),  # the label repeated on the new page: not doubled
    ("产出指标", "（50分）", "产出指标\n（50分）"),  # the rest of the label
])
def test_a_row_broken_over_a_page_joins_its_rest_but_not_a_repeat(label_above, label_below, expected):
    from extractor.readers.pdf import _stitch

    above = _row_fragment(1, [label_above, "完成土石方", "893"])
    _stitch(above, _row_fragment(2, [label_below, "", ""]))
    assert [c["text"] for c in above.cells if c["col"] == 0] == [expected]
