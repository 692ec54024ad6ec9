import datetime as dt
import threading

import pytest
from django.db import DatabaseError, connection, transaction

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
