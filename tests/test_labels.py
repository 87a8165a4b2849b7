"""Labels and relations of prose figures on small texts: prior-period values, the value raised
to, and a 其中 list that opens the paragraph after its total."""
import pytest

from text_mutants import report_of_narrative


def figures_of(*paragraphs: str):
    report = report_of_narrative(*paragraphs)
    return [(f.quantity.raw, f.label, (f.relation.kind, f.relation.of) if f.relation else None) for f in report.figures]


def test_a_prior_year_value_is_labelled_with_what_it_measures_and_related_as_its_base():
    assert figures_of("2022年度本部门支出合计19587.38万元，上年为19870.69万元，同比下降1.43%。") == [
        ("19587.38万元", "支出合计", None),
        ("19870.69万元", "支出合计", ("base", "上年")),
        ("1.43%", "支出合计", ("change", "上年同期")),
    ]


def test_the_value_raised_to_is_the_current_one():
    assert figures_of("农村自来水普及率由上年的85%提高到92%。") == [
        ("85%", "农村自来水普及率", ("base", "上年")),
        ("92%", "农村自来水普及率", None),
    ]


@pytest.mark.parametrize("year, expected", [
    (2021, ("19870.69万元", "支出合计", ("base", "2021年"))),
    (2022, ("19870.69万元", None, None)),  # the budget year itself (from the title): no prior value
])
def test_a_named_year_is_a_prior_period_only_before_the_budget_year(year, expected):
    assert figures_of(f"本部门支出合计19587.38万元，{year}年为19870.69万元。")[1] == expected


def test_a_paragraph_opening_with_其中_lists_the_parts_of_the_total_before_it():
    total, parts = "2024年到位资金485.59万元，全部用于项目实施。", "其中，当年财政拨款437.66万元，上年结转资金47.93万元。"
    assert figures_of(total, parts) == [
        ("485.59万元", "到位资金", None),
        ("437.66万元", "当年财政拨款", ("part_of", "到位资金")),
        ("47.93万元", "上年结转资金", ("part_of", "到位资金")),
    ]


def test_其中_does_not_reach_past_a_paragraph_without_figures():
    found = figures_of("2024年到位资金485.59万元。", "项目按计划实施。", "其中，当年财政拨款437.66万元。")
    assert found[1] == ("437.66万元", "当年财政拨款", None)


def test_a_whole_stated_inside_占_的_is_named_there_and_its_share_is_of_it():
    assert figures_of("农村户厕改造已完成竣工验收1609户，占完工总数1694户的99.98%。")[1:] == [
        ("1694户", "完工总数", None),
        ("99.98%", "竣工验收", ("share_of", "完工总数")),
    ]


def test_the_whole_a_share_is_taken_of_is_not_the_total_of_the_list_after_it():
    found = figures_of("全年一般公共预算支出537347万元，占调整预算数539267万元的99.6%。其中：民生支出463744万元。")
    assert found[-1] == ("463744万元", "民生支出", ("part_of", "一般公共预算支出"))


def test_a_target_named_before_its_figure_is_a_base_of_what_the_sentence_measured():
    assert figures_of("“三公”经费支出控制数为7.86万元，未超过年初设定的9.78万元。") == [
        ("7.86万元", "“三公”经费支出控制数", None),
        ("9.78万元", "“三公”经费支出控制数", ("base", "目标值")),
    ]


def test_what_was_done_is_the_label_not_who_did_it():
    assert figures_of("截至2025年底，供水工程新建改造已完成竣工验收21处。") == [("21处", "竣工验收", None)]


def test_本年_starts_a_term_and_本年度_is_a_time_phrase():
    labels = [label for _, label, _ in figures_of("本年收入合计1000万元。", "本年度支出900万元。")]
    assert labels == ["本年收入合计", "支出"]


