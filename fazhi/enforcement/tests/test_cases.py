import datetime as dt

import pytest

from fazhi.core.audit.models import AuditEntry
from fazhi.core.errors import DomainError
from fazhi.core.workflow import StepRefusedError
from fazhi.enforcement import selectors, services
from fazhi.enforcement.models import Evidence, LegalReview, PenaltyCase

pytestmark = pytest.mark.django_db

D = dt.date


def clue(w, **extra):
    fields = {
        "actor": w.user1,
        "subject": w.subject,
        "summary": "销售过期食品",
        "party_kind": "legal_person",
        "party_name": "某某商贸有限公司",
        "received_on": D(2025, 5, 5),
        "sector": "market",
    }
    fields.update(extra)
    return services.register_clue(**fields)


def investigated(w, *, fine_fen=500_000, outcome="penalty", **extra):
    """A filed case with two officers and evidence, investigation concluded."""
    case = clue(w)
    services.file_case(actor=w.user1, case=case, filed_on=D(2025, 5, 6))
    services.assign_officer(actor=w.user1, case=case, officer=w.officer1)
    services.assign_officer(actor=w.user1, case=case, officer=w.officer2)
    services.add_evidence(
        actor=w.user1,
        case=case,
        kind="record",
        title="现场检查笔录",
        collected_on=D(2025, 5, 7),
        officers=[w.officer1, w.officer2],
    )
    kinds = ["fine"] if outcome == "penalty" else []
    services.conclude_investigation(
        actor=w.user1,
        case=case,
        report="经查，违法事实清楚。",
        outcome=outcome,
        kinds=kinds,
        fine_fen=fine_fen if kinds else 0,
        **extra,
    )
    return case


def snapshot(case):
    case.refresh_from_db()
    return (
        {
            f.attname: getattr(case, f.attname)
            for f in PenaltyCase._meta.concrete_fields
            if f.attname != "updated_at"
        },
        AuditEntry.objects.count(),
    )


def test_filing_starts_the_90_day_clock_with_the_offices_calendar(world):
    case = clue(world)

    services.file_case(actor=world.user1, case=case, filed_on=D(2025, 5, 6))

    case.refresh_from_db()
    assert case.state == "filed"
    assert case.decision_due_on == D(2025, 8, 4)
    entry = AuditEntry.objects.filter(action="enforcement.file_case").get()
    assert "第60条" in entry.after["decision_due_basis"]
    assert "第54条" in entry.basis


def test_a_violation_past_the_limitation_period_cannot_be_filed(world):
    case = clue(world, violation_on=D(2022, 1, 10))
    before = snapshot(case)

    with pytest.raises(StepRefusedError) as caught:
        services.file_case(actor=world.user1, case=case, filed_on=D(2025, 5, 6))

    assert caught.value.code == "limitation_expired"
    assert "第36条" in caught.value.basis
    assert snapshot(case) == before


def test_an_officer_whose_certificate_lapsed_cannot_be_assigned(world):
    world.officer2.valid_until = D(2025, 5, 31)
    world.officer2.save()
    case = clue(world)
    services.file_case(actor=world.user1, case=case, filed_on=D(2025, 5, 6))
    before = snapshot(case)

    with pytest.raises(StepRefusedError) as caught:
        services.assign_officer(actor=world.user1, case=case, officer=world.officer2)

    assert caught.value.code == "officer_certificate_lapsed"
    assert "第42条" in caught.value.basis
    assert case.assignments.count() == 0
    assert snapshot(case) == before


