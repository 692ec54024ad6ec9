"""Each pre-review detector: a violation it flags, a look-alike it leaves alone, and the
exceptions (a cited higher law, a forbidding word) that clear a clause."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import translation

from fazhi.normdocs.prereview import DETECTORS, VERSION, detector, review

DAY = dt.date(2025, 6, 1)


def flagged(text: str, **kwargs: object) -> set[str]:
    kwargs.setdefault("whole_document", False)
    kwargs.setdefault("effective_on", DAY)
    return {f.detector for f in review(text, **kwargs)}  # type: ignore[arg-type]


# (detector, violating clause, look-alike clean clause, clause cleared by an exception)
CASES = [
    (
        "penalty_setting",
        "对在公共场所违规张贴小广告的，由城管执法部门处以每张20元的罚款。",
        "城管执法部门应当按月统计罚款收缴情况。",
        "对在公共场所违规张贴小广告的，由城管执法部门依照《城市市容和环境卫生管理条例》第三十四条的规定处以罚款。",
    ),
    (
        "licence_setting",
        "开办电子游艺场所的，须经区文化和旅游局批准后方可营业。",
        "区文化和旅游局应当为经营者办理相关手续提供指导。",
        "开办电子游艺场所的，应当依照《娱乐场所管理条例》的规定经区文化和旅游局批准后方可营业。",
    ),
    (
        "coercion_setting",
        "对拒不停止违法施工的，执法人员可以扣押其施工机械。",
        "扣押物品清单应当由当事人签字确认。",
        "对拒不停止违法施工的，执法人员可以依照《中华人民共和国城乡规划法》第六十八条的规定扣押其施工机械。",
    ),
    (
        "fee_without_basis",
        "进入夜市经营的商户，每月缴纳夜市管理费200元。",
        "夜市管理所需经费由区财政予以保障。",
        "进入夜市经营的商户，不收取任何管理费用。",
    ),
    (
        "meeting_minutes_basis",
        "依据区政府专题会议纪要，对该地块上的建筑物予以拆除。",
        "专题会议纪要由区政府办公室印发各有关单位。",
        "区政府专题会议纪要不得作为对该地块建筑物实施拆除的依据。",
    ),
    (
        "general_suspension",
        "即日起，全县所有木材加工企业一律停产整顿。",
        "木材加工企业停产检修的，应当报告所在乡镇。",
        "严禁以整治为名，对全县所有木材加工企业一律停产整顿。",
    ),
    (
        "fc_market_entry",
        "全区幼儿园所需的教玩具，统一由区教育局指定的供应商供货。",
        "幼儿园可以自主选择符合国家标准的教玩具。",
        "各幼儿园不得统一由区教育局指定的供应商供货。",
    ),
    (
        "fc_free_flow",
        "外地企业在本区承接市政工程的，须在本区注册成立子公司。",
        "外地企业在本区注册成立子公司的，可以享受登记便利服务。",
        "不得要求外地企业在本区承接市政工程时须在本区注册成立子公司。",
    ),
    (
        "fc_cost",
        "对落户本区的总部企业，按其缴纳增值税区级留成部分给予全额返还。",
        "对落户本区的企业，提供政务代办服务。",
        "不得对落户本区的总部企业按其缴纳增值税区级留成部分给予返还。",
    ),
    (
        "fc_conduct",
        "全市钢材经销企业的销售价格统一执行市钢材行业协会确定的价格。",
        "市钢材行业协会应当加强行业自律，引导企业诚信经营。",
        "不得组织全市钢材经销企业统一执行市钢材行业协会确定的价格。",
    ),
    (
        "rights_obligations",
        "对拒不配合拆迁的住户，暂停办理其子女入学手续。",
        "街道办事处应当为住户办理相关手续提供便利。",
        "对拒不履行生效判决的被执行人，依照《最高人民法院关于限制被执行人高消费及有关消费的若干规定》限制其乘坐飞机出行。",
    ),
]


@pytest.mark.parametrize(("detector_id", "bad", "_look_alike", "_cleared"), CASES)
def test_flags_the_violation(
    detector_id: str, bad: str, _look_alike: str, _cleared: str
) -> None:
    assert detector_id in flagged(bad)


@pytest.mark.parametrize(("detector_id", "_bad", "look_alike", "_cleared"), CASES)
def test_leaves_the_look_alike_alone(
    detector_id: str, _bad: str, look_alike: str, _cleared: str
) -> None:
    assert flagged(look_alike) == set()


@pytest.mark.parametrize(("detector_id", "_bad", "_look_alike", "cleared"), CASES)
def test_exception_or_negation_clears_the_clause(
    detector_id: str, _bad: str, _look_alike: str, cleared: str
) -> None:
    assert detector_id not in flagged(cleared)


def test_every_clause_detector_has_a_case() -> None:
    clause_detectors = {d.id for d in DETECTORS if not d.id.startswith("validity_")}
    assert clause_detectors == {c[0] for c in CASES}


def test_a_higher_law_in_an_earlier_clause_of_the_sentence_counts() -> None:
    text = "违反本办法规定的，依照《中华人民共和国食品安全法》有关规定处理；情节严重的，吊销食品经营许可证。"
    assert flagged(text) == set()


def test_a_higher_law_in_another_sentence_does_not_count() -> None:
    text = "依照《中华人民共和国食品安全法》加强监管。对违反本办法第五条的，处以500元罚款。"
    assert flagged(text) == {"penalty_setting"}


def test_citing_the_draft_itself_is_not_a_basis() -> None:
    assert flagged("违反本办法第九条规定的，依照本办法第二十条的规定处以罚款。") == {
        "penalty_setting"
    }


def test_items_under_a_forbidding_lead_in_are_clean() -> None:
    text = (
        "第八条 政策措施不得含有下列内容：\n"
        "（一）限定经营、购买或者使用指定的供应商提供的商品；\n"
        "（二）对外地企业的执法检查频次高于本地企业。\n"
        "第九条 本区建设工程使用的商品混凝土，统一从区住建局推荐的企业名录中采购。"
    )
    findings = review(text, whole_document=False)
    assert [(f.detector, f.clause.label) for f in findings] == [
        ("fc_market_entry", "第9条")
    ]


def test_internal_reprimand_is_not_a_penalty() -> None:
    assert flagged("对未按期完成整改任务的乡镇，由县人民政府予以通报批评。") == set()
    assert flagged("对拒不整改的经营户，予以通报批评。") == {"penalty_setting"}


def test_the_catch_all_gives_way_to_a_specific_detector() -> None:
    # Reduces rights too, but the fee is the specific finding.
    text = "申请廉租住房的家庭，须缴纳审核服务费100元，并提交社区出具的无违法建设证明。"
    assert flagged(text) == {"fee_without_basis"}
    assert flagged("申请廉租住房的家庭，须提交社区出具的无违法建设证明。") == {
        "rights_obligations"
    }


# ------------------------------------------------------------------ validity period


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("本办法自2025年3月1日起施行，有效期6年。", "", {"validity_too_long"}),
        ("本办法自2025年3月1日起施行，有效期5年。", "", set()),
        (
            "本办法自2025年3月1日起施行，有效期3年。",
            "XX市停车管理暂行办法",
            {"validity_too_long"},
        ),
        ("本办法自2025年3月1日起施行，有效期2年。", "XX市停车管理暂行办法", set()),
        ("本细则自2025年3月1日起试行，有效期3年。", "", {"validity_too_long"}),
        ("本意见自2025年3月1日起施行，有效期至2030年2月28日。", "", set()),
        ("本意见自2025年3月1日起施行，有效期至2030年3月1日。", "", set()),
        (
            "本意见自2025年3月1日起施行，有效期至2030年3月2日。",
            "",
            {"validity_too_long"},
        ),
        ("本规定自印发之日起施行，长期有效。", "", {"validity_too_long"}),
        ("许可证有效期为10年。", "", set()),
    ],
)
def test_validity_too_long(text: str, title: str, expected: set[str]) -> None:
    assert flagged(text, title=title) == expected


def test_unstated_first_day_falls_back_to_effective_on() -> None:
    text = "本通知自印发之日起施行，有效期至2030年12月31日。"
    assert flagged(text, effective_on=dt.date(2026, 1, 1)) == set()
    assert flagged(text, effective_on=dt.date(2025, 1, 1)) == {"validity_too_long"}


def test_validity_missing_only_for_a_whole_draft() -> None:
    draft = "第一条 为规范停车管理，制定本办法。\n第二条 本办法自2025年3月1日起施行。"
    assert flagged(draft) == set()
    findings = review(draft, whole_document=True, effective_on=DAY)
    assert [f.detector for f in findings] == ["validity_missing"]
    missing = findings[0]
    assert missing.clause.label == "第2条"
    assert missing.evidence == "自2025年3月1日起施行"
    stated = draft.replace("起施行。", "起施行，有效期5年。")
    assert review(stated, whole_document=True, effective_on=DAY) == []


def test_provisional_title_is_read_from_the_first_line() -> None:
    draft = "XX县农村公路养护暂行办法\n第一条 本办法自2025年1月1日起施行，有效期3年。"
    assert [f.detector for f in review(draft, effective_on=DAY)] == [
        "validity_too_long"
    ]


# ------------------------------------------------------------------ the findings


def test_finding_carries_clause_rule_citation_and_evidence() -> None:
    text = (
        "第一条 为规范夜市管理，制定本办法。\n"
        "第二条 夜市由街道办事处统一管理。\n"
        "对违反本办法占道经营的，由城管执法部门处500元罚款。"
    )
    [finding] = review(text, whole_document=False)
    assert finding.detector == "penalty_setting"
    assert finding.rule_id == "penalty_setting.fine"
    assert finding.clause.label == "第2条第2款"
    assert finding.clause.text == "对违反本办法占道经营的，由城管执法部门处500元罚款。"
    assert text[finding.clause.start : finding.clause.end] == finding.clause.text
    assert finding.evidence == "处500元罚款"
    assert text[finding.evidence_start : finding.evidence_end] == finding.evidence
    assert finding.citation.text.startswith("《行政处罚法》(2021-01-22) 第16条")
    assert finding.severity == "high"
    assert finding.rule_zh == "规定了罚款"
    assert finding.rule_en == "imposes a fine"
    json.dumps(finding.as_dict(), ensure_ascii=False)  # storable as JSON


def test_fair_competition_finding_names_the_item_and_the_article_12_test() -> None:
    [finding] = review(
        "本县中小学作业本统一由县教育局指定的印刷厂印制供应。", whole_document=False
    )
    assert finding.detector == "fc_market_entry"
    assert "第8条第3项" in finding.citation.text
    assert "第12条" in finding.note_zh
    assert "Art. 12" in finding.note_en
    assert any("第12条" in c.text for c in finding.see_also)


def test_texts_follow_the_active_language() -> None:
    [finding] = review("对违规停放车辆的，处以200元罚款。", whole_document=False)
    with translation.override("en"):
        assert finding.name == "Creates an administrative penalty"
        assert finding.rule == "imposes a fine"
        assert detector("penalty_setting").name == "Creates an administrative penalty"
    with translation.override("zh-hans"):
        assert finding.name == "设定行政处罚"
        assert finding.rule == "规定了罚款"


def test_key_is_stable_and_depends_on_the_clause() -> None:
    a = review("对违规停放车辆的，处以200元罚款。", whole_document=False)[0]
    b = review("第三条 对违规停放车辆的，处以200元罚款。", whole_document=False)[0]
    c = review("对违规停放车辆的，处以300元罚款。", whole_document=False)[0]
    assert a.key == b.key != c.key


def test_detector_filter_and_unknown_ids() -> None:
    text = "对违规停放车辆的，处以200元罚款。"
    assert {f.detector for f in review(text, whole_document=False)} == {
        "penalty_setting"
    }
    assert review(text, whole_document=False, detectors=["fee_without_basis"]) == []
    with pytest.raises(ValueError, match="unknown detector"):
        review(text, detectors=["no_such_detector"])


def test_version_names_the_data() -> None:
    engine, _, fingerprint = VERSION.partition("+")
    assert engine
    assert len(fingerprint) == 8


def test_empty_text_has_no_findings() -> None:
    assert review("") == []
    assert review("\n  \n") == []


def test_validity_limits_come_from_the_dated_parameter() -> None:
    from fazhi.rules.parameters import load_parameter

    limits = load_parameter("normdocs.validity").at(DAY).value
    longest, provisional = limits["max_years"], limits["provisional_max_years"]
    stated = "本办法自2025年3月1日起施行，有效期{}年。"
    assert flagged(stated.format(longest)) == set()
    assert flagged(stated.format(longest + 1)) == {"validity_too_long"}
    title = f"XX市停车管理{limits['provisional_markers'][0]}办法"
    assert flagged(stated.format(provisional), title=title) == set()
    assert flagged(stated.format(provisional + 1), title=title) == {"validity_too_long"}
    # Before the parameter's first value, the earliest limits apply.
    assert flagged("本办法自2005年1月1日起施行，有效期8年。") == {"validity_too_long"}
