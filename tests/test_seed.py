"""The seed filing (华容县住房和城乡建设局, 2022): exact grids, reading order, attachments, sections."""
import pytest

from extractor.document import Table
from extractor.pipeline import extract_file
from extractor.readers.docx import read

from conftest import outline


@pytest.fixture(scope="module")
def seed(seed_path):
    return extract_file(seed_path)


@pytest.fixture(scope="module")
def tables(seed):
    return [b for b in seed.blocks if isinstance(b, Table)]


def spans(table, *texts):
    """(row, col, row_span, col_span) of the cells with these texts, in order."""
    by_text = {}
    for cell in table.cells:
        by_text.setdefault(cell.text, (cell.row, cell.col, cell.row_span, cell.col_span))
    return [by_text[t] for t in texts]


def test_six_attachments_with_their_titles_and_kinds(seed):
    assert [(a.label, a.title, a.kind) for a in seed.attachments] == [
        ("附件1", "2022年度部门整体支出绩效评价基础数据表", "basic_data"),
        ("附件2", "2022年度部门整体支出绩效自评表", "overall_table"),
        ("附件3", "2022年度华容县住房和城乡建设局部门(单位)整体支出绩效自评报告", "overall_report"),
        ("附件4", "项目支出绩效评价评分表(共性)", "rubric"),
        ("附件5", "2022年度项目支出绩效自评表", "project_table"),
        ("附件6", "2022年度华容县住房和城乡建设局部门(单位)老旧小区改造项目支出绩效自评报告", "project_report"),
    ]


def test_tables_and_their_grid_sizes(tables):
    assert [(t.provenance.table, t.n_rows, t.n_cols) for t in tables] == [
        (0, 17, 4), (1, 21, 9), (2, 17, 9), (3, 14, 9), (4, 11, 9), (5, 38, 9),
    ]


def test_reading_order_puts_each_table_between_its_title_and_the_next_attachment(seed, tables):
    attachment_of_table = {}
    for a in seed.attachments:
        for i in range(a.start_block, a.end_block):
            if isinstance(seed.blocks[i], Table):
                attachment_of_table.setdefault(a.label, []).append(seed.blocks[i].provenance.table)
    assert attachment_of_table == {"附件1": [0], "附件2": [1, 2], "附件4": [3, 4], "附件5": [5]}
    a2, a3 = seed.attachments[1], seed.attachments[2]
    first_table = next(i for i in range(a2.start_block, a2.end_block) if isinstance(seed.blocks[i], Table))
    assert a2.title_blocks[-1] < first_table < a3.marker_block


def test_basic_data_table_merges(tables):
    t = tables[0]
    assert spans(t, "财政供养人员情况(人)", "严格按预算执行，严格控制“三公经费”支出") == [(0, 0, 2, 1), (16, 1, 1, 3)]
    assert t.row_texts()[1] == ["财政供养人员情况(人)", "121", "142", ""]  # 控制率 left blank by the filer


def test_self_evaluation_table_funds_block_and_header_merges(tables):
    t = tables[1]
    assert spans(t, "华容县住房和城乡建设局", "年度预算 申请\n(万元)", "年度资金总额", "按收入性质分：22502.64") == [
        (0, 1, 1, 8), (1, 0, 7, 1), (2, 1, 1, 2), (3, 1, 1, 4),
    ]
    assert t.row_texts()[2][1:] == ["年度资金总额", "年度资金总额", "1626", "22502.64", "22502.64", "10", "100%", "10"]


def test_indicator_level_cells_span_their_rows(tables):
    first, second = tables[1], tables[2]
    assert spans(first, "绩效指标", "产出\n指标  (50分)", "数量\n指标", "质量\n指标", "时效\n指标", "成本\n指标") == [
        (10, 0, 11, 1), (11, 1, 10, 1), (11, 2, 3, 1), (14, 2, 3, 1), (17, 2, 3, 1), (20, 2, 1, 1),
    ]
    assert spans(second, "效益  指标  (30分)", "经济效 益指标", "社会效 益指标", "生态效 益指标", "可持续\n影响指\n标",
                 "满意度 指标  (10分)", "服务对 象满意 度指标", "总分") == [
        (1, 1, 12, 1), (1, 2, 3, 1), (4, 2, 3, 1), (7, 2, 3, 1), (10, 2, 3, 1), (13, 1, 3, 1), (13, 2, 3, 1), (16, 0, 1, 6),
    ]
    # The continued table repeats the header row.
    assert [c.text for c in second.cells if c.row == 0][:4] == ["绩效指标", "一级\n指标", "二级\n指标", "三级\n指标"]


def test_filler_and_ellipsis_rows_are_kept_in_the_grid(tables):
    rows = tables[1].row_texts()
    assert rows[13][3] == "……" and rows[13][4:] == ["", "", "", "", ""]
    assert rows[19][3:] == ["", "", "", "", "", ""]  # the blank row under 时效指标


