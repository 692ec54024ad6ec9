import json
import random

import pytest
from django.core.management import call_command
from django.db import transaction

from fazhi.core.audit.models import AuditEntry
from fazhi.core.audit.tests.factories import make_chain
from fazhi.core.audit.verify import Problem, verify_chain, verify_database
from fazhi.core.tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

LENGTH = 7
POSITIONS = [1, 2, 4, LENGTH]

# A different value for every column that enters the hash (and the hash itself).
ALTERATIONS = {
    "occurred_at": "occurred_at = '2001-01-01 00:00:00'",
    "actor_label": "actor_label = '李四'",
    "object_type": "object_type = 'core.user'",
    "object_id": "object_id = '999'",
    "object_label": "object_label = '另一单位'",
    "action": "action = 'test.forged'",
    "basis": "basis = ''",
    "before": "before = '{\"n\": 99}'",
    "after": "after = NULL",
    "reason": "reason = '补记'",
    "request_id": "request_id = 'r-1'",
    "ip": "ip = '10.0.0.1'",
    "prev_hash": "prev_hash = '" + "f" * 64 + "'",
    "hash": "hash = '" + "e" * 64 + "'",
}


def swap_positions(tamper, a, b):
    tamper("UPDATE audit_auditentry SET seq = -1 WHERE seq = %s", [a])
    tamper("UPDATE audit_auditentry SET seq = %s WHERE seq = %s", [a, b])
    tamper("UPDATE audit_auditentry SET seq = %s WHERE seq = -1", [b])


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("column", sorted(ALTERATIONS))
def test_altering_any_column_is_detected_at_that_entry(tamper, column, position):
    make_chain(LENGTH)

    tamper(
        f"UPDATE audit_auditentry SET {ALTERATIONS[column]} WHERE seq = %s",  # noqa: S608
        [position],
    )

    broken = verify_database().broken
    assert broken is not None
    assert broken.seq == position
    assert broken.problem == Problem.ALTERED


@pytest.mark.parametrize("position", POSITIONS)
def test_changing_the_actor_or_organization_is_detected(tamper, position):
    make_chain(LENGTH)
    other_user, other_org = UserFactory(), OrganizationFactory()

    tamper(
        "UPDATE audit_auditentry SET actor_id = %s, organization_id = %s WHERE seq = %s",
        [other_user.pk, other_org.pk, position],
    )

    assert verify_database().broken.seq == position


@pytest.mark.parametrize("position", POSITIONS)
def test_deleting_an_entry_is_detected_at_that_entry(tamper, position):
    make_chain(LENGTH)

    tamper("DELETE FROM audit_auditentry WHERE seq = %s", [position])

    broken = verify_database().broken
    assert broken.seq == position
    assert broken.problem == Problem.MISSING


@pytest.mark.parametrize(
    ("a", "b"), [(1, 2), (1, LENGTH), (3, 5), (LENGTH - 1, LENGTH)]
)
def test_swapping_two_entries_is_detected_at_the_first_of_them(tamper, a, b):
    make_chain(LENGTH)

    swap_positions(tamper, a, b)

    broken = verify_database().broken
    assert broken.seq == a
    assert broken.problem == Problem.REORDERED


def test_a_relinked_entry_with_a_recomputed_hash_is_detected(tamper):
    entries = make_chain(LENGTH)
    forged = AuditEntry.objects.values().get(seq=4)
    forged["prev_hash"] = "a" * 64
    from fazhi.core.audit.chain import entry_hash

    tamper(
        "UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE seq = 4",
        [forged["prev_hash"], entry_hash(forged)],
    )

    broken = verify_database().broken
    assert broken.seq == 4
    assert broken.problem == Problem.PREV_HASH_MISMATCH
    assert len(entries) == LENGTH


def test_an_entry_slipped_in_past_the_head_is_detected(tamper):
    make_chain(3)
    row = AuditEntry.objects.values().get(seq=3)

    tamper(
        "INSERT INTO audit_auditentry (seq, occurred_at, actor_label, object_type,"
        " object_id, object_label, action, basis, reason, request_id, ip, prev_hash,"
        " hash) VALUES (4, %s, '', '', '', '', 'test.x', '', '', '', '', %s, %s)",
        [row["occurred_at"], row["hash"], "b" * 64],
    )

    broken = verify_database().broken
    assert broken.seq == 4
    assert broken.problem == Problem.HEAD_MISMATCH


def test_random_tampering_is_always_detected_where_it_happened(tamper):
    make_chain(50)
    rng = random.Random(20261121)
    detected = 0

    for _ in range(200):
        kind = rng.choice(["alter", "delete", "swap"])
        position = rng.randint(1, 50)
        with transaction.atomic():
            if kind == "alter":
                column = rng.choice(sorted(ALTERATIONS))
                tamper(
                    f"UPDATE audit_auditentry SET {ALTERATIONS[column]} WHERE seq = %s",  # noqa: S608
                    [position],
                )
            elif kind == "delete":
                tamper("DELETE FROM audit_auditentry WHERE seq = %s", [position])
            else:
                position = rng.randint(1, 49)
                swap_positions(tamper, position, rng.randint(position + 1, 50))
            broken = verify_database().broken
            detected += broken is not None and broken.seq == position
            transaction.set_rollback(True)

    assert detected == 200
    assert verify_database().ok


def test_verify_chain_reports_a_row_out_of_order():
    make_chain(2)
    rows = list(AuditEntry.objects.order_by("seq").values())

    report = verify_chain([rows[0], rows[0], rows[1]])

    assert report.broken.seq == 2
    assert report.broken.problem == Problem.REORDERED


def test_verify_chain_accepts_an_empty_record():
    assert verify_chain([]).ok


def test_the_command_exits_zero_on_an_intact_chain(capsys):
    make_chain(5)

    call_command("audit", "verify", "--json")

    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True
    assert out["checked"] == 5


def test_the_command_exits_non_zero_and_names_the_broken_entry(tamper, capsys):
    make_chain(5)
    tamper("UPDATE audit_auditentry SET basis = '' WHERE seq = 3")

    with pytest.raises(SystemExit) as excinfo:
        call_command("audit", "verify")

    assert excinfo.value.code == 1
    out = capsys.readouterr().out
    assert "第 3 条" in out
    assert "#3" in out
    assert "altered" in out
