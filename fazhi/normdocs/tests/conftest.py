"""Fixtures of the normdocs tests: an organization tree, people in roles, and a
helper that walks a document through the procedure up to a given state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.forms.models import model_to_dict

from fazhi.core.audit.models import AuditEntry
from fazhi.core.models import Role
from fazhi.core.tests.factories import MembershipFactory, UserFactory, org_tree
from fazhi.laws.models import Instrument, Version
from fazhi.laws.search import indexing
from fazhi.normdocs import models, services
from fazhi.normdocs.models import FindingDisposition, State

TEXT = (
    "第一条 为了规范本县农贸市场经营秩序，制定本办法。\n"
    "第二条 市场开办者应当公示经营者信息。\n"
    "第三条 本办法自公布之日起施行。"
)

#: The days the happy path uses (2026: the calendar years are known).
DRAFT_DAY = dt.date(2026, 3, 2)
OPENS = DRAFT_DAY
CLOSES = dt.date(2026, 4, 1)  # 30 days
CLOSED = dt.date(2026, 4, 2)
SUBMITTED = dt.date(2026, 4, 3)
REVIEWED = dt.date(2026, 4, 10)
DELIBERATED = dt.date(2026, 4, 15)
REGISTERED = dt.date(2026, 4, 16)
PUBLISHED = dt.date(2026, 4, 20)
EFFECTIVE = dt.date(2026, 5, 1)


@pytest.fixture(autouse=True)
def search_dir(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """A throw-away search index: publication reindexes the laws library."""
    path = tmp_path / "search"
    settings.LAWS_SEARCH_DIR = path
    indexing._backend_for.cache_clear()
    yield path
    indexing._backend_for.cache_clear()


def member(organization: Any, role: str) -> Any:
    user = UserFactory()
    MembershipFactory(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def tree(db: Any) -> dict[str, Any]:
    return org_tree()


@pytest.fixture
def people(tree: dict[str, Any]) -> SimpleNamespace:
    return SimpleNamespace(
        drafter=member(tree["A"], Role.STAFF),  # 正定县市场监督管理局
        reviewer=member(tree["K_dept"], Role.LEGAL_REVIEWER),  # 正定县司法局
        other=member(tree["B"], Role.STAFF),  # a sibling department
        other_reviewer=member(tree["C_dept"], Role.LEGAL_REVIEWER),  # the city's
        county=member(tree["K"], Role.STAFF),  # 正定县人民政府 (filing body of A)
        city_reviewer=member(tree["C_dept"], Role.LEGAL_REVIEWER),
        auditor=member(tree["A"], Role.AUDIT_ADMIN),
    )


@pytest.fixture
def numbering(tree: dict[str, Any], people: SimpleNamespace) -> Any:
    return services.configure_numbering(
        actor=people.drafter, organization=tree["A"], prefix="正市监规"
    )


@pytest.fixture
def draft(tree: dict[str, Any], people: SimpleNamespace, numbering: Any) -> Any:
    return services.create_draft(
        actor=people.drafter,
        organization=tree["A"],
        title="正定县农贸市场管理办法",
        text=TEXT,
        explanation="为规范农贸市场秩序起草本办法。",
        affects_rights=True,
        touches_economic_activity=True,
    )


ORDER = [
    State.DRAFTING,
    "consulted",
    State.REVIEWING,
    State.REVIEWED,
    State.APPROVED,
    State.REGISTERED,
    State.PUBLISHED,
]


def fcr_answers(**contains: bool) -> dict[str, bool]:
    from fazhi.normdocs import rules

    answers = {item.id: False for item in rules.fair_competition().items}
    answers.update({k.replace("_", "."): v for k, v in contains.items()})
    return answers


def dispose_all(review: Any, people: SimpleNamespace) -> None:
    """The reviewer dismisses every pending pre-review finding, with a note."""
    for finding in review.findings.filter(disposition=FindingDisposition.PENDING):
        services.dispose_finding(
            actor=people.reviewer,
            finding=finding,
            disposition=FindingDisposition.DISMISSED,
            note="经核对不构成问题。",
        )


def pass_review(document: Any, people: SimpleNamespace, today: dt.date) -> Any:
    """The reviewer disposes of every pre-review finding and passes the review."""
    review = document.reviews.order_by("-pk").first()
    dispose_all(review, people)
    return services.conclude_review(
        actor=people.reviewer,
        review=review,
        outcome="passed",
        opinion="合法，同意。",
        today=today,
    )


def advance(document: Any, people: SimpleNamespace, to: str) -> Any:
    """Walk ``document`` (a fresh draft) through the procedure up to ``to``.

    ``consulted``: the consultation is closed and its statement published.
    """
    goal = ORDER.index(to)
    if goal >= ORDER.index("consulted"):
        consultation = services.open_consultation(
            actor=people.drafter, document=document, closes_on=CLOSES, today=OPENS
        )
        services.submit_comment(
            consultation=consultation,
            text="建议明确公示方式。",
            name="张三",
            contact="13800000000",
            today=OPENS,
        )
        services.close_consultation(
            actor=people.drafter, document=document, today=CLOSED
        )
        for comment in consultation.comments.all():
            services.dispose_comment(
                actor=people.drafter, comment=comment, disposition="adopted"
            )
        services.publish_adoption_statement(
            actor=people.drafter, consultation=consultation, today=CLOSED
        )
    if goal >= ORDER.index(State.REVIEWING):
        services.record_fair_competition_review(
            actor=people.drafter,
            document=document,
            answers=fcr_answers(),
            conclusion="未发现排除、限制竞争的内容。",
            today=SUBMITTED,
        )
        services.submit_for_review(
            actor=people.drafter, document=document, today=SUBMITTED
        )
    if goal >= ORDER.index(State.REVIEWED):
        pass_review(document, people, REVIEWED)
    if goal >= ORDER.index(State.APPROVED):
        services.record_deliberation(
            actor=people.drafter,
            document=document,
            meeting="局务会议2026年第5次",
            held_on=DELIBERATED,
            decision="approved",
            today=DELIBERATED,
        )
    if goal >= ORDER.index(State.REGISTERED):
        services.register_document(
            actor=people.reviewer, document=document, today=REGISTERED
        )
    if goal >= ORDER.index(State.PUBLISHED):
        services.publish_document(
            actor=people.drafter,
            document=document,
            published_on=PUBLISHED,
            effective_on=EFFECTIVE,
            today=PUBLISHED,
        )
    document.refresh_from_db()
    return document


def snapshot() -> dict[str, Any]:
    """Every row the module writes (and the audit record): equal before and after a
    refused request means the refusal changed nothing."""
    rows: dict[str, Any] = {
        "audit": list(AuditEntry.objects.order_by("seq").values_list("seq", "hash")),
        "instruments": Instrument.objects.count(),
        "versions": list(
            Version.objects.values_list("pk", "expired_on", "repealed_on")
        ),
    }
    for model in (
        models.Document,
        models.Consultation,
        models.Comment,
        models.LegalityReview,
        models.PrereviewFinding,
        models.FairCompetitionReview,
        models.Deliberation,
        models.Filing,
        models.Campaign,
        models.CampaignItem,
        models.ReviewRequest,
        models.NumberCounter,
        models.LegalBasis,
    ):
        rows[model.__name__] = [
            model_to_dict(obj) for obj in model.objects.order_by("pk")
        ]
    return rows
