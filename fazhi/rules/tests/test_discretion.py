"""Discretion benchmarks (第34条) applied to facts, and proposals checked against them.

Worked cases: cases/enforcement/discretion.yaml (amounts computed by hand from the
statute and the benchmark). Properties (hypothesis): the permitted range never leaves
the statutory range, 减轻 alone goes below it, and a deviation is reported exactly when
the proposal lies outside what the assessment permits.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.rules import penalty
from fazhi.rules.enforcement.benchmarks import (
    Clause,
    bundled_benchmarks,
    discretion_rules,
)
from fazhi.rules.errors import RulesDataError, RulesError

CASES = yaml.safe_load(
    (Path(__file__).parent / "cases" / "enforcement" / "discretion.yaml").read_text(
        encoding="utf-8"
    )
)
ON = dt.date(2025, 3, 1)
CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "lawrefbook"


def _range(value):
    return None if value is None else [str(value.minimum), str(value.maximum)]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_discretion_case(case):
    def call():
        return penalty.evaluate(case["violation"], case["facts"], on=case["day"])

    if "error" in case:
        with pytest.raises(RulesError) as caught:
            call()
        assert caught.value.code == case["error"]
        return
    assessment = call()
    expect = case.get("expect", {})
    explanation = "\n".join(assessment.explanation_zh)

    simple = {
        "outcome": assessment.outcome,
        "tier": assessment.tier,
        "band": assessment.band,
        "mitigation": assessment.mitigation,
        "mandatory": assessment.mitigation_mandatory,
        "aggravated": assessment.aggravated,
    }
    for key, actual in simple.items():
        if key in expect:
            assert actual == expect[key], f"{key}\n{explanation}"
    ranges = {
        "statutory": assessment.statutory_range,
        "tier_range": assessment.tier_range,
        "permitted": assessment.permitted_range,
        "reduced": assessment.reduced_range,
    }
    for key, actual in ranges.items():
        if key in expect:
            assert _range(actual) == expect[key], f"{key}\n{explanation}"
    kinds = {
        "required": assessment.required_kinds,
        "allowed": assessment.allowed_kinds,
        "reduced_required": assessment.reduced_required_kinds,
        "reduced_allowed": assessment.reduced_allowed_kinds,
    }
    for key, actual in kinds.items():
        if key in expect:
            assert sorted(actual) == sorted(expect[key]), f"{key}\n{explanation}"
    for check in case.get("checks", ()):
        found = penalty.check_decision(assessment, check["kinds"], check["amount"])
        verdict = (
            "none" if found is None else "unlawful" if found.unlawful else "benchmark"
        )
        assert verdict == check["deviation"], (check, found and found.zh)
        if found is not None:
            assert found.reasons
            assert all(r.citation for r in found.reasons)


def test_every_step_of_an_assessment_cites_its_source():
    assessment = penalty.evaluate(
        "HB-FOOD-124-1-5",
        penalty.Facts(
            party="legal_person",
            circumstances=frozenset({"eliminated_harm", "repeat_offence"}),
            amounts={"goods_value": Decimal("3000"), "illegal_income": Decimal("900")},
        ),
        on=ON,
    )

    assert all(step.citation.startswith("《") for step in assessment.steps)
    assert "《食品安全法》(2021-04-29) 第124条第1款第5项" in assessment.citations
    assert "《行政处罚法》(2021-01-22) 第32条第1项" in assessment.citations
    assert len(assessment.explanation_en) == len(assessment.explanation_zh)
    assert any("演示" in line for line in assessment.explanation_zh)


def test_the_no_penalty_answer_includes_the_duty_to_educate():
    assessment = penalty.evaluate(
        "HB-PRICE-42",
        {
            "party": "legal_person",
            "circumstances": ["minor_violation", "corrected_promptly", "no_harm"],
        },
        on=ON,
    )

    assert assessment.outcome == "no_penalty"
    assert "《行政处罚法》(2021-01-22) 第33条第3款" in assessment.citations
    assert any("HB-EX-03" in line for line in assessment.explanation_zh)


def test_a_law_excluding_the_no_fault_defence_is_respected():
    old = "    penalty_basis: 《道路运输条例》(2023-07-20) 第69条第1款\n"
    assert old in _benchmark_text()
    text = _benchmark_text().replace(
        old,
        old + "    no_fault_defence: false\n"
        "    no_fault_citation: 《某法》(2020-01-01) 第1条（示例）\n",
    )
    own = penalty.parse_benchmarks(text)

    assessment = penalty.evaluate(
        "HB-ROAD-69-1",
        {"party": "legal_person", "circumstances": ["no_fault"]},
        on=ON,
        benchmarks=own,
    )

    assert assessment.outcome == "penalty"
    assert "《某法》(2020-01-01) 第1条（示例）" in assessment.citations


# ---------------------------------------------------------------- every tier


def _facts_for(clause: Clause, party: str) -> dict:
    circumstances = set(clause.all_of)
    if clause.any_of:
        circumstances.add(sorted(clause.any_of)[0])
    amounts = {base: str(figure) for base, figure in clause.at_least}
    for base, figure in clause.below:
        amounts.setdefault(base, str(max(Decimal("0.01"), figure - 1)))
    for base in clause.absent:
        amounts.pop(base, None)
    return {"party": party, "circumstances": sorted(circumstances), "amounts": amounts}


def _tier_params():
    params = []
    for entry in bundled_benchmarks().entries():
        for tier in entry.tiers:
            params.append(pytest.param(entry, tier, id=f"{entry.code}:{tier.code}"))
    return params


@pytest.mark.parametrize(("entry", "tier"), _tier_params())
def test_every_tier_of_every_benchmark_is_reachable(entry, tier):
    party = sorted(p.value for p in entry.parties)[0]
    facts = (
        {"party": party, "circumstances": [], "amounts": {}}
        if tier.when is None
        else _facts_for(tier.when.clauses[0], party)
    )
    if entry.fine is not None and entry.fine.base is not None:
        band = entry.fine.bands[-1]
        if not band.absent and entry.fine.base not in facts["amounts"]:
            facts["amounts"][entry.fine.base] = "12345.67"

    assessment = penalty.evaluate(entry.code, facts, on=ON)

    assert assessment.tier == tier.code, "\n".join(assessment.explanation_zh)
    assert assessment.required_kinds <= assessment.allowed_kinds
    if tier.fine is not None:
        assert assessment.tier_range is not None
        assert assessment.statutory_range.minimum <= assessment.tier_range.minimum
        assert assessment.tier_range.maximum <= assessment.statutory_range.maximum


def test_the_demo_province_has_enough_benchmarks_and_exemptions():
    book = bundled_benchmarks()
    sectors = {e.sector for e in book.entries()}

    assert len(book.entries()) >= 12
    assert len(book.exemptions()) >= 10
    assert {
        "market",
        "transport",
        "fire",
        "environment",
        "emergency",
        "urban",
    } <= sectors
    assert {x.kind for x in book.exemptions()} == {"minor_no_harm", "first_offence"}
    assert all(e.set_status == "demo" for e in book.entries())


# ---------------------------------------------------------------- properties

ENTRIES = bundled_benchmarks().entries()
CODES = sorted(
    {
        c
        for e in ENTRIES
        for c in (set(discretion_rules().factors) | set(e.circumstances))
    }
)
amounts_st = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("5000000"), places=2
)


@st.composite
def scenario(draw):
    entry = draw(st.sampled_from(ENTRIES))
    vocabulary = sorted(set(discretion_rules().factors) | set(entry.circumstances))
    circumstances = draw(
        st.sets(st.sampled_from(vocabulary), max_size=4).filter(
            lambda s: "no_fault" not in s and "no_mental_capacity" not in s
        )
    )
    amounts = {}
    for base in sorted(discretion_rules().bases):
        if draw(st.booleans()):
            amounts[base] = draw(amounts_st)
    if (
        entry.fine is not None
        and entry.fine.base is not None
        and not any(b.absent for b in entry.fine.bands)
    ):
        amounts[entry.fine.base] = draw(amounts_st)
    party = draw(st.sampled_from(sorted(p.value for p in entry.parties)))
    age = (
        draw(st.none() | st.integers(min_value=14, max_value=40))
        if party == "natural_person"
        else None
    )
    facts = penalty.Facts(
        party=party,
        circumstances=frozenset(circumstances),
        amounts=amounts,
        age_at_act=age,
    )
    return entry, facts


@settings(max_examples=300, deadline=None)
@given(scenario())
def test_the_permitted_range_stays_inside_the_statute_unless_reduced(data):
    entry, facts = data

    assessment = penalty.evaluate(entry.code, facts, on=ON)

    if assessment.outcome == "no_penalty":
        assert assessment.permitted_range is None
        return
    s = assessment.statutory_range
    for inner in (assessment.tier_range, assessment.permitted_range):
        if inner is not None:
            assert s.minimum <= inner.minimum <= inner.maximum <= s.maximum
    if assessment.reduced_range is not None:
        assert assessment.mitigation == "lighter_or_reduced"
        assert assessment.reduced_range.maximum <= s.minimum
    else:
        assert (
            assessment.mitigation != "lighter_or_reduced"
            or s is None
            or "fine" not in assessment.allowed_kinds
        )
    assert (
        assessment.required_kinds
        <= assessment.allowed_kinds
        <= (assessment.statutory_kinds)
    )


def _inside(assessment, kinds, amount):
    """The rule restated independently: a proposal is acceptable when it follows the
    benchmark, or 减轻 where the assessment allows it."""

    def fine_in(*ranges):
        return any(r is not None and r.minimum <= amount <= r.maximum for r in ranges)

    if assessment.outcome == "no_penalty":
        return not kinds
    if not kinds:
        return assessment.outcome == "may_waive" or not assessment.required_kinds
    normal = assessment.required_kinds <= kinds <= assessment.allowed_kinds and (
        "fine" not in kinds or fine_in(assessment.permitted_range)
    )
    reduced = (
        assessment.mitigation == "lighter_or_reduced"
        and assessment.reduced_required_kinds
        <= kinds
        <= assessment.reduced_allowed_kinds
        and (
            "fine" not in kinds
            or fine_in(assessment.permitted_range, assessment.reduced_range)
        )
    )
    return normal or reduced


@settings(max_examples=400, deadline=None)
@given(scenario(), st.data())
def test_a_deviation_is_reported_exactly_when_the_proposal_is_outside(data, draw):
    entry, facts = data
    assessment = penalty.evaluate(entry.code, facts, on=ON)
    pool = sorted(
        assessment.allowed_kinds
        | assessment.reduced_allowed_kinds
        | {"warning", "detention"}
    )
    kinds = frozenset(draw.draw(st.sets(st.sampled_from(pool), max_size=4)))
    amount = Decimal("0")
    if "fine" in kinds:
        ranges = [
            r
            for r in (
                assessment.permitted_range,
                assessment.reduced_range,
                assessment.statutory_range,
            )
            if r is not None
        ]
        edges = [x for r in ranges for x in (r.minimum, r.maximum)]
        near = st.sampled_from(edges).flatmap(
            lambda e: st.sampled_from([e - Decimal("0.01"), e, e + Decimal("0.01")])
        )
        amount = draw.draw(near | amounts_st) if edges else draw.draw(amounts_st)
        if amount <= 0:
            amount = Decimal("0.01")

    found = penalty.check_decision(assessment, kinds, amount)

    assert (found is None) == _inside(assessment, kinds, amount)
    if found is not None and found.unlawful:
        s = assessment.statutory_range
        outside_statute = (
            "detention" in kinds and "detention" not in assessment.statutory_kinds
        ) or (
            "fine" in kinds
            and s is not None
            and (
                amount > s.maximum
                or (
                    amount < s.minimum and assessment.mitigation != "lighter_or_reduced"
                )
            )
        )
        missing_statutory = (
            bool(assessment.statutory_required_kinds - kinds)
            and assessment.mitigation != "lighter_or_reduced"
        )
        lighter = (
            discretion_rules().reduced_extra_kinds
            if assessment.mitigation == "lighter_or_reduced"
            else frozenset()
        )
        beyond = bool(kinds - assessment.statutory_kinds - lighter)
        assert (
            outside_statute
            or missing_statutory
            or beyond
            or assessment.outcome == "no_penalty"
        )


@settings(max_examples=100, deadline=None)
@given(scenario())
def test_an_assessment_survives_storage_as_json(data):
    entry, facts = data
    assessment = penalty.evaluate(entry.code, facts, on=ON)

    stored = yaml.safe_load(yaml.safe_dump(assessment.as_dict(), allow_unicode=True))
    again = penalty.Assessment.from_dict(stored)

    assert again == assessment
    assert penalty.Facts.from_dict(facts.as_dict()).as_dict() == facts.as_dict()


def test_check_decision_takes_the_stored_form():
    assessment = penalty.evaluate("HB-ROAD-69-1", {"party": "legal_person"}, on=ON)

    assert penalty.check_decision(assessment.as_dict(), ["fine"], "3000") is None
    found = penalty.check_decision(assessment.as_dict(), ["fine"], "5000.01")
    assert found.unlawful
    assert found.code == "outside_statute"
    assert "5,000.00" in found.zh


@pytest.mark.parametrize(
    ("kinds", "amount", "code"),
    [
        (["fine"], "0", "inconsistent_penalty"),
        (["warning"], "10", "inconsistent_penalty"),
        (["fine"], "-1", "invalid_amount"),
        (["exile"], "0", "unknown_penalty_kind"),
    ],
)
def test_an_impossible_proposal_is_an_error_not_a_deviation(kinds, amount, code):
    assessment = penalty.evaluate("HB-ROAD-69-1", {"party": "legal_person"}, on=ON)

    with pytest.raises(RulesError) as caught:
        penalty.check_decision(assessment, kinds, amount)

    assert caught.value.code == code


# ---------------------------------------------------------------- validation


def _benchmark_text() -> str:
    path = (
        Path(penalty.__file__).parent / "enforcement_data" / "benchmarks" / "hebei.yaml"
    )
    return path.read_text(encoding="utf-8")


MINIMAL = textwrap.dedent(
    """\
    province: 河北
    title: 测试基准
    status: draft
    since: 2024-01-01
    citation: 《行政处罚法》(2021-01-22) 第34条
    entries:
      - code: T-1
        sector: transport
        name: 测试违法行为
        name_en: test violation
        parties: [legal_person]
        violation_basis: 《道路运输条例》(2023-07-20) 第30条
        penalty_basis: 《道路运输条例》(2023-07-20) 第69条第1款
        statutory:
          required: [fine]
          fine:
            bands:
              - {id: all, zh: 一千至五千元, en: "1,000 to 5,000", amount: [1000, 5000]}
        tiers:
          minor:
            zh: 轻微
            en: minor
            when: [{all: [first_violation]}]
            kinds: [fine]
            fine: [1000, 2000]
          general:
            zh: 一般
            en: general
            default: true
            kinds: [fine]
            fine: [2000, 5000]
    """
)


def test_a_minimal_office_benchmark_loads_and_evaluates():
    own = penalty.parse_benchmarks(MINIMAL, source="office")

    assessment = penalty.evaluate(
        "T-1",
        {"party": "legal_person", "circumstances": ["first_violation"]},
        on=ON,
        benchmarks=own,
    )

    assert assessment.tier == "minor"
    assert assessment.benchmark_status == "draft"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("status: draft\n", "status: draft\ncolour: red\n", "colour"),
        ("since: 2024-01-01", "since: 2024-02-30", "无效"),
        ("since: 2024-01-01", "since: 2020-01-01", "早于"),
        ("fine: [1000, 2000]", "fine: [2000, 1000]", "大于最大值"),
        ("fine: [2000, 5000]", "fine: [2000, 6000]", "超出法定幅度"),
        ("fine: [1000, 2000]", "fine: [500, 2000]", "超出法定幅度"),
        ("fine: [2000, 5000]", "fine: [900, 5000]", "超出法定幅度"),
        ("fine: [1000, 2000]", "fine: [3000, 4000]", "不低于较轻档次"),
        ("amount: [1000, 5000]", "amount: [5000, 1000]", "大于最大值"),
        (
            "kinds: [fine]\n        fine: [1000, 2000]",
            "kinds: [warning]\n        fine: [1000, 2000]",
            "warning",
        ),
        (
            "when: [{all: [first_violation]}]",
            "when: [{all: [first_violaton]}]",
            "first_violaton",
        ),
        ("        default: true\n", "", "默认档次"),
        ("      minor:", "      tiny:", "tiny"),
        ("parties: [legal_person]", "parties: [robot]", "robot"),
        ("sector: transport", "sector: aviation", "aviation"),
        (
            "penalty_basis: 《道路运输条例》(2023-07-20) 第69条第1款",
            "penalty_basis: 第69条",
            "《",
        ),
        ("        fine: [1000, 2000]\n", "", "fine"),
    ],
)
def test_malformed_benchmarks_are_refused_with_the_place(old, new, message):
    assert old in MINIMAL
    text = MINIMAL.replace(old, new, 1)

    with pytest.raises(RulesDataError) as caught:
        penalty.parse_benchmarks(text, source="office")

    assert message in str(caught.value), str(caught.value)
    assert "office" in str(caught.value)


def test_tiers_out_of_order_are_refused():
    block = (
        "      minor:\n        zh: 轻微\n        en: minor\n"
        "        when: [{all: [first_violation]}]\n        kinds: [fine]\n"
        "        fine: [1000, 2000]\n"
    )
    assert block in MINIMAL
    text = MINIMAL.replace(block, "") + block

    with pytest.raises(RulesDataError) as caught:
        penalty.parse_benchmarks(text)

    assert "顺序" in str(caught.value)


_SINGLE = (
    "        bands:\n"
    '          - {id: all, zh: 一千至五千元, en: "1,000 to 5,000", amount: [1000, 5000]}\n'
)
assert _SINGLE in MINIMAL
BANDED = (
    MINIMAL.replace(
        _SINGLE,
        "        base: illegal_income\n"
        "        bands:\n"
        "          - {id: high, zh: 高, en: high, above: 10000, multiple: [1, 5]}\n"
        "          - {id: low, zh: 低, en: low, absent: true, below: 10000, amount: [1000, 5000]}\n",
    )
    .replace("fine: [1000, 2000]", "fine: {high: [1, 2], low: [1000, 2000]}")
    .replace("fine: [2000, 5000]", "fine: {high: [2, 5], low: [2000, 5000]}")
)


def test_a_gap_between_bands_is_refused():
    # "超过一万元" and "不足一万元" leave exactly 10,000 uncovered.
    with pytest.raises(RulesDataError) as caught:
        penalty.parse_benchmarks(BANDED)

    assert "10000" in str(caught.value)
    fixed = BANDED.replace("below: 10000", "at_most: 10000")
    assert penalty.parse_benchmarks(fixed).entries()[0].fine.base == "illegal_income"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("fine: {high: [1, 2], low: [1000, 2000]}", "fine: [1000, 2000]", "档位 id"),
        ("fine: {high: [1, 2], low: [1000, 2000]}", "fine: {high: [1, 2]}", "low"),
        (
            "absent: true, at_most: 10000",
            "absent: true, at_most: 10000, below: 9000",
            "不能同时",
        ),
        (
            "{id: high, zh: 高, en: high, above: 10000, multiple: [1, 5]}",
            "{id: high, zh: 高, en: high, absent: true, multiple: [1, 5]}",
            "absent",
        ),
        (
            "{id: high, zh: 高, en: high, above: 10000, multiple: [1, 5]}",
            "{id: high, zh: 高, en: high, above: 9000, multiple: [1, 5]}",
            "恰好落入一档",
        ),
    ],
)
def test_malformed_bands_are_refused(old, new, message):
    text = BANDED.replace("below: 10000", "at_most: 10000")
    assert old in text
    with pytest.raises(RulesDataError) as caught:
        penalty.parse_benchmarks(text.replace(old, new, 1))

    assert message in str(caught.value), str(caught.value)


EXEMPTIONS = textwrap.dedent(
    """\
    province: 河北
    title: 测试清单
    status: draft
    since: 2024-01-01
    citation: 《行政处罚法》(2021-01-22) 第33条第1款
    entries:
      - code: X-1
        benchmark: T-1
        kind: first_offence
        zh: 初次
        en: first
        when: [{all: [first_violation, minor_harm, corrected_promptly]}]
    """
)


def test_an_office_list_applies_first_offence():
    own = penalty.parse_benchmarks(MINIMAL, EXEMPTIONS)

    assessment = penalty.evaluate(
        "T-1",
        {
            "party": "legal_person",
            "circumstances": ["first_violation", "minor_harm", "corrected_promptly"],
        },
        on=ON,
        benchmarks=own,
    )

    assert assessment.outcome == "may_waive"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "when: [{all: [first_violation, minor_harm, corrected_promptly]}]",
            "when: [{all: [first_violation, corrected_promptly]}]",
            "法定要件",
        ),
        ("benchmark: T-1", "benchmark: T-2", "T-2"),
        ("kind: first_offence", "kind: leniency", "leniency"),
        ("province: 河北", "province: 山西", "省份"),
    ],
)
def test_malformed_lists_are_refused(old, new, message):
    with pytest.raises(RulesDataError) as caught:
        penalty.parse_benchmarks(MINIMAL, EXEMPTIONS.replace(old, new, 1))

    assert message in str(caught.value), str(caught.value)


# ---------------------------------------------------------------- the corpus

_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """An article number as the statutes write it (第一百二十四条)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    hundreds, rest = divmod(n, 100)
    text = _DIGITS[hundreds] + "百"
    if rest == 0:
        return text
    if rest < 10:
        return text + "零" + _DIGITS[rest]
    return text + _DIGITS[rest // 10] + "十" + (_DIGITS[rest % 10] if rest % 10 else "")


def _article(title: str, version: str, number: int) -> str:
    matches = sorted(CORPUS.glob(f"*/{title}({version}).md"))
    assert matches, f"{title}({version}) not in the corpus"
    text = matches[0].read_text(encoding="utf-8")
    head = f"第{_chinese_number(number)}条 "
    start = text.index(head)
    end = re.search(r"\n第[零一二三四五六七八九十百]+条 ", text[start + len(head) :])
    return text[start : start + len(head) + (end.start() if end else len(text))]


def test_chinese_article_numbers():
    assert _chinese_number(124) == "一百二十四"
    assert _chinese_number(110) == "一百一十"
    assert _chinese_number(105) == "一百零五"
    assert _chinese_number(40) == "四十"
    assert _chinese_number(14) == "十四"


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="the lawrefbook corpus is absent")
def test_every_benchmark_cites_articles_that_exist_with_the_quoted_words():
    checked = 0
    for entry in bundled_benchmarks().entries():
        for citation in (entry.violation_basis, entry.penalty_basis):
            title = version = ""
            for part in citation.split("；"):
                if part.startswith("第"):  # same instrument as the part before
                    part = f"《{title}》({version}) {part}"
                match = re.match(
                    r"《([^》]+)》\((\d{4}-\d{2}-\d{2})\) 第(\d+)条(?:[^“]*)(?:“([^”]+)”)?",
                    part,
                )
                assert match, part
                title, version, number, phrase = match.groups()
                article = _article(title, version, int(number))
                if phrase:
                    assert phrase in article, (part, article[:200])
                checked += 1
    assert checked >= 30


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="the lawrefbook corpus is absent")
@pytest.mark.parametrize(
    ("code", "title", "version", "number", "words", "bands"),
    [
        (
            "HB-FOOD-124-1-5",
            "食品安全法",
            "2021-04-29",
            124,
            ["五万元以上十万元以下", "十倍以上二十倍以下"],
            [(50000, 100000), (10, 20)],
        ),
        (
            "HB-FOOD-126-1-3",
            "食品安全法",
            "2021-04-29",
            126,
            ["五千元以上五万元以下"],
            [(5000, 50000)],
        ),
        (
            "HB-AD-55-1",
            "广告法",
            "2021-04-29",
            55,
            [
                "三倍以上五倍以下",
                "五倍以上十倍以下",
                "二十万元以上一百万元以下",
                "二百万元以下",
            ],
            [(3, 10), (200000, 2000000)],
        ),
        ("HB-PRICE-42", "价格法", "1997-12-29", 42, ["五千元以下"], [(0, 5000)]),
        (
            "HB-ROAD-63-1",
            "道路运输条例",
            "2023-07-20",
            63,
            ["3000元以上1万元以下", "1万元以上5万元以下", "1倍以上5倍以下"],
            [(1, 5), (3000, 50000)],
        ),
        (
            "HB-ROAD-69-1",
            "道路运输条例",
            "2023-07-20",
            69,
            ["1000元以上5000元以下"],
            [(1000, 5000)],
        ),
        (
            "HB-FIRE-60-1-3",
            "消防法",
            "2021-04-29",
            60,
            ["五千元以上五万元以下"],
            [(5000, 50000)],
        ),
        ("HB-FIRE-60-2", "消防法", "2021-04-29", 60, ["五百元以下"], [(0, 500)]),
        (
            "HB-AIR-117-1",
            "大气污染防治法",
            "2018-10-26",
            117,
            ["一万元以上十万元以下"],
            [(10000, 100000)],
        ),
        (
            "HB-AIR-118-1",
            "大气污染防治法",
            "2018-10-26",
            118,
            ["五千元以上五万元以下"],
            [(5000, 50000)],
        ),
        (
            "HB-SAFE-97-4",
            "安全生产法",
            "2021-06-10",
            97,
            ["十万元以下", "十万元以上二十万元以下"],
            [(0, 200000)],
        ),
        (
            "HB-PLAN-64",
            "城乡规划法",
            "2019-04-23",
            64,
            ["百分之五以上百分之十以下"],
            [("0.05", "0.10")],
        ),
        (
            "HB-PQ-50",
            "产品质量法",
            "2018-12-29",
            50,
            ["百分之五十以上三倍以下"],
            [("0.5", 3)],
        ),
        (
            "HB-TOB-57",
            "烟草专卖法实施条例",
            "2023-07-20",
            57,
            ["20%以上50%以下"],
            [("0.2", "0.5")],
        ),
        (
            "HB-PRICE-14-4",
            "价格违法行为行政处罚规定",
            "2010-12-04",
            7,
            ["5倍以下", "5万元以上50万元以下"],
            [(0, 5), (50000, 500000)],
        ),
        (
            "HB-FOOD-122-1",
            "食品安全法",
            "2021-04-29",
            122,
            ["五万元以上十万元以下", "十倍以上二十倍以下"],
            [(50000, 100000), (10, 20)],
        ),
        ("HB-AD-59-3", "广告法", "2021-04-29", 59, ["十万元以下"], [(0, 100000)]),
    ],
)
def test_the_statutory_ranges_are_the_words_of_the_law(
    code, title, version, number, words, bands
):
    article = _article(title, version, number)

    for phrase in words:
        assert phrase in article, phrase
    entry = bundled_benchmarks().entry(code, ON)
    assert f"《{title}》({version}) 第{number}条" in entry.penalty_basis
    assert [(b.minimum, b.maximum) for b in entry.fine.bands] == [
        (Decimal(str(low)), Decimal(str(high))) for low, high in bands
    ]


def test_a_code_in_two_provinces_is_refused():
    hebei = penalty.parse_benchmarks(MINIMAL).sets[0]
    shanxi = penalty.parse_benchmarks(
        MINIMAL.replace("province: 河北", "province: 山西")
    ).sets[0]

    with pytest.raises(RulesDataError):
        penalty.Benchmarks((hebei, shanxi))
    assessment = penalty.evaluate(
        "T-1", {"party": "legal_person"}, on=ON, benchmarks=[shanxi]
    )
    assert assessment.tier == "general"
