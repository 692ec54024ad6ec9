"""Penalty procedure rules: kinds (第9条), hearing thresholds and the hearing right
(第63条), the simplified procedure (第51条), on-the-spot collection (第68-69条), major
cases for the legal review (第58条), officers (第42条, Outline §34), the Decision shape.

Worked cases are in cases/enforcement/hearing.yaml, written for a legal officer to read.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from fazhi.rules import penalty
from fazhi.rules.enforcement.hearing import load_threshold_table
from fazhi.rules.errors import RulesDataError, RulesError

CASES = yaml.safe_load(
    (Path(__file__).parent / "cases" / "enforcement" / "hearing.yaml").read_text(
        encoding="utf-8"
    )
)
D = dt.date
ON = D(2025, 3, 1)


def _ids(cases):
    return [c["name"] for c in cases]


# ---------------------------------------------------------------- kinds


def test_the_thirteen_named_kinds_of_article_9_and_the_catch_all():
    kinds = penalty.penalty_kinds()
    codes = [k.code for k in kinds]

    assert len(codes) == 14
    assert codes[:3] == ["warning", "circulated_criticism", "fine"]
    assert {k.item for k in kinds} == {1, 2, 3, 4, 5, 6}
    assert penalty.kind("revoke_licence").zh == "吊销许可证件"
    assert all(k.zh and k.en and k.citation.startswith("《") for k in kinds)


def test_an_unknown_kind_is_refused_with_the_article():
    with pytest.raises(RulesError) as caught:
        penalty.kind("exile")

    assert caught.value.code == "unknown_penalty_kind"
    assert "第9条" in caught.value.zh


def test_the_kinds_that_always_give_a_hearing_are_items_3_and_4_of_article_63():
    always = {k.code for k in penalty.penalty_kinds() if k.hearing == "always"}

    assert always == {
        "lower_qualification",
        "revoke_licence",
        "suspend_production",
        "order_closure",
        "restrict_employment",
    }


# ---------------------------------------------------------------- thresholds


@pytest.mark.parametrize("case", CASES["thresholds"], ids=_ids(CASES["thresholds"]))
def test_threshold_case(case):
    def call():
        return penalty.hearing_threshold(
            province=case["province"],
            sector=case["sector"],
            party=case["party"],
            on=case["day"],
            measure=case.get("measure", "fine"),
            local_basis=case.get("local_basis", False),
        )

    if "error" in case:
        with pytest.raises(RulesError) as caught:
            call()
        assert caught.value.code == case["error"]
        return
    threshold = call()

    assert threshold.amount == Decimal(case["amount"])
    assert threshold.citation.startswith("《")
    if "source" in case:
        assert threshold.source == case["source"]
    if "region" in case:
        assert threshold.region == case["region"]


def test_every_threshold_row_says_where_it_comes_from():
    table = load_threshold_table()

    for row in table.rows:
        assert row.citation.startswith("《")
        if row.source != "corpus":
            assert "语料库未收录" in row.citation or "演示" in row.citation


def test_province_names_and_division_codes():
    assert penalty.province_name("河北省") == "河北"
    assert penalty.province_name("130000") == "河北"
    assert penalty.province_name("新疆维吾尔自治区") == "新疆"
    assert penalty.province_name("") == "全国"


# ---------------------------------------------------------------- hearing


@pytest.mark.parametrize("case", CASES["hearing"], ids=_ids(CASES["hearing"]))
def test_hearing_case(case):
    def call():
        return penalty.hearing_required(
            penalty_kinds=case["kinds"],
            fine_amount=case.get("fine", "0"),
            confiscation_value=case.get("confiscation", "0"),
            province=case["province"],
            sector=case["sector"],
            party=case["party"],
            on=case["day"],
            heavier=case.get("heavier", False),
            other_statutory=case.get("other_statutory", False),
            heavier_kinds=case.get("heavier_kinds"),
        )

    if "error" in case:
        with pytest.raises(RulesError) as caught:
            call()
        assert caught.value.code == case["error"]
        return
    decision = call()

    assert decision.required is case["required"], decision.zh
    assert len(decision.reasons) == 6  # one line per item of 第63条第1款
    assert all("第63条第1款" in r.citation for r in decision.reasons)
    for code in case.get("met", ()):
        assert code in {r.code for r in decision.met}


def test_the_hearing_answer_names_the_threshold_and_its_source():
    decision = penalty.hearing_required(
        penalty_kinds={"fine"},
        fine_amount=Decimal("20000"),
        province="山西",
        sector="public_security",
        party="natural_person",
        on=ON,
    )

    fine = next(r for r in decision.reasons if r.code == "hearing.fine")
    assert decision.required
    assert "2,000.00" in fine.zh
    assert "《公安机关办理行政案件程序规定》(2019-04-27) 第123条第2款" in fine.citation
    assert decision.as_dict()["answer"] is True


# ---------------------------------------------------------------- simplified


@pytest.mark.parametrize("case", CASES["simplified"], ids=_ids(CASES["simplified"]))
def test_simplified_case(case):
    def call():
        return penalty.simplified_procedure_allowed(
            party=case["party"],
            penalty_kinds=case["kinds"],
            fine_amount=case.get("fine", "0"),
            on=case["day"],
            facts_conclusive=case.get("facts_conclusive", True),
        )

    if "error" in case:
        with pytest.raises(RulesError) as caught:
            call()
        assert caught.value.code == case["error"]
        return
    decision = call()

    assert decision.allowed is case["allowed"], decision.zh
    assert all(r.citation for r in decision.reasons)
    for code in case.get("failed", ()):
        assert code in {r.code for r in decision.failed}


def test_a_refusal_of_the_simplified_procedure_names_article_51():
    decision = penalty.simplified_procedure_allowed(
        party="natural_person",
        penalty_kinds={"fine"},
        fine_amount=Decimal("500"),
        on=ON,
    )

    assert not decision.allowed
    assert decision.failed[0].citation == "《行政处罚法》(2021-01-22) 第51条"
    assert "200.00" in decision.failed[0].zh


def test_a_law_with_its_own_on_the_spot_limit_prevails():
    special = penalty.SpecialLimit(Decimal("500"), "《某法》(2020-01-01) 第1条（示例）")

    decision = penalty.simplified_procedure_allowed(
        party="natural_person",
        penalty_kinds={"fine"},
        fine_amount=Decimal("400"),
        on=ON,
        special_limit=special,
    )

    assert decision.allowed
    assert special.citation in decision.citations


def test_the_simplified_limit_is_the_dated_parameter():
    value = penalty_parameter("penalty.simplified_fine_limit", ON)

    assert value == {"natural_person": "200", "legal_person": "3000"}


def penalty_parameter(name: str, day: dt.date) -> object:
    from fazhi.rules.parameters import load_parameter

    return load_parameter(name).at(day).value


# ---------------------------------------------------------------- collection


@pytest.mark.parametrize(
    ("amount", "simplified", "hard", "remote", "allowed"),
    [
        ("100", True, False, False, True),
        ("100.01", True, False, False, False),
        ("150", True, True, False, True),
        ("150", False, True, False, False),
        ("5000", False, False, True, True),
    ],
)
def test_on_the_spot_collection(amount, simplified, hard, remote, allowed):
    decision = penalty.on_the_spot_collection_allowed(
        fine_amount=Decimal(amount),
        on=ON,
        simplified=simplified,
        hard_to_collect_later=hard,
        remote_area_request=remote,
    )

    assert decision.allowed is allowed
    assert {r.citation for r in decision.reasons} >= {
        "《行政处罚法》(2021-01-22) 第68条第1项",
        "《行政处罚法》(2021-01-22) 第69条",
    }


# ---------------------------------------------------------------- major cases


def test_an_ordinary_small_fine_is_not_a_major_case():
    decision = penalty.is_major(
        penalty.CaseFacts(
            penalty_kinds=frozenset({"fine"}),
            fine_amount=Decimal("2000"),
            party=penalty.PartyKind.LEGAL_PERSON,
        )
    )

    assert not decision.major
    assert decision.reasons[0].citation == "《行政处罚法》(2021-01-22) 第58条第1款"


@pytest.mark.parametrize(
    ("facts", "code", "citation"),
    [
        (
            penalty.CaseFacts(flags=frozenset({"public_interest"})),
            "major.public_interest",
            "第58条第1款第1项",
        ),
        (
            penalty.CaseFacts(flags=frozenset({"major_rights"}), hearing_held=True),
            "major.major_rights_after_hearing",
            "第58条第1款第2项",
        ),
        (
            penalty.CaseFacts(flags=frozenset({"complex"})),
            "major.complex",
            "第58条第1款第3项",
        ),
        (
            penalty.CaseFacts(flags=frozenset({"statutory_review"})),
            "major.statutory_review",
            "第58条第1款第4项",
        ),
        (
            penalty.CaseFacts(penalty_kinds=frozenset({"revoke_licence"})),
            "major.heavy_kinds",
            "国办发〔2018〕118号",
        ),
        (penalty.CaseFacts(hearing_eligible=True), "major.hearing_eligible", "118号"),
        (
            penalty.CaseFacts(flags=frozenset({"reduced_below_minimum"})),
            "major.reduced_below_minimum",
            "118号",
        ),
    ],
)
def test_major_case_triggers(facts, code, citation):
    decision = penalty.is_major(facts)

    assert decision.major
    reason = next(r for r in decision.reasons if r.code == code)
    assert citation in reason.citation


def test_major_rights_without_a_hearing_is_not_ground_2():
    decision = penalty.is_major(penalty.CaseFacts(flags=frozenset({"major_rights"})))

    assert not decision.major


def test_an_organ_can_disable_a_default_trigger_and_add_its_own():
    overrides = penalty.parse_major_overrides(
        {
            "flags": {"foreign": {"zh": "涉外案件", "en": "foreign-related case"}},
            "disable": ["heavy_kinds"],
            "add": [
                {
                    "code": "big_fine",
                    "ground": "catalogue",
                    "zh": "对单位罚款五十万元以上",
                    "en": "a fine of 500,000 yuan or more on an organisation",
                    "fine_at_least": {"natural_person": 50000, "legal_person": 500000},
                },
                {
                    "code": "foreign",
                    "ground": "catalogue",
                    "zh": "涉外案件",
                    "en": "foreign-related case",
                    "flags_any": ["foreign"],
                },
            ],
        }
    )
    revocation = penalty.CaseFacts(penalty_kinds=frozenset({"revoke_licence"}))
    big = penalty.CaseFacts(
        penalty_kinds=frozenset({"fine"}),
        fine_amount=Decimal("500000"),
        party=penalty.PartyKind.LEGAL_PERSON,
    )

    assert penalty.is_major(revocation).major
    assert not penalty.is_major(revocation, overrides).major
    assert not penalty.is_major(big).major
    assert penalty.is_major(big, overrides).major
    assert penalty.is_major(
        penalty.CaseFacts(flags=frozenset({"foreign"})), overrides
    ).major


def test_a_statutory_trigger_cannot_be_disabled():
    with pytest.raises(RulesDataError) as caught:
        penalty.parse_major_overrides({"disable": ["public_interest"]})

    assert "第58条" in caught.value.zh


@pytest.mark.parametrize(
    "overrides",
    [
        {"remove": ["cross_region"]},
        {"disable": ["no_such_trigger"]},
        {"add": [{"code": "x", "ground": "catalogue", "zh": "x", "en": "x"}]},
        {
            "add": [
                {
                    "code": "complex",
                    "ground": "catalogue",
                    "zh": "x",
                    "en": "x",
                    "hearing_held": True,
                }
            ]
        },
        {
            "add": [
                {
                    "code": "y",
                    "ground": "nowhere",
                    "zh": "x",
                    "en": "x",
                    "hearing_held": True,
                }
            ]
        },
        {
            "add": [
                {
                    "code": "z",
                    "ground": "catalogue",
                    "zh": "x",
                    "en": "x",
                    "statutory": True,
                    "hearing_held": True,
                }
            ]
        },
        {
            "add": [
                {
                    "code": "w",
                    "ground": "catalogue",
                    "zh": "x",
                    "en": "x",
                    "flags_any": ["unknown"],
                }
            ]
        },
    ],
)
def test_malformed_overrides_are_refused(overrides):
    with pytest.raises(RulesDataError):
        penalty.parse_major_overrides(overrides)


def test_an_unknown_case_flag_is_refused():
    with pytest.raises(RulesError) as caught:
        penalty.is_major(penalty.CaseFacts(flags=frozenset({"sensational"})))

    assert caught.value.code == "unknown_case_flag"


# ---------------------------------------------------------------- officers


@pytest.mark.parametrize(
    ("valid_until", "hours", "exam", "justified", "eligible", "failed"),
    [
        (D(2026, 1, 1), 60, True, False, True, set()),
        (D(2025, 3, 1), Decimal("72.5"), None, False, True, set()),
        (D(2025, 2, 28), 60, True, False, False, {"officer.certificate"}),
        (None, 60, True, False, False, {"officer.certificate"}),
        (D(2026, 1, 1), Decimal("59.5"), True, False, False, {"officer.training"}),
        (D(2026, 1, 1), 30, True, True, True, set()),
        (D(2026, 1, 1), 60, False, False, False, {"officer.exam"}),
        (D(2026, 1, 1), 60, False, True, True, set()),
    ],
)
def test_officer_eligibility(valid_until, hours, exam, justified, eligible, failed):
    decision = penalty.officer_eligibility(
        valid_until, hours, exam, ON, justified_absence=justified
    )

    assert decision.eligible is eligible, decision.zh
    assert {r.code for r in decision.failed} == failed


def test_the_training_requirement_cites_the_outline_and_applies_from_2022():
    assert penalty.annual_training_hours(2020) is None
    hours, reference = penalty.annual_training_hours(2024)

    assert hours == 60
    assert "法治政府建设实施纲要" in reference
    assert "语料库未收录" in reference
    decision = penalty.officer_eligibility(D(2022, 12, 31), 0, True, D(2021, 10, 1))
    assert decision.eligible
    assert next(r for r in decision.reasons if r.code == "officer.training").met is None


def test_two_officers_at_least():
    assert penalty.enough_officers(count=2, on=ON).allowed
    refusal = penalty.enough_officers(count=1, on=ON)
    assert not refusal.allowed
    assert "第42条第1款" in refusal.reasons[0].citation
    assert penalty.enough_officers(count=2, on=ON, procedure="coercion").allowed
    with pytest.raises(RulesError):
        penalty.enough_officers(count=2, on=ON, procedure="dance")


@pytest.mark.parametrize("hours", [-1, "many", 1.5, True])
def test_bad_training_hours_are_refused(hours):
    with pytest.raises(RulesError):
        penalty.officer_eligibility(D(2026, 1, 1), hours, True, ON)


# ---------------------------------------------------------------- shapes and money


def test_a_decision_reads_as_its_question_and_lists_its_citations():
    decision = penalty.Decision(
        False,
        (
            penalty.Reason("甲", "a", "《X》第1条", "x.a", True),
            penalty.Reason("乙", "b", "《X》第2条", "x.b", False),
            penalty.Reason("丙", "c", "《X》第1条", "x.c", None),
        ),
    )

    assert not decision
    assert decision.allowed is decision.required is decision.major is False
    assert decision.citations == ("《X》第1条", "《X》第2条")
    assert [r.code for r in decision.failed] == ["x.b"]
    assert decision.zh.startswith("甲（《X》第1条）")


@pytest.mark.parametrize("value", [1.5, "-1", "abc", "1.005", True, None, "NaN"])
def test_money_must_be_an_exact_non_negative_amount(value):
    with pytest.raises(RulesError) as caught:
        penalty.yuan(value)

    assert caught.value.code == "invalid_amount"


def test_fen_and_yuan():
    assert penalty.fen_to_yuan(123456) == Decimal("1234.56")
    assert penalty.yuan_to_fen(Decimal("1234.56")) == 123456
    assert penalty.yuan(7) == Decimal("7.00")


def test_the_late_surcharge_is_the_existing_one():
    from fazhi.rules.surcharge import late_surcharge

    assert penalty.late_surcharge is late_surcharge


# ---------------------------------------------------------------- loading


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "thresholds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


BASE = """
sectors:
  general: {zh: 通用, en: general}
  market: {zh: 市场, en: market}