def test_a_list_whose_items_repeat_the_leads_later_figures_breaks_down_its_first():
    text = ("三公经费支出2.05万元，年初预算为2.95万元，差值为0.9万元。其中：因公出国(境)支出0万元，年初预算为0万元，"
            "差值为0万元；公务接待费支出2.05万元，年初预算为2.95万元，差值为0.9万元。")
    figures = figures_of(text)
    assert [f for f in figures if f[2] and f[2][0] == "part_of"] == [
        ("0万元", "因公出国(境)支出", ("part_of", "三公经费支出")), ("2.05万元", "公务接待费支出", ("part_of", "三公经费支出"))]
    assert figures[4] == ("0万元", "因公出国(境)支出", ("base", "年初预算"))  # each item's own budget
    assert not report_of_narrative(text).findings  # 0 + 2.05 = 2.05: nothing to flag


@pytest.mark.parametrize("text, expected", [
    ("一般公共預算支出數為242259萬元,比2021年度決算數增加63678萬元,增長35.66%。",  # traditional characters
     [("242259萬元", "一般公共預算支出數", None), ("63678萬元", "一般公共預算支出數", ("change", "2021年")),
      ("35.66%", "一般公共預算支出數", ("change", "2021年"))]),  # the base is the period; the rate inherits it
    ("农民人均可支配收入14809元,增幅8.4%。", [("14809元", "农民人均可支配收入", None),
                                             ("8.4%", "农民人均可支配收入", ("change", None))]),
    ("一般公共预算收入46900万元,超收392万元。",  # above the budget: a difference, not a part
     [("46900万元", "一般公共预算收入", None), ("392万元", "一般公共预算收入", ("change", None))]),
])
def test_change_words_take_the_label_of_what_changed(text, expected):
    assert figures_of(text) == expected


def test_an_amount_after_a_budget_phrase_is_no_share():
    text = ("中央以《财政部关于提前下达2021年农业相关转移支付资金预算的通知》(财农〔2020〕90号)文件"
            "下达我区农业生产发展专项转移支付预算463142万元。")
    [(raw, label, relation)] = figures_of(text)
    assert (raw, relation) == ("463142万元", None)
    assert label.endswith("农业生产发展专项转移支付预算")


def test_a_clause_of_only_reporting_words_takes_the_sentences_subject():
    assert figures_of("一般公共预算收入当月完成25.2亿元,下降43.8%;累计完成427.4亿元,增长34.6%。") == [
        ("25.2亿元", "一般公共预算收入", None), ("43.8%", "一般公共预算收入", ("change", None)),
        ("427.4亿元", "一般公共预算收入", None), ("34.6%", "一般公共预算收入", ("change", None))]
    # in a 其中 list, the item's other measure (当月 and 累计) is not a second part
    text = "政府性基金收入累计完成60.4亿元。其中,土地出让金收入当月完成4.5亿元;累计完成50.8亿元。"
    assert [f for f in figures_of(text) if f[2]] == [("4.5亿元", "土地出让金收入", ("part_of", "政府性基金收入"))]


def test_a_budget_named_inside_完成_的_is_the_subjects_base_and_the_share_is_of_it():
    assert figures_of("“三公”经费财政拨款支出决算为62.07万元,完成全年预算84.82万元的73.2%。") == [
        ("62.07万元", "“三公”经费财政拨款支出决算", None),
        ("84.82万元", "“三公”经费财政拨款支出决算", ("base", "预算")),
        ("73.2%", "“三公”经费财政拨款支出决算", ("share_of", "全年预算"))]


def test_a_wrong_share_of_the_subjects_own_budget_is_flagged_against_that_budget():
    report = report_of_narrative("公务接待费支出决算为22.59万元,完成预算43.2万元的62.3%。")
    (f,) = report.findings
    assert (f.rule, f.found, f.expected) == ("share.mismatch", "62.3%", "52.3%")
    assert [e.text for e in f.evidence] == ["62.3%", "22.59万元", "43.2万元"]


def test_a_budget_and_a_difference_after_the_subjects_value_are_its_base_and_change():
    assert figures_of("公务接待费支出2.05万元,年初预算为2万元,差值为0.05万元。") == [
        ("2.05万元", "公务接待费支出", None), ("2万元", "公务接待费支出", ("base", "年初预算")),
        ("0.05万元", "公务接待费支出", ("change", "年初预算"))]
    # a budget stated first is a figure of its own
    assert figures_of("年初预算为2万元,公务接待费支出2.05万元。")[0] == ("2万元", "年初预算", None)


