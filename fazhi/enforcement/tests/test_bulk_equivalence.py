"""The bulk import's fast check, on plain values, against the reference check of the
single-case services on a model instance: the same records accepted and refused,
the same rows stored, the same report (reasons in both languages)."""

import dataclasses
import datetime as dt
import enum
import json

import pytest
from django.db.models import JSONField

from fazhi.core.audit.chain import canonical_json, sm3
from fazhi.core.audit.models import AuditEntry
from fazhi.core.audit.verify import verify_database
from fazhi.core.errors import DomainError
from fazhi.enforcement import rulebook
from fazhi.enforcement.models import EnforcementMatter, EnforcementSubject, PenaltyCase
from fazhi.enforcement.services import bulk, import_cases
from fazhi.rules.enforcement import benchmarks as benchmark_data

pytestmark = pytest.mark.django_db

DROP = object()  # the mutation that leaves the key out


def _bases(w, matter):
    clue = {
        "subject_id": w.subject.pk,
        "summary": "无证经营",
        "party_kind": "legal_person",
        "party_name": "某某有限公司",
        "received_on": "2025-05-05",
    }
    filed = {
        **clue,
        "filed_on": "2025-05-06",
        "filing_note": "立案",
        "matter_id": matter,
    }
    decided = {
        **filed,
        "violation_on": "2025-04-30",
        "violation_code": "HB-FOOD-124-1-5",
        "facts": {
            "circumstances": ["first_violation"],
            "amounts": {"goods_value": "1500"},
        },
        "decided_on": "2025-05-20",
        "decision_number": "冀罚〔2025〕1号",
        "outcome": "penalty",
        "kinds": ["fine", "confiscate_illegal_property"],
        "fine_fen": 6_000_000,
        "confiscation_fen": 120_000,
        "deviation_justification": "情节轻微",
        "served_on": "2025-05-22",
        "service_method": "post",
    }
    paid = {**decided, "paid_on": "2025-05-30", "closed_on": "2025-06-01"}
    late = {**decided, "kinds": ["fine"], "fine_fen": 500_000, "paid_on": "2025-08-30"}
    no_penalty = {
        **filed,
        "decided_on": "2025-05-21",
        "decision_number": "冀不罚〔2025〕2号",
        "outcome": "no_penalty",
        "served_on": "2025-05-21",
        "service_method": "electronic",
        "electronic_consent": True,
        "closed_on": "2025-05-25",
    }
    by_credit = {**clue, "subject_id": None, "credit_code": w.credit_code}
    return [clue, filed, decided, paid, late, no_penalty, by_credit]


def _mutations(w, matters):
    good, other_subject, not_penalty = matters
    return {
        "subject_id": [DROP, "1", True, 999_999, 1.5],
        "credit_code": ["", "  ", 5, "NO-SUCH-CODE"],
        "number": [DROP, "", "   ", 5, "x" * 65, "  N-pad  "],
        "summary": [DROP, "", 7, "s" * 256, "  有空格  "],
        "party_kind": [DROP, "alien", None, "natural_person", "other_organization", 3],
        "party_name": [DROP, "", None, "n" * 129, " 张三 "],
        "party_id_number": ["p" * 65, 5, "130100"],
        "party_address": ["a" * 256, "某街 1 号"],
        "matter_id": [True, "1", 999_999, other_subject, not_penalty, good, None],
        "received_on": [DROP, "", "2025-13-01", "5 May", 20250505, "2025-05-06"],
        "violation_on": ["2025-05-06", "2025-05-05", "bad", 3, None, "2024-01-02"],
        "source": ["complaint", "nowhere", 5, "", None],
        "facts": [[], "x", {"circumstances": ["no_such"]}, {"flags": ["x"]}, None],
        "clue": [5, "线索"],
        "violation_code": ["NO-SUCH", "v" * 65, 5, "", "HB-FOOD-126-1-3"],
        "sector": ["s" * 65, "market"],
        "filed_on": [DROP, "2025-05-01", "2025-05-05", "bad", "2025-06-30"],
        "filing_note": [3, "补"],
        "decided_on": [DROP, "2025-05-05", "bad", "2025-05-06"],
        "decision_number": ["", None, 5, "d" * 65],
        "outcome": ["no_penalty", "not_established", "maybe", "", None],
        "kinds": [
            [],
            ["warning"],
            ["fine", "fine", "confiscate_illegal_property"],
            ["nope"],
            "fine",
            [1],
            None,
            ["warning", "fine"],
        ],
        "fine_fen": [0, -1, True, 1.5, None, "100", 100, 9_000_000],
        "confiscation_fen": [-1, 0, None, "5"],
        "deviation_justification": [5, ""],
        "decision_reasoning": [5, "理由"],
        "served_on": [DROP, "2025-05-19", "bad", "2025-05-20"],
        "service_method": ["electronic", "pigeon", 5, "", None, "direct"],
        "electronic_consent": [False, 1],
        "paid_on": [DROP, "2025-05-21", "2025-05-22", "bad"],
        "paid_fen": [0, 6_000_000, 499_999, None, True, "x", 500_000],
        "closed_on": [DROP, "2025-05-01", "2025-05-22", "bad"],
    }