def test_the_investigation_needs_two_officers_and_evidence(world):
    case = clue(world)
    services.file_case(actor=world.user1, case=case, filed_on=D(2025, 5, 6))
    services.assign_officer(actor=world.user1, case=case, officer=world.officer1)
    before = snapshot(case)

    with pytest.raises(StepRefusedError) as too_few:
        services.conclude_investigation(
            actor=world.user1,
            case=case,
            report="报告",
            outcome="penalty",
            kinds=["fine"],
            fine_fen=500_000,
        )
    services.assign_officer(actor=world.user1, case=case, officer=world.officer2)
    with pytest.raises(StepRefusedError) as no_evidence:
        services.conclude_investigation(
            actor=world.user1,
            case=case,
            report="报告",
            outcome="penalty",
            kinds=["fine"],
            fine_fen=500_000,
        )

    assert too_few.value.code == "too_few_officers"
    assert "不得少于两人" in too_few.value.basis
    assert no_evidence.value.code == "evidence_missing"
    case.refresh_from_db()
    assert case.state == "filed"
    assert case.proposed_outcome == ""
    assert snapshot(case)[0]["proposed_fine_fen"] == before[0]["proposed_fine_fen"]


def test_a_penalty_cannot_be_decided_without_the_prior_notice(world):
    case = investigated(world)
    before = snapshot(case)

    with pytest.raises(StepRefusedError) as caught:
        services.decide_case(
            actor=world.user1,
            case=case,
            decided_on=D(2025, 5, 30),
            outcome="penalty",
            decision_number="正市监罚〔2025〕1号",
            kinds=["fine"],
            fine_fen=500_000,
        )

    assert caught.value.code == "notice_required"
    assert "第62条" in caught.value.basis
    assert snapshot(case) == before


def test_a_small_case_goes_from_notice_to_payment_and_closure(world):
    case = investigated(world)
    assert case.is_major is False
    assert case.hearing_eligible is False

    notice = services.notify_party(
        actor=world.user1,
        case=case,
        served_on=D(2025, 5, 20),
        facts="事实",
        reasons="理由",
        basis="《食品安全法》第124条",
    )
    services.record_statement(
        actor=world.user1, case=case, received_on=D(2025, 5, 22), content="无异议"
    )
    services.decide_case(
        actor=world.user1,
        case=case,
        decided_on=D(2025, 5, 30),
        outcome="penalty",
        decision_number="正市监罚〔2025〕1号",
        kinds=["fine"],
        fine_fen=500_000,
    )
    services.serve_decision(
        actor=world.user1, case=case, served_on=D(2025, 5, 30), method="direct"
    )
    services.record_payment(
        actor=world.user1, case=case, paid_on=D(2025, 6, 10), amount_fen=500_000
    )
    services.close_case(actor=world.user1, case=case, closed_on=D(2025, 6, 11))

    case.refresh_from_db()
    assert notice.hearing_offered is False
    assert case.state == "closed"
    assert case.service_due_on == D(2025, 6, 11)
    assert case.payment_due_on == D(
        2025, 6, 14 + 2
    )  # 15 d from 30 May: 14 Jun is a Saturday
    actions = [
        item.action
        for item in selectors.list_case_timeline(user=world.user1, case=case)
    ]
    assert actions[0] == "enforcement.register_clue"
    assert actions[-1] == "enforcement.close_case"
    assert "enforcement.record_payment" in actions


