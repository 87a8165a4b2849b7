"""The invented variants, so the reader and structure are not tuned to the seed alone."""
import pytest

from extractor.document import Paragraph, Table
from extractor.pipeline import extract_file

from conftest import SAMPLES, outline


@pytest.fixture(scope="module")
def reports():
    return {name: extract_file(SAMPLES / f"{name}.docx") for name in ("v1_school", "v2_hospital", "v3_agriculture")}


def tables(report):
    return [b for b in report.blocks if isinstance(b, Table)]


def span_of(table, text):
    cell = next(c for c in table.cells if c.text == text)
    return cell.row, cell.col, cell.row_span, cell.col_span




@pytest.mark.parametrize(
    "name, expected",
    [
        ("v1_school", [("附件1", "2023年度部门整体支出绩效评价基础数据表", "basic_data"),
                       ("附件2", "2023年度部门整体支出绩效自评表", "overall_table"),
                       ("附件3", "2023年度部门整体支出绩效自评报告", "overall_report"),
                       ("附件4", "2023年度项目支出绩效自评表", "project_table"),
                       ("附件5", "2023年度项目支出绩效自评报告", "project_report")]),
        ("v2_hospital", [("附件1", "桐溪县人民医院2021年度部门整体支出绩效自评报告", "overall_report"),
                         ("附件2", "2021年度部门整体支出绩效自评表", "overall_table"),
                         ("附件3", "2021年度项目支出绩效自评表", "project_table"),
                         ("附件4", "桐溪县人民医院2021年度项目支出绩效自评报告", "project_report")]),
        ("v3_agriculture", [("附件1", "2022年度部门整体支出绩效评价基础数据表", "basic_data"),
                            ("附件2", "2022年度部门整体支出绩效自评表", "overall_table"),
                            ("附件3", "沅北县农业农村局2022年度部门整体支出绩效自评报告", "overall_report"),
                            ("附件4", "项目支出绩效评价评分表（共性）", "rubric")]),
    ],
)
def test_attachments(reports, name, expected):
    assert [(a.label, a.title, a.kind) for a in reports[name].attachments] == expected


def test_v1_two_row_header_and_full_width_weights(reports):
    t = tables(reports["v1_school"])[1]
    assert (t.n_rows, t.n_cols) == (31, 8)
    assert span_of(t, "年度目标值") == (10, 3, 2, 1)  # a two-row header: the value columns merge down
    assert span_of(t, "产出指标（50分）") == (12, 0, 12, 1)
    assert [span_of(t, s) for s in ("数量指标", "质量指标", "时效指标", "成本指标")] == [
        (12, 1, 4, 1), (16, 1, 3, 1), (19, 1, 2, 1), (21, 1, 3, 1)]


def test_v1_word_heading_styles_build_the_tree(reports):
    report = reports["v1_school"]
    headings = [b for b in report.blocks if isinstance(b, Paragraph) and b.kind == "heading"]
    assert headings and {h.outline_level for h in headings} == {1, 2, 3}
    tree = outline([s for s in report.sections if s.attachment == 3])
    assert tree[:4] == ["一、部门基本情况", "  （一）部门职能", "  （二）机构设置及人员情况", "  （三）部门整体支出规模"]
    assert "    3.“三公”经费" in tree


def test_v2_markers_in_table_rows_nested_table_late_row_and_page_furniture(reports):
    report = reports["v2_hospital"]
    first = tables(report)[0]
    assert first.cells[0].text.startswith("附件2")
    breakdown = next(c for c in first.cells if c.text.startswith("按收入性质分"))
    assert len(breakdown.tables) == 1 and breakdown.tables[0].parent.table == first.provenance.table
    total_row = [c for c in first.cells if c.row == first.n_rows - 1]
    assert min(c.col for c in total_row) == 1  # the 总分 row starts one grid column late
    assert span_of(first, "产出指标") == (8, 0, 11, 1) and span_of(first, "50") == (8, 1, 11, 1)
    assert [b.text for b in report.headers] == ["桐溪县人民医院"]
    assert [b.text for b in report.footers] == ["第1页"]
    assert any(isinstance(b, Paragraph) and b.text == "桐溪县人民医院" for b in report.blocks[:5])  # from a content control


def test_v2_second_project_table_continues_with_repeated_header(reports):
    continued = tables(reports["v2_hospital"])[-1]
    assert (continued.n_rows, continued.n_cols) == (7, 10)
    assert span_of(continued, "效益指标") == (1, 0, 4, 1)


def test_v3_mixed_numbering_and_style_switch(reports):
    tree = outline([s for s in reports["v3_agriculture"].sections if s.attachment == 3])
    assert tree[0] == "第一部分部门基本情况"
    assert tree[3:7] == ["  三、部门整体支出规模", "    1.收入情况", "    2.支出情况", "    三、“三公”经费情况"]


def test_v3_long_indicator_table(reports):
    t = tables(reports["v3_agriculture"])[2]
    assert (t.n_rows, t.n_cols) == (40, 8)
    assert span_of(t, "产出指标\n(50分)") == (1, 0, 23, 1)
    assert span_of(t, "效益指标\n(30分)") == (24, 0, 11, 1)