def test_比例_names_a_measure_not_a_comparison():
    assert figures_of("内涝积水区段消除比例达到40%。") == [("40%", "内涝积水区段消除比例", None)]


def test_a_bare_generic_noun_keeps_the_verb_that_sets_it_apart():
    assert figures_of("发现问题12个，涉及金额356万元。")[1] == ("356万元", "涉及金额", None)


def test_a_change_against_a_period_named_after_与_takes_the_figure_before_as_its_subject():
    # real-text corpus, dev e006: 与上年下降 is a change against 上年, not a label 上年
    assert figures_of("公务接待费1033万元，与上年下降7.6%；收入同比增长5%。")[1:] == [
        ("7.6%", "公务接待费", ("change", "上年")),
        ("5%", "收入", ("change", "上年同期")),
    ]


def test_a_physical_figure_right_after_another_in_another_unit_measures_the_same_thing():
    # real-text corpus, dev c017, c018, c025: the second count of the same subject
    assert [label for _, label, _ in figures_of("国内公务接待16批次,800人次。新栽苹果苗木1570亩5.2万株。")] == [
        "国内公务接待", "国内公务接待", "新栽苹果苗木", "新栽苹果苗木"]


def test_a_share_after_a_closed_bracket_is_of_the_figure_before_the_bracket():
    # real-text corpus, dev b030: not of the bracket's last part
    found = figures_of("一般公共预算总收入完成126.05亿元(县本级98.88亿元,高新区27.17亿元),完成调整预算的103.67%。")
    assert found[3] == ("103.67%", "一般公共预算总收入", ("share_of", "调整预算"))


def test_占比_names_no_whole():
    # real-text corpus, dev b014: not a share of a whole called 比
    assert figures_of("“优秀”的5个,占比10%。")[1] == ("10%", "优秀", ("share_of", None))


def test_a_note_in_brackets_hides_no_change_and_names_no_whole():
    # real-text corpus, dev a025: 比2022年增长(以下简称“增长”)22.2%
    assert figures_of("收入90.2亿元,比2022年增长(以下简称“增长”)22.2%,为调整预算(以下简称“预算”)的109.1%。")[1:] == [
        ("22.2%", "收入", ("change", "2022年")),
        ("109.1%", "收入", ("share_of", "调整预算")),
    ]


@pytest.mark.parametrize("change", ["负增长", "可比增长"])
def test_负增长_and_可比增长_are_changes_of_the_figure_before(change):
    # real-text corpus, dev a021, a026: not labels 负 or 可
    assert figures_of(f"上划中央收入完成37.78亿元,{change}1.21%。")[1] == ("1.21%", "上划中央收入", ("change", None))


def test_a_running_sum_after_加上_ends_in_its_total():
    # real-text corpus, dev b032 (the convention's settled case: 加上…总收入 is a stated sum)
    found = figures_of("地方一般公共预算收入1,104,102万元,完成预算的95.0%,同比增长1.2%,加上上级补助收入891,734万元、"
                       "债务转贷收入276,000万元,地方一般公共预算总收入2,271,836万元。")
    assert [(raw, relation) for raw, _, relation in found] == [
        ("1,104,102万元", ("part_of", "地方一般公共预算总收入")),
        ("95.0%", ("share_of", "预算")),
        ("1.2%", ("change", "上年同期")),
        ("891,734万元", ("part_of", "地方一般公共预算总收入")),
        ("276,000万元", ("part_of", "地方一般公共预算总收入")),
        ("2,271,836万元", None),
    ]


