import contextlib
import datetime as dt
import threading

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from fazhi.core.audit.chain import entry_hash
from fazhi.core.audit.models import GENESIS_HASH, AuditEntry, ChainHead
from fazhi.core.audit.services import AuditOutsideTransactionError, record
from fazhi.core.audit.tests.factories import make_chain
from fazhi.core.audit.verify import verify_database
from fazhi.core.errors import DomainError
from fazhi.core.tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only"
)


def test_record_chains_each_entry_to_the_previous_one():
    organization = OrganizationFactory()
    actor = UserFactory(display_name="张三", username="zhangsan")

    first = record(actor=actor, action="test.create", obj=organization, basis="第一条")
    second = record(actor=None, action="test.close", after={"closed": True})

    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert first.organization == organization
    assert first.object_type == "core.organization"
    assert first.object_id == str(organization.pk)
    assert first.actor_label == "张三（zhangsan）"
    assert second.actor_label == "系统 / system"
    assert ChainHead.objects.get().seq == 2


def test_the_stored_entry_hashes_to_its_recorded_hash():
    entry = record(actor=None, action="test.dates", after={"day": dt.date(2025, 1, 2)})

    stored = AuditEntry.objects.values().get(seq=entry.seq)

    assert stored["after"] == {"day": "2025-01-02"}
    assert entry_hash(stored) == entry.hash


def test_a_fresh_chain_verifies():
    make_chain(12)

    report = verify_database()

    assert report.ok
    assert report.checked == 12


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused():
    with pytest.raises(AuditOutsideTransactionError):
        record(actor=None, action="test.loose")

    assert not AuditEntry.objects.exists()


def test_a_rolled_back_transaction_leaves_no_entry():
    make_chain(2)

    def doomed():
        with transaction.atomic():
            record(actor=None, action="test.doomed")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        doomed()

    assert AuditEntry.objects.count() == 2
    assert ChainHead.objects.get().seq == 2
    assert verify_database().ok


def test_the_orm_refuses_to_change_an_entry():
    entry = make_chain(1)[0]
    entry.reason = "改写"

    with pytest.raises(DomainError) as excinfo:
        entry.save()

    assert excinfo.value.code == "audit_append_only"
    assert AuditEntry.objects.get().reason == "测试"


@pytest.mark.parametrize(
    "attempt",
    [
        lambda e: e.delete(),
        lambda e: AuditEntry.objects.filter(seq=e.seq).delete(),
        lambda e: AuditEntry.objects.filter(seq=e.seq).update(reason="x"),
        lambda e: AuditEntry.objects.all().delete(),
    ],
    ids=["instance_delete", "queryset_delete", "queryset_update", "delete_all"],
)
def test_the_orm_refuses_to_delete_or_update_entries(attempt):
    entry = make_chain(1)[0]

    with pytest.raises(DomainError):
        attempt(entry)

    assert AuditEntry.objects.get().reason == entry.reason


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET reason = 'x' WHERE seq = 1",
        "DELETE FROM audit_auditentry WHERE seq = 1",
        "DELETE FROM audit_auditentry",
    ],
)
def test_the_database_refuses_update_and_delete(sql):
    make_chain(2)

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute(sql)

    assert AuditEntry.objects.count() == 2
    assert verify_database().ok


@postgresql_only
def test_postgresql_refuses_truncate():
    make_chain(1)

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("TRUNCATE audit_auditentry")

    assert AuditEntry.objects.count() == 1


def test_the_triggers_are_back_after_tampering(tamper):
    make_chain(1)
    tamper("UPDATE audit_auditentry SET reason = 'x' WHERE seq = 1")

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("DELETE FROM audit_auditentry")

    assert AuditEntry.objects.count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_on_postgresql_form_one_chain():
    errors = []

    def append(n):
        try:
            for i in range(10):
                with transaction.atomic():
                    record(actor=None, action=f"test.thread{n}", after={"i": i})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == list(range(1, 61))
    assert verify_database().ok


def test_sm3_gives_the_standard_test_vector():
    from fazhi.core.audit.chain import sm3

    assert sm3(b"abc") == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )


@pytest.mark.django_db(transaction=True)
def test_appends_in_one_transaction_read_the_head_once():
    with transaction.atomic():
        make_chain(1)

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        for n in range(5):
            record(actor=None, action="test.batch", after={"n": n})

    head_reads = [q for q in queries if q["sql"].startswith("SELECT seq, hash")]
    assert len(head_reads) == 1
    assert ChainHead.objects.get().seq == 6
    assert verify_database().ok


def _append_twice_then_fail(action):
    with transaction.atomic():
        record(actor=None, action=action)
        record(actor=None, action=action)
        raise RuntimeError


def test_a_rolled_back_savepoint_does_not_leave_a_stale_head():
    make_chain(1)

    with transaction.atomic():
        record(actor=None, action="test.kept")
        with pytest.raises(RuntimeError):
            _append_twice_then_fail("test.undone")
        third = record(actor=None, action="test.after")

    assert third.seq == 3
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "test.act0",
        "test.kept",
        "test.after",
    ]
    assert ChainHead.objects.get().seq == 3
    assert verify_database().ok


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_does_not_poison_the_next_one():
    with transaction.atomic():
        record(actor=None, action="test.first")

    with pytest.raises(RuntimeError):
        _append_twice_then_fail("test.doomed")
    with transaction.atomic():
        after = record(actor=None, action="test.next")

    assert after.seq == 2
    assert AuditEntry.objects.count() == 2
    assert ChainHead.objects.get().seq == 2
    assert verify_database().ok


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_with_rollbacks_on_postgresql_form_one_chain():
    errors = []

    def append(n):
        try:
            for i in range(5):
                with transaction.atomic():
                    record(actor=None, action=f"test.thread{n}", after={"i": i})
                    with contextlib.suppress(RuntimeError), transaction.atomic():
                        record(actor=None, action="test.undone")
                        raise RuntimeError
                    record(actor=None, action=f"test.thread{n}", after={"i": -i})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == list(range(1, 41))
    assert not AuditEntry.objects.filter(action="test.undone").exists()
    assert verify_database().ok


@pytest.mark.django_db
def test_flush_is_refused_where_emptying_the_database_is_not_allowed(settings):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.FAZHI_FLUSH_ALLOWED = False
    with transaction.atomic():
        record(actor=None, action="test.kept")

    with pytest.raises(CommandError, match="not allowed"):
        call_command("flush", "--no-input")

    assert AuditEntry.objects.filter(action="test.kept").count() == 1