def _records(w, matters):
    records = []
    for base in _bases(w, matters[0]):
        records.append(dict(base))
        for key, values in _mutations(w, matters).items():
            for value in values:
                record = dict(base)
                if value is DROP:
                    record.pop(key, None)
                else:
                    record[key] = value
                records.append(record)
    records += [["not", "an", "object"], "text", None, 5]
    for i, record in enumerate(records):
        if isinstance(record, dict) and record.get("number", "no") == "no":
            record["number"] = f"E-{i}"
    return records


@pytest.fixture
def varied(world):
    organization = world.subject.organization
    organization.credit_code = "11130100MB0000000X"
    organization.save()
    world.credit_code = organization.credit_code
    other = EnforcementSubject.objects.create(
        organization=world.tree["K"],
        kind=EnforcementSubject.Kind.STATUTORY,
        legal_basis="《行政处罚法》第17条",
    )

    def matter(subject, kind, code):
        return EnforcementMatter.objects.create(
            subject=subject, code=code, name=code, kind=kind
        ).pk

    matters = (
        matter(world.subject, EnforcementMatter.Kind.PENALTY, "M-1"),
        matter(other, EnforcementMatter.Kind.PENALTY, "M-2"),
        matter(world.subject, EnforcementMatter.Kind.COERCIVE_MEASURE, "M-3"),
    )
    return _records(world, matters)


def _plain(value):
    return value.value if isinstance(value, enum.Enum) else value


def _reference_values(case):
    """The instance's stored values in the fast check's form (JSON parsed)."""
    return {
        f.attname: _plain(f.value_from_object(case))
        for f in bulk._FIELDS
        if f.attname not in ("created_at", "updated_at")
    }


def _fast_values(values):
    return {
        f.attname: json.loads(v) if isinstance(f, JSONField) else v
        for f, v in zip(bulk._FIELDS, values, strict=True)
        if f.attname not in ("created_at", "updated_at")
    }


def test_the_fast_check_accepts_and_refuses_what_the_reference_check_does(
    world, varied
):
    importer = bulk._Importer(world.user1)
    accepted = refused = 0
    for record in varied:
        try:
            _, number, values = importer.fast(record)
        except bulk._FastCheckError:
            values = None
        try:
            case = importer.case(record)
        except DomainError:
            case = None
        assert (values is None) == (case is None), record
        if case is not None:
            assert _fast_values(values) == _reference_values(case), record
            assert number == case.number
            accepted += 1
        else:
            refused += 1
    # the set is varied: both answers, every milestone's state, a departure found
    assert accepted > 50
    assert refused > 100
    states = set()
    departures = 0
    for record in varied:
        try:
            _, _, values = importer.fast(record)
        except bulk._FastCheckError:
            continue
        row = _fast_values(values)
        states.add(row["state"])
        departures += bool(row["deviation"])
    assert states == {"clue", "filed", "decided", "served", "executed", "closed"}
    assert departures > 0


def test_the_kept_benchmark_answers_are_those_of_the_rules_each_day(world):
    """The import keeps each day's assessment and compares amounts once per
    assessment that differs in more than its day; each answer must still be
    what ``rulebook.deviation`` gives for that case on that day."""
    importer = bulk._Importer(world.user1)
    compared = 0
    answers = set()
    for day in range(60):
        violation_on = dt.date(2024, 1, 2) + dt.timedelta(days=day * 11)
        for fine_fen, kinds, circumstances in (
            (6_000_000, ["fine", "confiscate_illegal_property"], {}),
            (4_000_000, ["fine", "confiscate_illegal_property"], {}),
            (500_000, ["fine"], {"circumstances": ["first_violation"]}),
            (0, ["warning"], {"amounts": {"goods_value": "1500"}}),
        ):
            facts = rulebook.Facts(
                party_kind="legal_person",
                region_code="130000",
                violation_code="HB-FOOD-124-1-5",
                circumstances=circumstances,
            )
            expected = rulebook.deviation(
                facts, kinds=kinds, fine_fen=fine_fen, on=violation_on
            )
            found, text = importer.departure(
                facts, kinds=kinds, fine_fen=fine_fen, on=violation_on
            )
            assert found == expected
            assert json.loads(text) == (expected or {})
            answers.add(text)
            compared += 1
    assert compared == 240
    assert "{}" in answers
    assert len(answers) >= 3
    assert len(importer.departures) < 20  # the days share their comparisons