def test_a_scope_stays_only_where_the_text_contrasts_it_with_another():
    # the settled convention (samples/real/README.md, scope words); real-text corpus, dev c021
    contrasted = figures_of("全县一般公共预算收入完成509990万元,同比增长1.5%。",
                            "县本级一般公共预算收入完成292660万元,其中税收收入完成149335万元,非税收入143325万元。")
    assert [(raw, label, relation) for raw, label, relation in contrasted] == [
        ("509990万元", "全县一般公共预算收入", None),
        ("1.5%", "全县一般公共预算收入", ("change", "上年同期")),
        ("292660万元", "县本级一般公共预算收入", None),
        ("149335万元", "税收收入", ("part_of", "县本级一般公共预算收入")),
        ("143325万元", "非税收入", ("part_of", "县本级一般公共预算收入")),
    ]
    assert figures_of("全县一般公共预算收入完成509990万元。")[0][1] == "一般公共预算收入"


def test_places_and_before_after_are_scopes_too():
    # real-text corpus, dev c031, a037: the same measure before and after a reform, or per area
    found = figures_of("财政体制改革前一般公共预算收入完成16.16亿元。财政体制改革后一般公共预算收入完成12.70亿元。")
    assert [label for _, label, _ in found] == ["财政体制改革前一般公共预算收入", "财政体制改革后一般公共预算收入"]


def test_a_figure_above_or_below_a_target_named_before_it_is_the_gap_to_it():
    # the settled convention (低于控制指标82起 -> change against 目标值); real-text corpus, dev a009
    assert figures_of("森林火灾3起,低于市财政批复下达的控制指标82起。")[1] == ("82起", "森林火灾", ("change", "目标值"))


def test_a_models_digits_do_not_end_a_count_noun_read_to_the_right():
    # real-text corpus, dev a004
    assert [label for _, label, _ in figures_of("租用1架M-26直升机、2架直8A直升机。")] == ["M-26直升机", "直8A直升机"]


def test_a_bound_right_before_the_actual_value_is_its_target():
    # real-text corpus, dev a003
    assert figures_of("布防飞机数量≥6架,实际布防6架。")[0] == ("≥6架", "布防飞机数量", ("base", "目标值"))


def test_a_change_opening_its_sentence_is_about_the_subject_of_the_sentence_before():
    # the settled convention (a change takes the label of the figure it is about); real-text corpus, dev a012
    found = figures_of("彩票公益金3013.36万元,其中:中央彩票公益金362.86万元、省级彩票公益金2294.5万元。比2018年增加425.31万元。")
    assert found[-1] == ("425.31万元", "彩票公益金", ("change", "2018年"))


def test_a_whole_named_before_占_is_the_whole_of_the_share():
    assert figures_of("基本支出11639.39万元，在支出总额中占46.96%；项目支出13146.23万元，在支出总额中占53.04%。") == [
        ("11639.39万元", "基本支出", None),
        ("46.96%", "基本支出", ("share_of", "支出总额")),
        ("13146.23万元", "项目支出", None),
        ("53.04%", "项目支出", ("share_of", "支出总额")),
    ]


def test_a_change_after_相比_is_about_the_subject_against_the_base_before_it():
    assert figures_of("本部门支出总额38163万元，与上年的35017万元相比增加3146万元。") == [
        ("38163万元", "支出总额", None),
        ("35017万元", "支出总额", ("base", "上年")),
        ("3146万元", "支出总额", ("change", "上年")),
    ]


@pytest.mark.parametrize("text, label", [
    ("累计达成就业意向1171人。", "达成就业意向"),  # 向 ends the noun 意向: no preposition to cut
    ("招商引资签约项目达成合作意向12项。", "招商引资签约项目达成合作意向"),
])
def test_a_noun_ending_in_向_keeps_it(text, label):
    assert figures_of(text)[0][1] == label


@pytest.mark.parametrize("text, expected", [
    # counts of another unit are no parts of a 共 total
    ("全年完成21台医疗设备购置；共完成急救设备配置38套；配置设备医疗机构共计9家。",
     [None, None, None]),
    ("16家乡镇卫生院和2家县直医疗机构共18家成员单位。",
     [("part_of", "成员单位"), ("part_of", "成员单位"), None]),
])
def test_the_parts_of_a_total_after_them_count_in_its_unit(text, expected):
    assert [relation for _, _, relation in figures_of(text)] == expected