def test_a_major_case_with_a_hearing_needs_the_legal_review_and_the_collective_discussion(
    world,
):
    case = investigated(
        world, fine_fen=5_000_000
    )  # 50,000 yuan: reaches the hearing threshold
    assert case.hearing_eligible is True
    assert case.is_major is True

    notice = services.notify_party(
        actor=world.user1,
        case=case,
        served_on=D(2025, 5, 20),
        facts="事实",
        reasons="理由",
        basis="依据",
    )
    services.request_hearing(actor=world.user1, case=case, requested_on=D(2025, 5, 23))
    services.schedule_hearing(
        actor=world.user1,
        case=case,
        scheduled_for=D(2025, 6, 10),
        place="听证室",
        notice_served_on=D(2025, 5, 28),
        presiding=world.presiding,
    )
    services.hold_hearing(
        actor=world.user1, case=case, held_on=D(2025, 6, 10), record="听证笔录"
    )
    decision = {
        "actor": world.user1,
        "case": case,
        "decided_on": D(2025, 6, 12),
        "outcome": "penalty",
        "decision_number": "正市监罚〔2025〕2号",
        "kinds": ["fine"],
        "fine_fen": 5_000_000,
    }
    before = snapshot(case)

    with pytest.raises(StepRefusedError) as unreviewed:
        services.decide_case(**decision)
    assert snapshot(case) == before
    review = services.submit_for_review(actor=world.user1, case=case)
    with pytest.raises(StepRefusedError) as investigator_reviews:
        services.decide_review(
            actor=world.user1, review=review, approve=True, opinion="同意"
        )
    services.decide_review(
        actor=world.reviewer, review=review, approve=True, opinion="事实清楚，同意"
    )
    with pytest.raises(StepRefusedError) as not_discussed:
        services.decide_case(**decision)
    services.record_collective_discussion(
        actor=world.user1, case=case, held_on=D(2025, 6, 11), summary="集体讨论同意"
    )
    services.decide_case(**decision)

    assert notice.hearing_request_due_on == D(2025, 5, 27)
    assert unreviewed.value.code == "legal_review_required"
    assert "第58条" in unreviewed.value.basis
    assert investigator_reviews.value.code == "reviewer_not_qualified"
    assert not_discussed.value.code == "collective_discussion_required"
    case.refresh_from_db()
    assert case.state == "decided"
    assert LegalReview.objects.get(pk=review.pk).reviewer == world.reviewer


def test_a_decision_differing_from_the_reviewed_proposal_needs_a_new_review(world):
    case = investigated(world, fine_fen=5_000_000)
    services.notify_party(
        actor=world.user1,
        case=case,
        served_on=D(2025, 5, 20),
        facts="事实",
        reasons="理由",
        basis="依据",
    )
    services.record_statement(
        actor=world.user1, case=case, received_on=D(2025, 5, 21), kind="waiver"
    )
    review = services.submit_for_review(actor=world.user1, case=case)
    services.decide_review(
        actor=world.reviewer, review=review, approve=True, opinion="同意"
    )
    services.record_collective_discussion(
        actor=world.user1, case=case, held_on=D(2025, 5, 26), summary="同意"
    )

    with pytest.raises(StepRefusedError) as caught:
        services.decide_case(
            actor=world.user1,
            case=case,
            decided_on=D(2025, 5, 27),
            outcome="penalty",
            decision_number="正市监罚〔2025〕3号",
            kinds=["fine"],
            fine_fen=4_000_000,
        )

    assert caught.value.code == "legal_review_stale"


def test_the_hearing_request_period_must_end_before_the_decision_unless_waived(world):
    case = investigated(world, fine_fen=5_000_000)
    services.notify_party(
        actor=world.user1,
        case=case,
        served_on=D(2025, 5, 20),
        facts="事实",
        reasons="理由",
        basis="依据",
    )

    with pytest.raises(StepRefusedError) as running:
        services.decide_case(
            actor=world.user1,
            case=case,
            decided_on=D(2025, 5, 26),
            outcome="penalty",
            decision_number="1号",
            kinds=["fine"],
            fine_fen=5_000_000,
        )
    with pytest.raises(StepRefusedError) as late:
        services.request_hearing(
            actor=world.user1, case=case, requested_on=D(2025, 5, 28)
        )

    assert running.value.code == "statement_period_running"
    assert late.value.code == "hearing_request_late"
    assert "第64条第1项" in late.value.basis
    case.refresh_from_db()
    assert case.state == "notified"


def test_a_decision_heavier_than_notified_is_refused(world):
    case = investigated(world)
    services.notify_party(
        actor=world.user1,
        case=case,
        served_on=D(2025, 5, 20),
        facts="事实",
        reasons="理由",
        basis="依据",
    )

    with pytest.raises(StepRefusedError) as caught:
        services.decide_case(
            actor=world.user1,
            case=case,
            decided_on=D(2025, 5, 30),
            outcome="penalty",
            decision_number="1号",
            kinds=["fine"],
            fine_fen=600_000,
        )

    assert caught.value.code == "heavier_than_notified"
    assert "第45条第2款" in caught.value.basis


