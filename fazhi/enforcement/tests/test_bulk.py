"""Bulk import of penalty cases through the validating service (JSON Lines)."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection

from fazhi.core.audit.models import AuditEntry
from fazhi.enforcement import selectors
from fazhi.enforcement.models import CaseCountRollup, CaseDueRollup, PenaltyCase
from fazhi.enforcement.services import bulk, import_cases

pytestmark = pytest.mark.django_db


def record(w, number, **changes):
    base = {
        "subject_id": w.subject.pk,
        "number": number,
        "summary": "无证经营",
        "party_kind": "legal_person",
        "party_name": "某某有限公司",
        "received_on": "2025-05-05",
    }
    base.update(changes)
    return base


def served(w, number, **changes):
    milestones = {
        "filed_on": "2025-05-06",
        "decided_on": "2025-05-20",
        "decision_number": "冀罚〔2025〕1号",
        "outcome": "penalty",
        "kinds": ["fine"],
        "fine_fen": 500_000,
        "served_on": "2025-05-22",
    }
    return record(w, number, **{**milestones, **changes})


def test_each_milestone_lands_in_its_state_with_the_clocks_of_the_steps(world):
    report = import_cases(
        actor=world.user1,
        records=[
            record(world, "I-1"),
            record(world, "I-2", filed_on="2025-05-06"),
            served(world, "I-3"),
            served(world, "I-4", paid_on="2025-05-30", closed_on="2025-06-01"),
        ],
    )
    cases = {c.number: c for c in PenaltyCase.objects.all()}

    assert report.created == 4
    assert report.rejected == []
    assert [cases[n].state for n in ("I-1", "I-2", "I-3", "I-4")] == [
        "clue",
        "filed",
        "served",
        "closed",
    ]
    # the 90-day clock of 第60条, as file_case computes it (test_api)
    assert cases["I-2"].decision_due_on == dt.date(2025, 8, 4)
    assert cases["I-3"].service_due_on is not None
    assert cases["I-3"].service_due_on > dt.date(2025, 5, 20)
    assert cases["I-3"].payment_due_on is not None
    assert cases["I-3"].payment_due_on > dt.date(2025, 5, 22)
    assert cases["I-4"].paid_fen == 500_000
    assert cases["I-4"].surcharge_fen == 0


def test_bad_records_are_reported_by_line_in_both_languages_and_do_not_block_the_rest(
    world,
):
    audit = AuditEntry.objects.count()
    report = import_cases(
        actor=world.user1,
        records=[
            record(world, "B-1"),
            record(world, "B-2", party_kind="alien"),
            record(world, "B-3", filed_on="2025-05-01"),
            record(world, "B-4", received_on="5 May"),
            served(world, "B-5", kinds=["fine"], fine_fen=0),
            record(world, "B-6", subject_id=999_999),
            record(world, "B-7", decided_on="2025-05-20", outcome="penalty"),
            record(world, "B-8"),
        ],
    )
    by_line = {r.line: r for r in report.rejected}

    assert report.created == 2
    assert set(PenaltyCase.objects.values_list("number", flat=True)) == {"B-1", "B-8"}
    assert {line: r.code for line, r in by_line.items()} == {
        2: "party_kind_unknown",
        3: "filed_on_too_early",
        4: "received_on_invalid",
        5: "fine_kind_mismatch",
        6: "subject_not_found",
        7: "decided_before_filing",
    }
    assert by_line[3].zh.startswith("立案日")
    assert "filing day" in by_line[3].en
    assert by_line[2].number == "B-2"
    assert AuditEntry.objects.count() == audit + 1  # one entry for the one organization


def test_an_imported_case_shows_its_import_on_its_timeline(world):
    import_cases(
        actor=world.user1, records=[record(world, "T-1"), record(world, "T-2")]
    )
    case = PenaltyCase.objects.get(number="T-1")

    timeline = selectors.list_case_timeline(user=world.user1, case=case)

    assert [item.action for item in timeline] == ["enforcement.import_cases"]
    assert timeline[0].after == {
        "number": "T-1",
        "record_sm3": bulk._fingerprint(record(world, "T-1")),
        "batch_count": 2,
    }
    # a case the batch did not name has no import on its timeline
    other = PenaltyCase.objects.get(number="T-2")
    other.number = "T-9"
    other.save(update_fields=["number"])
    assert selectors.list_case_timeline(user=world.user1, case=other) == []


def test_importing_the_same_file_twice_changes_nothing(world, tmp_path):
    lines = [json.dumps(record(world, f"R-{i}")) + "\n" for i in range(5)]
    first = import_cases(actor=world.user1, records=lines)
    audit = AuditEntry.objects.count()

    second = import_cases(actor=world.user1, records=lines)

    assert first.created == 5
    assert second.created == 0
    assert second.already_present == 5
    assert PenaltyCase.objects.count() == 5
    assert AuditEntry.objects.count() == audit


def test_a_number_twice_in_one_file_and_a_broken_line_are_rejected(world):
    lines = [
        json.dumps(record(world, "D-1")),
        "",
        "{not json",
        json.dumps(record(world, "D-1", summary="另一案")),
    ]

    report = import_cases(actor=world.user1, records=lines)

    assert report.created == 1
    assert [(r.line, r.code) for r in report.rejected] == [
        (3, "json_invalid"),
        (4, "number_repeated"),
    ]
    assert PenaltyCase.objects.get().summary == "无证经营"


def test_nobody_imports_into_an_organization_they_do_not_work_for(world):
    report = import_cases(
        actor=world.stranger, records=[record(world, "S-1"), record(world, "S-2")]
    )

    assert report.created == 0
    assert [r.code for r in report.rejected] == ["out_of_scope", "out_of_scope"]
    assert not PenaltyCase.objects.exists()


def test_a_batch_is_all_or_nothing(world, monkeypatch):
    original = bulk.store
    calls = []

    def failing_second(rows):
        calls.append(len(rows))
        if len(calls) == 2:
            raise IntegrityError("simulated")
        return original(rows)

    monkeypatch.setattr(bulk, "store", failing_second)
    audit = AuditEntry.objects.count()

    report = import_cases(
        actor=world.user1,
        records=[record(world, f"A-{i}") for i in range(5)],
        batch_size=2,
    )

    assert report.created == 3
    assert sorted(PenaltyCase.objects.values_list("number", flat=True)) == [
        "A-0",
        "A-1",
        "A-4",
    ]
    assert [(r.line, r.code) for r in report.rejected] == [
        (3, "batch_failed"),
        (4, "batch_failed"),
    ]
    assert AuditEntry.objects.count() == audit + 2  # the two batches written


def test_the_import_refreshes_the_rollups_of_the_organizations_it_touched(world):
    import_cases(
        actor=world.user1,
        records=[
            record(world, "U-1", received_on="2025-01-02", filed_on="2025-01-06"),
            served(world, "U-2"),
            served(world, "U-3", paid_on="2025-05-30"),
        ],
    )

    counts = {r.state: r for r in CaseCountRollup.objects.all()}
    dues = list(CaseDueRollup.objects.values_list("due_on", "cases"))

    assert {state: r.cases for state, r in counts.items()} == {
        "filed": 1,
        "served": 1,
        "executed": 1,
    }
    assert counts["executed"].fine_fen == 500_000
    assert len(dues) == 2  # the filed case's decision clock, U-2's payment clock
    assert sum(n for _, n in dues) == 2


def test_the_command_imports_a_json_lines_file(world, tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(record(world, n), ensure_ascii=False) for n in ("C-1", "C-2")
        )
        + "\n"
        + json.dumps(record(world, "C-3", party_name=""))
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.json"

    call_command(
        "enforcement",
        "import-cases",
        str(path),
        "--as",
        world.user1.username,
        "--report",
        str(out),
    )

    assert PenaltyCase.objects.count() == 2
    assert json.loads(out.read_text())["rejected"][0]["line"] == 3


def test_copy_stores_the_same_rows_as_bulk_create(world):
    if connection.vendor != "postgresql":
        pytest.skip("COPY is the PostgreSQL path; SQLite writes with bulk_create")
    records = [
        record(world, "C-1", party_name="带\t制表符\\反斜杠\n换行"),
        record(world, "C-2", filed_on="2025-05-06", facts={"情节": "首次", "n": 1}),
        served(world, "C-3", paid_on="2025-05-30", closed_on="2025-06-01"),
        served(world, "C-4", kinds=["warning"], fine_fen=0, outcome="penalty"),
    ]
    copied = import_cases(actor=world.user1, records=records)
    assert copied.created == len(records), copied.rejected
    volatile = {"id", "created_at", "updated_at", "number"}

    def rows(prefix):
        return [
            {k: v for k, v in row.items() if k not in volatile}
            for row in PenaltyCase.objects.filter(number__startswith=prefix)
            .order_by("number")
            .values()
        ]

    by_copy = rows("C-")
    bulk_created = [{**r, "number": "B" + r["number"]} for r in records]
    with pytest.MonkeyPatch.context() as patch:
        # the same service, writing as it does on any other database
        patch.setattr(
            bulk,
            "store",
            lambda rows: PenaltyCase.objects.bulk_create(bulk.instances(rows)),
        )
        report = import_cases(actor=world.user1, records=bulk_created)
    assert report.created == len(records)
    assert rows("BC-") == by_copy
    assert by_copy[0]["party_name"] == "带\t制表符\\反斜杠\n换行"
    assert by_copy[1]["facts"] == {"情节": "首次", "n": 1}
    stamps = PenaltyCase.objects.filter(number="C-1").values_list(
        "created_at", "updated_at"
    )
    assert all(stamp is not None for stamp in stamps[0])
