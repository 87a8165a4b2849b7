"""Attachments and section trees on constructed documents."""
import pytest

from extractor.readers.docx import read
from extractor.structure import analyse, heading_marker

from builder import Cell, Para, Table
from conftest import outline


def tree_of(make_docx, paragraphs, title="项目支出绩效自评报告"):
    doc = read(make_docx([Para("附件1"), Para(title), Para("")] + [Para(p) for p in paragraphs]))
    return outline(analyse(doc).sections)


@pytest.mark.parametrize(
    "text, style, ordinal, rest",
    [
        ("一、基本情况", "cn_dun", 1, "基本情况"),
        ("十二、其他", "cn_dun", 12, "其他"),
        ("（三）、专项资金安排", "cn_paren", 3, "专项资金安排"),
        ("(二)项目管理", "cn_paren", 2, "项目管理"),
        ("6、 下一步改进措施", "num_dun", 6, "下一步改进措施"),
        ("1.充分发挥网站作用", "num_dot", 1, "充分发挥网站作用"),
        ("１．全角编号", "num_dot", 1, "全角编号"),
        ("2.2021年度资金到位", "num_dot", 2, "2021年度资金到位"),
        ("（1）人居环境改善", "num_paren", 1, "人居环境改善"),
        ("③按计划完工", "circled", 3, "按计划完工"),
        ("第二部分 项目情况", "part", 2, "项目情况"),
    ],
)
def test_numbering_markers(text, style, ordinal, rest):
    marker = heading_marker(text)
    assert (marker.style.style, marker.ordinal, marker.rest) == (style, ordinal, rest)


@pytest.mark.parametrize("text", ["1.5万元用于维修", "2022年度部门整体支出", "一是加强领导", "附件1", "①"[:0] + "正文"])
def test_not_numbering_markers(text):
    assert heading_marker(text) is None


def test_style_switch_mid_level_stays_at_that_level(make_docx):
    # The seed numbers its top level 1、 2、 三、 四、 and the v3 variant 1. 2. 三、
    assert tree_of(make_docx, [
        "1、 基本情况", "（一）概况", "正文。", "2、 基本支出情况", "正文。",
        "三、项目支出情况", "（一）、资金安排", "正文。", "（二）、项目管理", "1、预期目标完成程度。", "正文。",
        "2、经济和社会影响。", "正文。", "四、 绩效情况", "正文。", "五、问题", "正文。",
        "6、 改进措施", "正文。", "七、其他", "无",
    ]) == [
        "1、基本情况", "  （一）概况", "2、基本支出情况", "三、项目支出情况", "  （一）、资金安排",
        "  （二）、项目管理", "    1、预期目标完成程度", "    2、经济和社会影响", "四、绩效情况", "五、问题",
        "6、改进措施", "七、其他",
    ]


def test_numbered_items_with_nothing_under_them_are_a_list_not_sections(make_docx):
    assert tree_of(make_docx, [
        "一、存在的问题", "1、“三公经费”有待更严格控制。", "2、预算编制有待更严格执行。预算编制与实际支出项目有的存在差异。",
        "3、有的项目经费未及时足额拨付到位", "二、改进措施", "1、按照预算规定的项目和用途严格财务审核。", "三、其他", "无",
    ]) == ["一、存在的问题", "二、改进措施", "三、其他"]


def test_run_in_headings_among_sections_with_bodies(make_docx):
    assert tree_of(make_docx, [
        "三、主要做法", "（一）加强组织领导，科学谋划。", "住建局作为牵头部门。", "（二）坚持因地制宜。", "为确保方案合理。",
        "1.充分发挥网站作用，加强宣传。及时发布政策。", "2.充分利用小区载体。悬挂宣传条幅。",
    ]) == ["三、主要做法", "  （一）加强组织领导，科学谋划", "  （二）坚持因地制宜"]


def test_all_styles_nest_in_the_usual_order(make_docx):
    assert tree_of(make_docx, [
        "一、总体情况", "（一）资金", "1.资金来源", "(1)财政拨款", "①中央资金", "正文。", "②省级资金", "正文。",
        "(2)自筹资金", "正文。", "2.资金使用", "正文。", "二、问题", "正文。",
    ]) == [
        "一、总体情况", "  （一）资金", "    1.资金来源", "      (1)财政拨款", "        ①中央资金", "        ②省级资金",
        "      (2)自筹资金", "    2.资金使用", "二、问题",
    ]