def test_no_penalty_is_decided_with_its_reasoning_and_closed_after_service(world):
    case = investigated(
        world,
        outcome="no_penalty",
        non_penalty_reasoning="初次违法且危害后果轻微并及时改正",
    )

    services.decide_case(
        actor=world.user1,
        case=case,
        decided_on=D(2025, 5, 20),
        outcome="no_penalty",
        decision_number="正市监不罚〔2025〕1号",
    )
    services.serve_decision(
        actor=world.user1, case=case, served_on=D(2025, 5, 21), method="direct"
    )
    services.close_case(actor=world.user1, case=case, closed_on=D(2025, 5, 22))

    case.refresh_from_db()
    assert case.state == "closed"
    assert case.outcome == "no_penalty"
    assert case.decision_reasoning == "初次违法且危害后果轻微并及时改正"
    assert case.payment_due_on is None


def test_no_penalty_without_reasoning_is_refused(world):
    case = investigated(world, outcome="no_penalty")

    with pytest.raises(StepRefusedError) as caught:
        services.decide_case(
            actor=world.user1,
            case=case,
            decided_on=D(2025, 5, 20),
            outcome="no_penalty",
            decision_number="1号",
        )

    assert caught.value.code == "non_penalty_reasoning_required"
    assert "第33条" in caught.value.basis


def test_the_late_surcharge_is_frozen_during_reconsideration(world):
    case = investigated(world, fine_fen=1_000_000)  # 10,000 yuan
    services.notify_party(
        actor=world.user1,
        case=case,
        served_on=D(2025, 5, 8),
        facts="事实",
        reasons="理由",
        basis="依据",
    )
    services.decide_case(
        actor=world.user1,
        case=case,
        decided_on=D(2025, 5, 9),
        outcome="penalty",
        decision_number="1号",
        kinds=["fine"],
        fine_fen=1_000_000,
    )
    services.serve_decision(
        actor=world.user1, case=case, served_on=D(2025, 5, 9), method="direct"
    )
    case.refresh_from_db()
    due = case.payment_due_on  # 24 May is a Saturday: rolls to Monday 26 May
    remedy = services.record_remedy(
        actor=world.user1,
        case=case,
        kind="reconsideration",
        started_on=due + dt.timedelta(days=1),
    )
    services.end_remedy(
        actor=world.user1,
        remedy=remedy,
        ended_on=due + dt.timedelta(days=5),
        result="维持",
    )

    surcharge = services.surcharge_on(case, due + dt.timedelta(days=7))
    with pytest.raises(DomainError) as wrong:
        services.record_payment(
            actor=world.user1,
            case=case,
            paid_on=due + dt.timedelta(days=7),
            amount_fen=1_000_000,
        )
    services.record_payment(
        actor=world.user1,
        case=case,
        paid_on=due + dt.timedelta(days=7),
        amount_fen=1_000_000 + surcharge.amount_fen,
    )

    assert due == D(2025, 5, 26)
    assert surcharge.frozen_days == 5
    assert surcharge.amount_fen == 2 * 30_000  # two accruing days at 3 %
    assert wrong.value.code == "payment_amount_mismatch"
    case.refresh_from_db()
    assert case.surcharge_fen == 60_000
    assert case.state == "executed"


def test_evidence_is_recorded_with_its_kind_and_officers(world):
    case = clue(world)
    services.file_case(actor=world.user1, case=case, filed_on=D(2025, 5, 6))

    with pytest.raises(DomainError) as caught:
        services.add_evidence(
            actor=world.user1,
            case=case,
            kind="rumour",
            title="传闻",
            collected_on=D(2025, 5, 7),
        )

    assert caught.value.code == "evidence_kind_unknown"
    assert Evidence.objects.count() == 0


def test_a_case_is_dismissed_with_its_reason(world):
    case = clue(world)
    services.file_case(actor=world.user1, case=case, filed_on=D(2025, 5, 6))

    services.dismiss_case(actor=world.user1, case=case, reason="不属于本机关管辖")

    case.refresh_from_db()
    assert case.state == "dismissed"
    with pytest.raises(StepRefusedError):
        services.notify_party(
            actor=world.user1,
            case=case,
            served_on=D(2025, 5, 20),
            facts="事实",
            reasons="理由",
            basis="依据",
        )