def test_rubric_weights_merge_down_their_rows(tables):
    first, second = tables[3], tables[4]
    assert spans(first, "项目决策", "20", "项目管理", "25", "资金到位", "组织实施") == [
        (1, 0, 5, 1), (1, 1, 5, 1), (6, 0, 8, 1), (6, 1, 8, 1), (6, 2, 2, 1), (10, 2, 4, 1),
    ]
    assert spans(second, "项目绩效", "55", "项目产出", "项目效果") == [(1, 0, 9, 1), (1, 1, 9, 1), (1, 2, 4, 1), (5, 2, 5, 1)]
    assert second.row_texts()[-1] == ["总分", "100", "", "100", "", "100", "", "", "99"]


def test_project_table_blocks(tables):
    t = tables[5]
    labels = ("项目资金\n(万元)", "其中：当年财政拨款", "产出指标 (50分)", "效益指标 (30分)",
              "满意度\n指标\n(10分)", "可持续 影响指标")
    assert spans(t, *labels) == [
        (2, 0, 5, 1), (4, 1, 1, 2), (10, 1, 12, 1), (22, 1, 12, 1), (34, 1, 3, 1), (31, 2, 3, 1),
    ]
    assert t.row_texts()[4][3:6] == ["2436", "2436", "2436"]




def test_section_tree_of_the_department_report(seed):
    assert outline([s for s in seed.sections if s.attachment == 3]) == [
        "1、部门(单位)基本情况",
        "  （一）基本情况",
        "  （二）部门（单位）整体支出规模、使用方向和主要内容、涉及范围等",
        "2、基本支出情况",
        "三、项目支出情况",
        "  （一）、专项资金安排落实、总投入等情况分析",
        "  （二）、专项资金管理情况分析",
        "  （三）、专项组织情况分析",
        "  （四）、专项管理情况分析",
        "    1、项目预期目标完成程度",
        "    2、项目实施对经济和社会的影响",
        "四、部门整体支出绩效情况",
        "五、存在的问题及原因分析",
        "6、下一步改进措施",
        "七、其他需要说明的情况",
    ]


def test_section_tree_of_the_project_report(seed):
    assert outline([s for s in seed.sections if s.attachment == 6]) == [
        "1、基本情况",
        "  （一）项目概况",
        "  （二）项目计划批复与完成情况",
        "  （三）项目资金计划、到位情况",
        "    1、资金计划批复情况",
        "    2、资金到位情况",
        "二、主要绩效情况分析",
        "  （一）资金管理",
        "    1、项目申报及资金申请",
        "    2、资金使用",
        "  （二）项目管理",
        "    1、中长期工作规划制定",
        "    2、年度计划与实施方案制定",
        "    3、改造项目符合招标设计规范",
        "  （三）项目产出效益",
        "    1、目标任务完成情况",
        "    2、项目时限达标情况",
        "    3、社会效益",
        "      （1）人居环境改善",
        "      （2）小区公共设施完善，满足群众生活需要",
        "  （四）居民满意度",
        "    （1）改造过程征求群众意见，改造计划及时公示",
        "    （2）积极回应群众诉求，及时处理群众反映事项",
        "三、主要做法",
        "  （一）加强组织领导，科学谋划",
        "  （二）坚持因地制宜，不断优化方案",
        "  （三）规范建设程序，确保工程质量",
        "  （四）建立长效机制，落实后期管护",
        "  （五）秉持为民理念，做到“三问于民”",
        "  （六）加大宣传力度，营造浓厚氛围",
        "四、取得成效",
        "五、存在的主要问题",
        "六、工作建议",
    ]


def test_section_blocks_hold_the_narrative(seed):
    funds = next(s for s in seed.sections if s.attachment == 3 and s.title == "项目支出情况").children[0]
    texts = [seed.blocks[i].text for i in range(funds.start_block + 1, funds.end_block)]
    assert texts == ["2022年度老旧小区改造年度计划投资5029万元，到位资金2346万元。"]


def test_reader_reads_the_seed_the_same_as_python_docx_for_every_unmerged_cell(seed_path):
    """Cross-check against python-docx's own (slow) cell access, on cells that are not merged."""
    import docx

    ours = [b for b in read(seed_path).blocks if isinstance(b, Table)]
    theirs = docx.Document(str(seed_path)).tables
    assert len(ours) == len(theirs)
    for mine, their in zip(ours, theirs, strict=True):
        grid = mine.grid()
        for r, row in enumerate(their.rows):
            for c, cell in enumerate(row.cells):
                origin = grid[r][c]
                if origin.row_span == 1 and origin.col_span == 1:
                    assert origin.text == cell.text.strip("\n").strip(), (mine.provenance.table, r, c)