def test_word_heading_styles_without_numbers(make_docx):
    doc = read(make_docx([
        Para("附件1 部门整体支出绩效自评报告"), Para("基本情况", style="Heading 1"), Para("正文。"),
        Para("资金情况", style="Heading 2"), Para("正文。"), Para("问题", style="Heading 1"), Para("正文。"),
    ]))
    assert outline(analyse(doc).sections) == ["基本情况", "  资金情况", "问题"]


def test_section_paths_and_block_ranges(make_docx):
    doc = read(make_docx([
        Para("附件1"), Para("某某自评报告"), Para("一、甲"), Para("（一）乙"), Para("正文"), Para("二、丙"), Para("正文"),
    ]))
    (first, second) = analyse(doc).sections
    (child,) = first.children
    assert child.path == ["甲", "乙"] and child.attachment == 1
    assert (first.start_block, first.end_block, child.start_block, child.end_block) == (2, 5, 3, 5)
    assert (second.start_block, second.end_block) == (5, 7)


def test_attachment_markers_in_paragraphs_one_line_titles_and_table_rows(make_docx):
    doc = read(make_docx([
        Para("附件1"), Para(""), Para("2022年度部门整体支出"), Para("绩效评价基础数据表"), Para(""), Table([["编制数", "121"]]),
        Para("附件2：2022年度部门整体支出绩效自评报告"), Para("一、基本情况"), Para("正文。"),
        Table([[Cell("附件3  2022年度项目支出绩效自评表", cs=2)], ["项目名称", "老旧小区改造"]]),
        Para("附件4"), Table([[Cell("项目支出绩效评价评分表(共性)", cs=2)], ["一级指标", "分值"]]),
        Para("详见附件1中的数据。"),
    ]))
    atts = analyse(doc).attachments
    assert [(a.label, a.number, a.title, a.kind, a.narrative) for a in atts] == [
        ("附件1", 1, "2022年度部门整体支出绩效评价基础数据表", "basic_data", False),
        ("附件2", 2, "2022年度部门整体支出绩效自评报告", "overall_report", True),
        ("附件3", 3, "2022年度项目支出绩效自评表", "project_table", False),
        ("附件4", 4, "项目支出绩效评价评分表(共性)", "rubric", False),
    ]
    assert atts[0].title_blocks == [2, 3]
    assert [(a.start_block, a.end_block) for a in atts] == [(0, 7), (7, 10), (10, 12), (12, len(doc.blocks))]


def test_cover_page_lines_are_not_part_of_the_title(make_docx):
    doc = read(make_docx([
        Para("附件3"), Para(""), Para("2022年度华容县住房和城乡建设局"), Para("部门(单位)整体支出"), Para("绩效自评报告"),
        Para(""), Para("部门(单位)名称：  (盖章)"), Para("2023 年 7 月 11日"), Para("(此页为封面)"),
    ]))
    (att,) = analyse(doc).attachments
    assert att.title == "2022年度华容县住房和城乡建设局部门(单位)整体支出绩效自评报告"
    assert att.kind == "overall_report"


def test_a_document_without_attachments_has_one_section_tree(make_docx):
    doc = read(make_docx([
        Para("某县教育局2023年度部门整体支出绩效自评报告"), Para("一、基本情况"),
        Para("本局共有学校十二所，在职教职工一千余人。"), Para("二、问题"), Para("无"),
    ]))
    structure = analyse(doc)
    assert structure.attachments == []
    assert outline(structure.sections) == ["一、基本情况", "二、问题"]


@pytest.mark.parametrize("marker, number, title", [
    ("附件二2018年度项目支出绩效自评表", 2, "2018年度项目支出绩效自评表"),  # a PDF's text without the space
    ("附件二  2018年度项目支出绩效自评表", 2, "2018年度项目支出绩效自评表"),
    # Arabic digits touching a year with 年 (OCR drops the space): the year is the last four digits
    ("附件12022年度项目支出绩效自评表", 1, "2022年度项目支出绩效自评表"),
    ("附件122022年度项目支出绩效自评表", 12, "2022年度项目支出绩效自评表"),
    ("附件12022", None, None),  # no 年 after it: 1 or 12 or 120? not cut
])
def test_a_chinese_numbered_marker_may_touch_the_year_after_it(make_docx, marker, number, title):
    doc = read(make_docx([Para(marker), Para("正文。")]))
    assert [(a.number, a.title) for a in analyse(doc).attachments] == ([(number, title)] if number else [])