def test_the_worklist_shows_the_decision_clock_overdue_to_its_organization_only(world):
    from fazhi.core import worklist

    case = clue(world, received_on=D(2025, 2, 10))
    services.file_case(actor=world.user1, case=case, filed_on=D(2025, 2, 10))

    items = worklist.collect(world.user1, D(2025, 6, 2))
    stranger = worklist.collect(world.stranger, D(2025, 6, 2))

    case.refresh_from_db()
    assert case.decision_due_on == D(2025, 5, 12)  # day 90 is Sunday 11 May
    assert [i.due_on for i in items.overdue if case.number in i.title] == [
        D(2025, 5, 12)
    ]
    assert not [i for i in stranger.my_tasks if case.number in i.title]
    assert list(
        selectors.list_overdue_cases(user=world.supervisor, today=D(2025, 6, 2))
    ) == [case]
    assert (
        list(selectors.list_overdue_cases(user=world.stranger, today=D(2025, 6, 2)))
        == []
    )


def test_a_decision_outside_the_benchmark_needs_a_recorded_justification(world):
    facts = {"circumstances": ["first_violation"], "amounts": {"goods_value": "1500"}}
    case = clue(
        world, violation_code="HB-FOOD-124-1-5", violation_on=D(2025, 5, 1), facts=facts
    )
    services.file_case(actor=world.user1, case=case, filed_on=D(2025, 5, 6))
    services.assign_officer(actor=world.user1, case=case, officer=world.officer1)
    services.assign_officer(actor=world.user1, case=case, officer=world.officer2)
    services.add_evidence(
        actor=world.user1,
        case=case,
        kind="physical",
        title="过期食品",
        collected_on=D(2025, 5, 7),
    )
    kinds = ["confiscate_illegal_income", "confiscate_illegal_property", "fine"]
    services.conclude_investigation(
        actor=world.user1,
        case=case,
        report="报告",
        outcome="penalty",
        kinds=kinds,
        fine_fen=9_000_000,
        confiscation_fen=150_000,
    )
    services.notify_party(
        actor=world.user1,
        case=case,
        served_on=D(2025, 5, 20),
        facts="事实",
        reasons="理由",
        basis="《食品安全法》第124条第1款第5项",
    )
    services.record_statement(
        actor=world.user1, case=case, received_on=D(2025, 5, 21), kind="waiver"
    )
    services.record_collective_discussion(
        actor=world.user1, case=case, held_on=D(2025, 5, 26), summary="讨论"
    )
    decision = {
        "actor": world.user1,
        "case": case,
        "decided_on": D(2025, 5, 28),
        "outcome": "penalty",
        "decision_number": "正市监罚〔2025〕9号",
        "kinds": kinds,
        "fine_fen": 9_000_000,
        "confiscation_fen": 150_000,
    }

    assert case.assessment["tier"] == "minor"
    assert (
        case.deviation
    )  # 90,000 yuan against 50,000-60,000 for a first small violation
    with pytest.raises(StepRefusedError) as caught:
        services.decide_case(**decision)
    services.revise_proposal(
        actor=world.user1,
        case=case,
        outcome="penalty",
        kinds=kinds,
        fine_fen=9_000_000,
        confiscation_fen=150_000,
        deviation_justification="供应对象为学校食堂，危害较大",
        reason="补充偏离理由",
    )
    review = services.submit_for_review(actor=world.user1, case=case)
    services.decide_review(
        actor=world.reviewer, review=review, approve=True, opinion="理由充分"
    )
    services.decide_case(**decision)

    assert caught.value.code == "deviation_unjustified"
    assert [
        c.pk for c in selectors.list_decisions_outside_benchmark(user=world.supervisor)
    ] == [case.pk]
    assert (
        AuditEntry.objects.filter(action="enforcement.submit_for_review")
        .get()
        .after["deviation_justification"]
        == "供应对象为学校食堂，危害较大"
    )