def test_the_import_stores_and_reports_the_same_as_through_the_reference_check(
    world, varied, monkeypatch
):
    fast = import_cases(actor=world.user1, records=varied)
    fast_rows = list(PenaltyCase.objects.order_by("number").values(*_columns()))
    PenaltyCase.objects.all().delete()

    def doubt(self, record):
        raise bulk._FastCheckError

    monkeypatch.setattr(bulk._Importer, "fast", doubt)
    reference = import_cases(actor=world.user1, records=varied)
    reference_rows = list(PenaltyCase.objects.order_by("number").values(*_columns()))

    assert fast.as_dict() == reference.as_dict()
    assert fast.created > 50
    assert len(fast.rejected) > 100
    assert {r.code for r in fast.rejected} >= {
        "subject_not_found",
        "party_kind_unknown",
        "number_too_long",
        "matter_other_subject",
        "decided_before_filing",
        "fine_kind_mismatch",
        "payment_amount_mismatch",
        "electronic_consent_required",
        "number_repeated",
        "record_not_object",
    }
    assert fast_rows == reference_rows


def _columns():
    return [
        f.attname for f in bulk._FIELDS if f.attname not in ("created_at", "updated_at")
    ]


def test_the_record_names_each_imported_case_with_the_digest_of_its_record(world):
    records = [
        {
            "subject_id": world.subject.pk,
            "number": f"H-{i}",
            "summary": "无证经营",
            "party_kind": "legal_person",
            "party_name": f"某某有限公司{i}",
            "received_on": "2025-05-05",
        }
        for i in range(5)
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]

    report = import_cases(actor=world.user1, records=lines, batch_size=3)

    assert report.created == 5
    entries = AuditEntry.objects.filter(action="enforcement.import_cases").order_by(
        "seq"
    )
    digests = {}
    for entry in entries:
        digests.update(entry.after["records_sm3"])
        assert entry.after["numbers"] == list(entry.after["records_sm3"])
    assert digests == {
        r["number"]: sm3(canonical_json(r).encode("utf-8")) for r in records
    }
    assert verify_database().broken is None
    # each case's import is found in the record by its organization and number
    case = PenaltyCase.objects.get(number="H-4")
    found = AuditEntry.objects.filter(
        action="enforcement.import_cases",
        organization_id=case.organization_id,
        after__records_sm3__has_key=case.number,
    )
    assert [e.after["records_sm3"]["H-4"] for e in found] == [digests["H-4"]]
    # the digest is of the record's content, not of how the line was written
    assert digests["H-0"] == bulk._fingerprint(json.loads(lines[0]))
    assert digests["H-0"] != bulk._fingerprint({**records[0], "party_name": "别人"})


def test_a_record_the_fast_check_cannot_read_still_goes_through(world):
    from types import MappingProxyType

    class Text(str):
        pass

    record = {
        "subject_id": world.subject.pk,
        "number": Text("P-1"),
        "summary": "无证经营",
        "party_kind": "legal_person",
        "party_name": "某某有限公司",
        "received_on": "2025-05-05",
        "filed_on": "2025-05-06",
    }

    report = import_cases(
        actor=world.user1,
        records=[record, MappingProxyType({**record, "number": "P-2"})],
    )

    assert report.created == 2, report.rejected
    case = PenaltyCase.objects.get(number="P-2")
    assert case.state == "filed"
    assert case.decision_due_on == dt.date(2025, 8, 4)


def test_the_days_of_a_stretch_share_an_assessment_and_no_more(world, monkeypatch):
    """The import assesses once per stretch of days in which no version the
    benchmark reads changes. A list item in force for May only and the day the
    benchmark starts each end a stretch; on every day around them the answer is
    still what ``rulebook.deviation`` gives that day, and a refusal names its own
    day."""
    bundled = benchmark_data.bundled_benchmarks()
    province = bundled.sets[0]
    may_only = tuple(
        dataclasses.replace(item, since=dt.date(2024, 5, 1), until=dt.date(2024, 5, 31))
        if item.code == "HB-EX-03"
        else item
        for item in province.exemptions
    )
    patched = benchmark_data.Benchmarks(
        (dataclasses.replace(province, exemptions=may_only), *bundled.sets[1:])
    )
    monkeypatch.setattr(benchmark_data, "bundled_benchmarks", lambda: patched)
    facts = rulebook.Facts(
        party_kind="legal_person",
        region_code="130000",
        violation_code="HB-PRICE-42",
        circumstances={
            "circumstances": ["corrected_promptly", "minor_violation", "no_harm"]
        },
    )
    days = [dt.date(2023, 12, 29) + dt.timedelta(days=n) for n in range(6)]
    days += [dt.date(2024, 4, 28) + dt.timedelta(days=n) for n in range(38)]

    def answer(function, day):
        try:
            return function(facts, kinds=["fine"], fine_fen=100_000, on=day)
        except DomainError as error:
            return (error.code, error.zh, error.en)

    importer = bulk._Importer(world.user1)
    answers = set()
    for day in days:
        expected = answer(rulebook.deviation, day)
        found = answer(lambda *a, **k: importer.departure(*a, **k)[0], day)
        assert found == expected, day
        answers.add(json.dumps(expected, sort_keys=True, ensure_ascii=False))
    assert len(answers) == 2 + 3  # outside the list, on it; a refusal a day before
    assert len(importer.by_period) == 3  # before May, May, after May
