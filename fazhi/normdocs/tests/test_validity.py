"""Validity: the daily expiry command, the "in force" search, renewal, abolition."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from fazhi.core.audit.models import AuditEntry
from fazhi.core.errors import DomainError
from fazhi.laws.search.base import SearchQuery
from fazhi.laws.search.indexing import get_backend
from fazhi.normdocs import selectors, services
from fazhi.normdocs.models import Document, State
from fazhi.normdocs.tests.conftest import EFFECTIVE, advance, snapshot

pytestmark = pytest.mark.django_db

LAST_DAY = dt.date(2031, 4, 30)


def hits(words, day):
    """How many articles of normative documents in force on ``day`` say ``words``."""
    found = get_backend().search(SearchQuery(text=words, as_of=day)).hits
    return sum(
        1
        for h in found
        if h.kind == "normative_document"
        and words in h.snippet.replace("<mark>", "").replace("</mark>", "")
    )


def expire(today):
    out = StringIO()
    call_command("normdocs", "expire", "--today", today.isoformat(), stdout=out)
    return out.getvalue()


def test_a_published_document_is_found_by_the_in_force_search_until_it_expires(
    draft, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = advance(draft, people, State.PUBLISHED)

    assert hits("公示经营者信息", EFFECTIVE) == 1
    assert hits("公示经营者信息", LAST_DAY) == 1
    assert hits("公示经营者信息", LAST_DAY + dt.timedelta(days=1)) == 0
    assert document.version.status_on(LAST_DAY + dt.timedelta(days=1)) == "expired"


def public_search(client, words, day, status="in_force"):
    """The titles the public API and the ``fazhi search`` command find on ``day``."""
    with time_machine.travel(dt.datetime.combine(day, dt.time(10)), tick=False):
        api = client.get("/api/v1/laws/search", {"q": words, "status": status})
        out = StringIO()
        call_command("search", words, "--status", status, "--json", stdout=out)
    assert api.status_code == 200, api.content
    command = json.loads(out.getvalue())
    return (
        {hit["full_title"] for hit in api.json()["hits"]},
        {hit["title"] for hit in command["hits"]},
    )


@pytest.mark.parametrize("end", ["expire", "abolish"])
def test_the_public_search_and_the_search_command_follow_the_document(
    client, draft, people, django_capture_on_commit_callbacks, end
):
    title = draft.title
    with django_capture_on_commit_callbacks(execute=True):
        document = advance(draft, people, State.PUBLISHED)

    assert public_search(client, "公示经营者信息", EFFECTIVE) == ({title}, {title})

    ended = LAST_DAY + dt.timedelta(days=1) if end == "expire" else dt.date(2027, 1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        if end == "expire":
            expire(ended)
        else:
            services.abolish_document(
                actor=people.drafter, document=document, on=ended, reason="上位法已修改"
            )
    later = ended + dt.timedelta(days=1)

    assert public_search(client, "公示经营者信息", later) == (set(), set())
    assert public_search(client, "公示经营者信息", later, status="any") == (
        {title},
        {title},
    )


def test_the_daily_command_expires_documents_once(draft, people):
    document = advance(draft, people, State.PUBLISHED)

    assert "0 件" in expire(LAST_DAY)
    assert "1 件" in expire(LAST_DAY + dt.timedelta(days=1))
    after_first = snapshot()
    assert "0 件" in expire(LAST_DAY + dt.timedelta(days=2))

    assert snapshot() == after_first
    document.refresh_from_db()
    assert document.state == State.EXPIRED
    assert document.ended_on == LAST_DAY + dt.timedelta(days=1)
    entry = AuditEntry.objects.get(action="normdocs.document.expire")
    assert entry.actor is None
    assert "河北省" in entry.basis
    assert list(selectors.catalogue(kind="in_force", today=LAST_DAY)) == []
    assert list(selectors.catalogue(kind="expired")) == [document]


def test_a_bad_date_is_a_clear_command_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("normdocs", "expire", "--today", "2026-13-01")


def test_renewal_needs_a_fresh_review_and_decision_and_supersedes_the_old_one(
    draft, people, django_capture_on_commit_callbacks
):
    old = advance(draft, people, State.PUBLISHED)
    renewal = services.start_renewal(actor=people.drafter, document=old)

    assert renewal.state == State.DRAFTING
    assert renewal.renewal_of == old
    with pytest.raises(DomainError) as twice:
        services.start_renewal(actor=people.drafter, document=old)
    assert twice.value.code == "renewal_in_progress"

    # The renewal goes through the whole procedure again (consultation included).
    from fazhi.normdocs.tests import conftest

    with django_capture_on_commit_callbacks(execute=True):
        renewed = _advance_later(renewal, people, conftest)

    old.refresh_from_db()
    assert old.state == State.SUPERSEDED
    assert old.ended_on == renewed.effective_on
    assert renewed.instrument == old.instrument  # one instrument, a new version
    assert renewed.number == "正市监规〔2031〕1号"
    assert hits("公示经营者信息", dt.date(2031, 6, 1)) == 1


def _advance_later(document, people, conftest):
    """The happy path five years later."""
    shift = dt.date(2031, 3, 3) - conftest.DRAFT_DAY
    names = [
        "OPENS",
        "CLOSES",
        "CLOSED",
        "SUBMITTED",
        "REVIEWED",
        "DELIBERATED",
        "REGISTERED",
        "PUBLISHED",
        "EFFECTIVE",
    ]
    saved = {n: getattr(conftest, n) for n in names}
    try:
        for n in names:
            setattr(conftest, n, saved[n] + shift)
        return advance_module(conftest)(document, people, State.PUBLISHED)
    finally:
        for n, v in saved.items():
            setattr(conftest, n, v)


def advance_module(conftest):
    return conftest.advance


def test_abolishing_takes_the_document_out_of_the_in_force_search(
    draft, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = advance(draft, people, State.PUBLISHED)
    before = snapshot()
    with pytest.raises(DomainError) as reasonless:
        services.abolish_document(
            actor=people.drafter, document=document, on=dt.date(2027, 1, 1), reason=""
        )
    assert reasonless.value.code == "reason_required"
    assert snapshot() == before

    with django_capture_on_commit_callbacks(execute=True):
        services.abolish_document(
            actor=people.drafter,
            document=document,
            on=dt.date(2027, 1, 1),
            reason="上位法已修改",
        )

    assert Document.objects.get(pk=document.pk).state == State.ABOLISHED
    assert hits("公示经营者信息", dt.date(2026, 12, 31)) == 1
    assert hits("公示经营者信息", dt.date(2027, 1, 2)) == 0
    assert list(selectors.catalogue(kind="abolished")) == [document]


@pytest.mark.parametrize(
    ("title", "years", "last_day"),
    [
        ("正定县农贸市场管理办法", 5, dt.date(2031, 4, 30)),
        ("正定县摊点管理暂行办法", 2, dt.date(2028, 4, 30)),
        ("正定县夜市经营管理试行规定", 2, dt.date(2028, 4, 30)),
    ],
)
def test_the_validity_limit_reads_the_title(title, years, last_day):
    limit = services.validity_limit(title=title, effective_on=EFFECTIVE)

    assert (limit.years, limit.last_day) == (years, last_day)
    assert limit.provisional is (years == 2)
