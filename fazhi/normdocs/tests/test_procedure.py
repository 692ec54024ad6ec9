"""The procedure from draft to publication, and the refusals that name the article."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.audit.models import AuditEntry
from fazhi.core.errors import DomainError, PermissionDeniedError
from fazhi.core.workflow import StepRefusedError
from fazhi.laws.models import Kind
from fazhi.normdocs import services
from fazhi.normdocs.models import Document, State
from fazhi.normdocs.tests.conftest import (
    CLOSED,
    CLOSES,
    DELIBERATED,
    EFFECTIVE,
    OPENS,
    PUBLISHED,
    REGISTERED,
    REVIEWED,
    SUBMITTED,
    advance,
    dispose_all,
    fcr_answers,
    pass_review,
    snapshot,
)
from fazhi.normdocs.workflow import DOCUMENT, FILING_WORKFLOW

pytestmark = pytest.mark.django_db


def test_the_whole_procedure_ends_in_a_numbered_published_document(draft, people):
    document = advance(draft, people, State.PUBLISHED)

    assert document.state == State.PUBLISHED
    assert document.number == "正市监规〔2026〕1号"
    assert document.effective_on == EFFECTIVE
    assert document.valid_until == dt.date(2031, 4, 30)  # 5 years, Hebei opinions
    assert document.instrument.kind == Kind.NORMATIVE_DOCUMENT
    assert document.instrument.document_number == "正市监规〔2026〕1号"
    assert document.version.expired_on == dt.date(2031, 5, 1)
    actions = list(
        AuditEntry.objects.filter(
            object_type="normdocs.document", object_id=str(document.pk)
        )
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "normdocs.document.draft",
        "normdocs.document.register",
        "normdocs.document.publish",
    ]
    assert AuditEntry.objects.filter(action="normdocs.review.conclude").count() == 1
    assert AuditEntry.objects.filter(action="normdocs.deliberation.record").count() == 1


def test_the_declared_machine_lists_every_step_with_its_article():
    rows = {name: basis for name, _, _, basis in DOCUMENT.describe()}

    assert "第62条第2款" in rows["open_consultation"]
    assert "第63条第2款" in rows["submit_for_review"]
    assert "第18条" not in rows["register"]  # the gate is a guard, not the step's basis
    assert "第64条第2款" in rows["publish"]
    assert rows["withdraw"] == ""


def test_skipping_the_consultation_is_refused_and_changes_nothing(draft, people):
    before = snapshot()

    with pytest.raises(StepRefusedError) as caught:
        services.submit_for_review(
            actor=people.drafter, document=draft, today=SUBMITTED
        )

    assert caught.value.code == "consultation_required"
    assert "第62条第2款" in caught.value.zh
    assert "Article" not in caught.value.zh
    assert caught.value.en
    assert snapshot() == before


def test_a_document_not_affecting_rights_goes_to_review_without_consultation(
    tree, people, numbering
):
    document = services.create_draft(
        actor=people.drafter,
        organization=tree["A"],
        title="内部工作规则",
        text="第一条 本规则适用于本局。",
        affects_rights=False,
    )

    review = services.submit_for_review(
        actor=people.drafter, document=document, today=SUBMITTED
    )

    assert review.reviewing_organization == tree["K_dept"]
    assert review.due_on > SUBMITTED


def test_skipping_the_review_is_refused_at_every_later_step(draft, people):
    document = advance(draft, people, "consulted")
    before = snapshot()

    for call in (
        lambda: services.record_deliberation(
            actor=people.drafter,
            document=document,
            meeting="局务会议",
            held_on=DELIBERATED,
            decision="approved",
            today=DELIBERATED,
        ),
        lambda: services.register_document(
            actor=people.reviewer, document=document, today=REGISTERED
        ),
        lambda: services.publish_document(
            actor=people.drafter, document=document, today=PUBLISHED
        ),
    ):
        with pytest.raises(StepRefusedError) as caught:
            call()
        assert caught.value.code == "step_not_allowed"
        assert "第" in caught.value.zh

    assert snapshot() == before


def test_a_text_changed_after_review_needs_a_fresh_review(draft, people):
    document = advance(draft, people, State.REVIEWING)
    review = document.reviews.get()
    dispose_all(review, people)
    services.conclude_review(
        actor=people.reviewer,
        review=review,
        outcome="amend",
        opinion="第二条需修改。",
        today=REVIEWED,
    )
    document.refresh_from_db()
    services.update_draft(
        actor=people.drafter, document=document, text=document.text + "\n第四条 补充。"
    )
    document.state = State.REVIEWED  # as if someone forced the state

    refusal = DOCUMENT.refusal(document, "approve")

    assert refusal is not None
    assert refusal.code == "legality_review_required"


def test_a_review_by_someone_outside_the_legal_institution_is_refused(draft, people):
    document = advance(draft, people, State.REVIEWING)
    review = document.reviews.get()
    before = snapshot()

    for outsider in (people.drafter, people.other_reviewer, people.county):
        with pytest.raises(PermissionDeniedError) as caught:
            services.conclude_review(
                actor=outsider,
                review=review,
                outcome="passed",
                opinion="同意",
                today=REVIEWED,
            )
        assert caught.value.code == "not_legal_reviewer"
        assert "第63条第2款" in caught.value.zh

    assert snapshot() == before


def test_the_audit_administrator_can_change_nothing(draft, people):
    before = snapshot()

    with pytest.raises(PermissionDeniedError) as caught:
        services.update_draft(actor=people.auditor, document=draft, title="改")

    assert caught.value.code == "audit_admin_read_only"
    assert snapshot() == before


def test_a_review_opinion_is_required_and_a_concluded_review_stays_concluded(
    draft, people
):
    document = advance(draft, people, State.REVIEWING)
    review = document.reviews.get()

    with pytest.raises(DomainError) as caught:
        services.conclude_review(
            actor=people.reviewer,
            review=review,
            outcome="passed",
            opinion=" ",
            today=REVIEWED,
        )
    assert caught.value.code == "opinion_required"

    dispose_all(review, people)
    services.conclude_review(
        actor=people.reviewer,
        review=review,
        outcome="passed",
        opinion="同意",
        today=REVIEWED,
    )
    with pytest.raises(DomainError) as again:
        services.conclude_review(
            actor=people.reviewer,
            review=review,
            outcome="rejected",
            opinion="不同意",
            today=REVIEWED,
        )
    assert again.value.code == "review_concluded"


def test_a_document_touching_the_economy_needs_the_fair_competition_review(
    tree, people, numbering
):
    document = services.create_draft(
        actor=people.drafter,
        organization=tree["A"],
        title="关于扶持本地企业的若干措施",
        text="第一条 对本地企业给予补贴。",
        affects_rights=False,
        touches_economic_activity=True,
    )
    services.submit_for_review(actor=people.drafter, document=document, today=SUBMITTED)
    pass_review(document, people, REVIEWED)
    document.refresh_from_db()
    before = snapshot()

    with pytest.raises(StepRefusedError) as caught:
        services.record_deliberation(
            actor=people.drafter,
            document=document,
            meeting="局务会议",
            held_on=DELIBERATED,
            decision="approved",
            today=DELIBERATED,
        )

    assert caught.value.code == "fair_competition_review_required"
    assert "《公平竞争审查条例》(2024-06-06) 第18条" in caught.value.zh
    assert snapshot() == before


def test_a_failed_fair_competition_review_keeps_the_gate_closed(
    tree, people, numbering
):
    document = services.create_draft(
        actor=people.drafter,
        organization=tree["A"],
        title="招标办法",
        text="第一条 只允许本地企业参加招标。",
        affects_rights=False,
        touches_economic_activity=True,
    )
    fcr = services.record_fair_competition_review(
        actor=people.drafter,
        document=document,
        answers=fcr_answers(flow_3=True),
        conclusion="排斥外地经营者参加本地招标投标。",
        today=SUBMITTED,
    )

    assert fcr.outcome == "failed"
    document.state = State.REVIEWED
    assert DOCUMENT.refusal(document, "approve").code in (
        "legality_review_required",
        "fair_competition_review_required",
    )
    assert services_fcr_gate(document) == "fair_competition_review_required"


def services_fcr_gate(document):
    from fazhi.normdocs.workflow import fair_competition_passed

    return fair_competition_passed(document).code


def test_the_article_12_exception_needs_a_purpose_and_both_conditions(
    tree, people, numbering
):
    document = services.create_draft(
        actor=people.drafter,
        organization=tree["A"],
        title="节能补贴办法",
        text="第一条 对节能改造给予补贴。",
        touches_economic_activity=True,
    )
    answers = fcr_answers(cost_2=True)

    partial = services.record_fair_competition_review(
        actor=people.drafter,
        document=document,
        answers=answers,
        conclusion="适用例外。",
        exception={
            "purposes": ["public_interest"],
            "no_less_restrictive": True,
            "term_or_end": False,
        },
    )
    full = services.record_fair_competition_review(
        actor=people.drafter,
        document=document,
        answers=answers,
        conclusion="为节约能源，无影响更小的替代方案，实施期限三年。",
        exception={
            "purposes": ["public_interest"],
            "no_less_restrictive": True,
            "term_or_end": True,
        },
    )
    authorised = services.record_fair_competition_review(
        actor=people.drafter,
        document=document,
        answers=answers,
        conclusion="依据国务院批准文件。",
        authorised_items=["cost.2"],
    )

    assert (partial.outcome, full.outcome, authorised.outcome) == (
        "failed",
        "exception",
        "passed",
    )
    with pytest.raises(DomainError) as caught:
        services.record_fair_competition_review(
            actor=people.drafter,
            document=document,
            answers={"access.1": False},
            conclusion="漏项",
        )
    assert caught.value.code == "fcr_incomplete"
    with pytest.raises(DomainError) as wrong:
        services.record_fair_competition_review(
            actor=people.drafter,
            document=document,
            answers=answers,
            conclusion="x",
            authorised_items=["access.1"],
        )
    assert wrong.value.code == "fcr_not_authorisable"


def test_a_deliberation_sending_the_document_back_returns_it_to_drafting(draft, people):
    document = advance(draft, people, State.REVIEWED)

    services.record_deliberation(
        actor=people.drafter,
        document=document,
        meeting="局务会议",
        held_on=DELIBERATED,
        decision="sent_back",
        minutes="再研究",
        today=DELIBERATED,
    )

    document.refresh_from_db()
    assert document.state == State.DRAFTING


def test_validity_is_at_most_two_years_for_a_provisional_document(
    tree, people, numbering
):
    document = services.create_draft(
        actor=people.drafter,
        organization=tree["A"],
        title="正定县摊点管理暂行办法",
        text="第一条 摊点应当登记。",
        affects_rights=False,
    )
    services.submit_for_review(actor=people.drafter, document=document, today=SUBMITTED)
    pass_review(document, people, REVIEWED)
    services.record_deliberation(
        actor=people.drafter,
        document=document,
        meeting="局务会议",
        held_on=DELIBERATED,
        decision="approved",
        today=DELIBERATED,
    )
    services.register_document(
        actor=people.reviewer, document=document, today=REGISTERED
    )
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.publish_document(
            actor=people.drafter,
            document=document,
            published_on=PUBLISHED,
            effective_on=EFFECTIVE,
            valid_until=dt.date(2029, 4, 30),
            today=PUBLISHED,
        )
    assert caught.value.code == "validity_too_long"
    assert "2年" in caught.value.zh
    assert "河北省" in caught.value.zh
    assert snapshot() == before

    services.publish_document(
        actor=people.drafter,
        document=document,
        published_on=PUBLISHED,
        effective_on=EFFECTIVE,
        today=PUBLISHED,
    )
    assert document.valid_until == dt.date(2028, 4, 30)


def test_an_effective_date_before_publication_is_refused(draft, people):
    document = advance(draft, people, State.REGISTERED)
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.publish_document(
            actor=people.drafter,
            document=document,
            published_on=PUBLISHED,
            effective_on=PUBLISHED - dt.timedelta(days=1),
            today=PUBLISHED,
        )

    assert caught.value.code == "effective_before_publication"
    assert snapshot() == before
    document.refresh_from_db()
    assert document.state == State.REGISTERED


def test_withdrawing_a_draft_ends_it(draft, people):
    services.withdraw_document(
        actor=people.drafter, document=draft, reason="不再需要", today=OPENS
    )

    assert Document.objects.get(pk=draft.pk).state == State.WITHDRAWN


def test_available_steps_follow_state_and_guards(draft, people):
    from fazhi.normdocs import selectors

    names = [s.name for s in selectors.available_steps(document=draft, today=OPENS)]

    assert names == [
        "open_consultation",
        "withdraw",
    ]  # submit_for_review waits for consultation
    assert "第62条" in selectors.refusal_for(document=draft, step="submit_for_review")


def test_closing_a_consultation_before_its_last_day_is_refused(draft, people):
    services.open_consultation(
        actor=people.drafter, document=draft, closes_on=CLOSES, today=OPENS
    )
    before = snapshot()

    with pytest.raises(StepRefusedError) as caught:
        services.close_consultation(actor=people.drafter, document=draft, today=CLOSES)

    assert caught.value.code == "comment_period_running"
    assert snapshot() == before
    services.close_consultation(actor=people.drafter, document=draft, today=CLOSED)


def test_the_steps_are_named_in_english_for_an_english_reader():
    from django.utils import translation

    with translation.override("en"):
        labels = {
            f"{flow.name}.{step.name}": str(step.label)
            for flow in (DOCUMENT, FILING_WORKFLOW)
            for step in flow.steps
        }

    assert labels["normdocs.document.publish"] == "Publish"
    untranslated = [name for name, label in labels.items() if not label.isascii()]
    assert untranslated == []


def test_a_confirmed_fair_competition_finding_closes_the_gate_even_unticked(
    tree, people, numbering
):
    document = services.create_draft(
        actor=people.drafter,
        organization=tree["A"],
        title="正定县校服采购管理办法",
        text="第一条 本县中小学学生校服统一由县教育局指定的供应商生产供应。",
        affects_rights=False,
        touches_economic_activity=False,  # the drafter did not tick the box
    )
    review = services.submit_for_review(
        actor=people.drafter, document=document, today=SUBMITTED
    )
    findings = list(review.findings.filter(detector__startswith="fc_"))
    assert findings, [f.detector for f in review.findings.all()]
    for finding in review.findings.all():
        services.dispose_finding(
            actor=people.reviewer,
            finding=finding,
            disposition="confirmed" if finding in findings else "dismissed",
            note="指定供应商，属于第8条第3项情形。",
        )
    services.conclude_review(
        actor=people.reviewer,
        review=review,
        outcome="passed",
        opinion="请先进行公平竞争审查。",
        today=REVIEWED,
    )
    document.refresh_from_db()
    before = snapshot()

    with pytest.raises(StepRefusedError) as caught:
        services.record_deliberation(
            actor=people.drafter,
            document=document,
            meeting="局务会议",
            held_on=DELIBERATED,
            decision="approved",
            today=DELIBERATED,
        )

    assert caught.value.code == "fair_competition_review_required"
    assert snapshot() == before
    services.record_fair_competition_review(
        actor=people.drafter,
        document=document,
        answers=fcr_answers(),
        conclusion="已删除指定供应商的规定，未发现问题。",
        today=DELIBERATED,
    )
    services.record_deliberation(
        actor=people.drafter,
        document=document,
        meeting="局务会议",
        held_on=DELIBERATED,
        decision="approved",
        today=DELIBERATED,
    )
    assert Document.objects.get(pk=document.pk).state == State.APPROVED