provinces:
  "13": 河北
thresholds:
"""


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "  - {region: 河北, sector: general, since: 2021-07-15, fine: {natural_person: 1, legal_person: 2}, source: demo, citation: 《X》, colour: red}",
            "colour",
        ),
        (
            "  - {region: 河北, sector: general, since: 2021-13-01, fine: {natural_person: 1, legal_person: 2}, source: demo, citation: 《X》}",
            "无效",
        ),
        (
            "  - {region: 河北, sector: general, since: 2021-07-15, until: 2021-01-01, fine: {natural_person: 1, legal_person: 2}, source: demo, citation: 《X》}",
            "until",
        ),
        (
            "  - {region: 河北, sector: general, since: 2021-07-15, fine: {natural_person: 0, legal_person: 2}, source: demo, citation: 《X》}",
            "大于零",
        ),
        (
            "  - {region: 河北, sector: general, since: 2021-07-15, fine: {natural_person: 1}, source: demo, citation: 《X》}",
            "legal_person",
        ),
        (
            "  - {region: 河北, sector: aviation, since: 2021-07-15, fine: {natural_person: 1, legal_person: 2}, source: demo, citation: 《X》}",
            "aviation",
        ),
        (
            "  - {region: 火星, sector: general, since: 2021-07-15, fine: {natural_person: 1, legal_person: 2}, source: demo, citation: 《X》}",
            "火星",
        ),
        (
            "  - {region: 河北, sector: general, since: 2021-07-15, fine: {natural_person: 1, legal_person: 2}, source: rumour, citation: 《X》}",
            "rumour",
        ),
        (
            "  - {region: 河北, sector: general, since: 2021-07-15, fine: {natural_person: 1, legal_person: 2}, source: demo, citation: 据说}",
            "《",
        ),
        (
            "  - {region: 全国, sector: general, since: 2021-07-15, fine: {natural_person: 1, legal_person: 2}, source: demo, citation: 《X》}",
            "全国",
        ),
        (
            "  - {region: 河北, sector: market, since: 2021-07-15, defers_to_province: always, fine: {natural_person: 1, legal_person: 2}, source: demo, citation: 《X》}",
            "全国",
        ),
        (
            "  - {region: 河北, sector: general, since: 2021-07-15, fine: {natural_person: 1, legal_person: 2}, source: demo, citation: 《X》}\n"
            "  - {region: 河北, sector: general, since: 2022-01-01, fine: {natural_person: 1, legal_person: 2}, source: demo, citation: 《X》}",
            "重叠",
        ),
    ],
)
def test_malformed_threshold_files_are_refused_with_the_place(tmp_path, rows, message):
    path = _write(tmp_path, BASE + rows + "\n")

    with pytest.raises(RulesDataError) as caught:
        load_threshold_table(path)

    assert message in str(caught.value)
    assert "thresholds" in str(caught.value)


def test_a_well_formed_threshold_file_loads(tmp_path):
    path = _write(
        tmp_path,
        BASE
        + "  - {region: 河北, sector: general, since: 2021-07-15, until: 2021-12-31, fine: {natural_person: 1, legal_person: 2}, source: demo, citation: 《X》}\n"
        "  - {region: 河北, sector: general, since: 2022-01-01, fine: {natural_person: 3, legal_person: 4}, source: demo, citation: 《X》}\n",
    )

    table = load_threshold_table(path)

    assert len(table.rows) == 2


def test_every_bundled_file_loads():
    figures = penalty.validate_all()

    assert figures["kinds"] == 14
    assert figures["benchmarks"] >= 12
    assert figures["exemptions"] >= 10
