"""Unified numbering: per organization and year, gap-free, never reused."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections, transaction

from fazhi.core.errors import DomainError
from fazhi.normdocs import services
from fazhi.normdocs.models import Document, NumberCounter, State
from fazhi.normdocs.tests.conftest import (
    PUBLISHED,
    REGISTERED,
    TEXT,
    advance,
    pass_review,
    snapshot,
)


def approved(tree, people, title):
    document = services.create_draft(
        actor=people.drafter,
        organization=tree["A"],
        title=title,
        text=TEXT,
        affects_rights=False,
    )
    services.submit_for_review(
        actor=people.drafter, document=document, today=REGISTERED
    )
    pass_review(document, people, REGISTERED)
    services.record_deliberation(
        actor=people.drafter,
        document=document,
        meeting="局务会议",
        held_on=REGISTERED,
        decision="approved",
        today=REGISTERED,
    )
    document.refresh_from_db()
    return document


@pytest.mark.django_db
def test_numbers_are_consecutive_per_year_and_restart_each_year(
    tree, people, numbering
):
    first, second, third = (approved(tree, people, f"文件{i}") for i in range(3))

    services.register_document(actor=people.reviewer, document=first, today=REGISTERED)
    services.register_document(actor=people.reviewer, document=second, today=REGISTERED)
    services.register_document(
        actor=people.reviewer, document=third, today=dt.date(2027, 1, 4)
    )

    assert [first.number, second.number, third.number] == [
        "正市监规〔2026〕1号",
        "正市监规〔2026〕2号",
        "正市监规〔2027〕1号",
    ]


@pytest.mark.django_db
def test_a_rolled_back_registration_leaves_no_gap(tree, people, numbering):
    first, second = approved(tree, people, "甲"), approved(tree, people, "乙")

    def fail_after_registering():
        with transaction.atomic():
            services.register_document(
                actor=people.reviewer, document=first, today=REGISTERED
            )
            raise RuntimeError("the publication system failed")

    with pytest.raises(RuntimeError):
        fail_after_registering()
    first.refresh_from_db()
    services.register_document(actor=people.reviewer, document=second, today=REGISTERED)

    assert first.number is None
    assert second.number == "正市监规〔2026〕1号"


@pytest.mark.django_db
def test_registration_continues_after_the_numbers_of_recorded_documents(
    tree, people, numbering
):
    services.record_existing_document(
        actor=people.drafter,
        organization=tree["A"],
        title="存量文件",
        text=TEXT,
        number="正市监规〔2026〕3号",
        published_on=dt.date(2026, 1, 5),
    )
    services.record_existing_document(
        actor=people.drafter,
        organization=tree["A"],
        title="另一格式的存量文件",
        text=TEXT,
        number="正市监发〔2026〕9号",  # not this organ's normative-document pattern
        published_on=dt.date(2026, 1, 6),
    )
    document = approved(tree, people, "新文件")

    services.register_document(
        actor=people.reviewer, document=document, today=REGISTERED
    )

    assert document.number == "正市监规〔2026〕4号"
    recorded = Document.objects.get(title="存量文件")
    assert (recorded.number_year, recorded.number_sequence) == (2026, 3)


@pytest.mark.django_db
def test_a_scheme_set_after_recording_counts_the_recorded_numbers(tree, people):
    services.record_existing_document(
        actor=people.drafter,
        organization=tree["A"],
        title="存量文件",
        text=TEXT,
        number="正市监规〔2026〕5号",
        published_on=dt.date(2026, 1, 5),
    )
    services.configure_numbering(
        actor=people.drafter, organization=tree["A"], prefix="正市监规"
    )
    document = approved(tree, people, "新文件")

    services.register_document(
        actor=people.reviewer, document=document, today=REGISTERED
    )

    assert document.number == "正市监规〔2026〕6号"


@pytest.mark.django_db
def test_a_number_already_used_is_never_given_again(tree, people, numbering):
    services.record_existing_document(
        actor=people.drafter,
        organization=tree["A"],
        title="存量文件",
        text=TEXT,
        number="正市监规〔2026〕1号",
        published_on=dt.date(2026, 1, 5),
    )
    NumberCounter.objects.update(last_number=0)  # a counter set back by hand
    document = approved(tree, people, "新文件")
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.register_document(
            actor=people.reviewer, document=document, today=REGISTERED
        )

    assert caught.value.code == "number_taken"
    assert "不得重复使用" in caught.value.zh
    assert snapshot() == before


@pytest.mark.django_db
def test_recording_an_existing_document_with_a_used_number_is_refused(
    tree, people, draft
):
    document = advance(draft, people, State.PUBLISHED)
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.record_existing_document(
            actor=people.drafter,
            organization=tree["A"],
            title="另一份",
            text=TEXT,
            number=document.number,
            published_on=PUBLISHED,
        )

    assert caught.value.code == "number_taken"
    assert "河北省" in caught.value.zh  # names the rule (三统一)
    assert snapshot() == before


@pytest.mark.django_db
def test_registration_is_refused_without_a_numbering_scheme(tree, people):
    document = approved(tree, people, "无编号规则")
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.register_document(
            actor=people.reviewer, document=document, today=REGISTERED
        )

    assert caught.value.code == "numbering_not_configured"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_pattern_without_the_number_is_refused(tree, people):
    with pytest.raises(DomainError) as caught:
        services.configure_numbering(
            actor=people.drafter,
            organization=tree["A"],
            prefix="X",
            pattern="{prefix}〔{year}〕号",
        )
    assert caught.value.code == "numbering_bad_pattern"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("counter_exists", [True, False], ids=["locked", "first"])
def test_two_concurrent_registrations_get_different_consecutive_numbers(
    tree, people, numbering, counter_exists
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises writers")
    documents = [approved(tree, people, f"并发{i}") for i in range(2)]
    if counter_exists:
        # Only the counter row's lock can keep the two apart.
        NumberCounter.objects.create(organization=tree["A"], year=2026, last_number=0)
    # else: both create the year's counter at once; the unique key makes one wait.
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def register(document: Document) -> None:
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)  # both transactions are open now
                services.register_document(
                    actor=people.reviewer, document=document, today=REGISTERED
                )
                time.sleep(0.3)  # hold the counter's lock: the other one must wait
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(d,)) for d in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    numbers = sorted(
        Document.objects.filter(pk__in=[d.pk for d in documents]).values_list(
            "number_sequence", flat=True
        )
    )
    assert numbers == [1, 2]
    assert NumberCounter.objects.get(organization=tree["A"], year=2026).last_number == 2
