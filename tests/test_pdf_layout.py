"""PDF layout helpers on synthetic characters."""
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
