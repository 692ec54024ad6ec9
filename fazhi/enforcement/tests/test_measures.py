import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from fazhi.core.audit.models import AuditEntry
from fazhi.core.errors import DomainError
from fazhi.core.workflow import StepRefusedError
from fazhi.enforcement import selectors, services
from fazhi.enforcement.models import CompulsoryMeasure

pytestmark = pytest.mark.django_db

D = dt.date
SH = ZoneInfo("Asia/Shanghai")


def open_case(w, officers=2):
    case = services.register_clue(
        actor=w.user1,
        subject=w.subject,
        summary="无证经营",
        party_kind="legal_person",
        party_name="某公司",
        received_on=D(2025, 5, 5),
    )
    services.file_case(actor=w.user1, case=case, filed_on=D(2025, 5, 6))
    for officer in [w.officer1, w.officer2][:officers]:
        services.assign_officer(actor=w.user1, case=case, officer=officer)
    return case


def test_a_seizure_runs_its_term_and_is_extended_once(world):
    case = open_case(world)

    measure = services.impose_measure(
        actor=world.user1,
        case=case,
        kind="seize",
        items="冻品20箱",
        reason="涉嫌违法",
        started_on=D(2025, 5, 6),
        approved_by=world.presiding,
    )
    services.extend_measure(
        actor=world.user1,
        measure=measure,
        days=30,
        reason="案情复杂",
        approved_by=world.presiding,
        extended_on=D(2025, 6, 2),
    )
    with pytest.raises(StepRefusedError) as twice:
        services.extend_measure(
            actor=world.user1,
            measure=measure,
            days=5,
            reason="再延",
            approved_by=world.presiding,
            extended_on=D(2025, 6, 3),
        )

    measure.refresh_from_db()
    assert measure.term_due_on == D(
        2025, 7, 7
    )  # 30 + 30 days from 6 May: 5 Jul is a Saturday
    assert twice.value.code == "step_not_allowed"


def test_an_extension_beyond_the_statutory_cap_is_refused(world):
    case = open_case(world)
    measure = services.impose_measure(
        actor=world.user1,
        case=case,
        kind="seal",
        items="仓库",
        reason="涉嫌违法",
        started_on=D(2025, 5, 6),
        approved_by=world.presiding,
    )

    with pytest.raises(DomainError):
        services.extend_measure(
            actor=world.user1,
            measure=measure,
            days=31,
            reason="复杂",
            approved_by=world.presiding,
            extended_on=D(2025, 6, 2),
        )

    measure.refresh_from_db()
    assert measure.state == "in_force"
    assert measure.extended_days == 0


def test_testing_time_is_excluded_from_the_term(world):
    case = open_case(world)
    measure = services.impose_measure(
        actor=world.user1,
        case=case,
        kind="seize",
        items="样品",
        reason="送检",
        started_on=D(2025, 5, 6),
        approved_by=world.presiding,
    )
    before = measure.term_due_on

    services.pause_measure(
        actor=world.user1,
        measure=measure,
        start=D(2025, 5, 10),
        end=D(2025, 5, 19),
        reason="检验",
    )

    measure.refresh_from_db()
    assert measure.term_due_on > before


def test_a_measure_needs_two_officers_and_the_heads_approval(world):
    one = open_case(world, officers=1)

    with pytest.raises(StepRefusedError) as too_few:
        services.impose_measure(
            actor=world.user1,
            case=one,
            kind="seize",
            items="物品",
            reason="理由",
            started_on=D(2025, 5, 6),
            approved_by=world.presiding,
        )
    two = open_case(world)
    with pytest.raises(DomainError) as unapproved:
        services.impose_measure(
            actor=world.user1,
            case=two,
            kind="seize",
            items="物品",
            reason="理由",
            started_on=D(2025, 5, 6),
        )
    emergency = services.impose_measure(
        actor=world.user1,
        case=two,
        kind="seize",
        items="物品",
        reason="理由",
        started_on=D(2025, 5, 6),
        emergency_at=dt.datetime(2025, 5, 6, 15, 0, tzinfo=SH),
    )

    assert too_few.value.code == "too_few_officers"
    assert "第18条第2项" in too_few.value.basis
    assert unapproved.value.code == "approval_required"
    assert emergency.report_due_at == dt.datetime(2025, 5, 7, 15, 0, tzinfo=SH)
    assert CompulsoryMeasure.objects.count() == 1


def test_compulsory_execution_at_night_is_refused_unless_urgent(world):
    case = services.decide_on_the_spot(
        actor=world.user1,
        subject=world.subject,
        officer=world.officer1,
        party_kind="natural_person",
        party_name="路人乙",
        decided_on=D(2025, 5, 6),
        summary="违法",
        basis="依据",
        kinds=["fine"],
        fine_fen=10_000,
        decision_number="No.1",
        place="某路",
    )
    night = dt.datetime(2025, 6, 3, 23, 0, tzinfo=SH)

    with pytest.raises(DomainError) as caught:
        services.record_execution(
            actor=world.user1,
            case=case,
            executed_on=D(2025, 6, 3),
            note="强制执行",
            compulsory_at=night,
        )
    services.record_execution(
        actor=world.user1,
        case=case,
        executed_on=D(2025, 6, 3),
        note="强制执行",
        compulsory_at=night,
        urgent_reason="当事人正在转移财产",
    )

    assert caught.value.code == "execution_time_not_allowed"
    assert "第43条第1款" in caught.value.basis
    case.refresh_from_db()
    assert case.state == "executed"


def test_a_transfer_runs_its_clocks_and_resumes_the_case_when_the_police_decline(world):
    case = open_case(world)

    transfer = services.report_transfer(
        actor=world.user1,
        case=case,
        report="涉嫌生产销售伪劣产品罪",
        reported_on=D(2025, 5, 20),
    )
    services.approve_transfer(
        actor=world.user1,
        transfer=transfer,
        approved_at=dt.datetime(2025, 5, 21, 9, 30, tzinfo=SH),
    )
    case.refresh_from_db()
    state_while_transferred = case.state
    services.send_transfer(
        actor=world.user1,
        transfer=transfer,
        police_organ="正定县公安局",
        transferred_at=dt.datetime(2025, 5, 21, 16, 0, tzinfo=SH),
    )
    services.acknowledge_transfer(
        actor=world.user1, transfer=transfer, receipt_on=D(2025, 5, 21)
    )
    services.record_police_decision(
        actor=world.user1, transfer=transfer, filed=False, decided_on=D(2025, 5, 23)
    )

    transfer.refresh_from_db()
    case.refresh_from_db()
    assert transfer.approval_due_on == D(2025, 5, 23)
    assert transfer.transfer_due_at == dt.datetime(2025, 5, 22, 9, 30, tzinfo=SH)
    assert transfer.review_due_on == D(2025, 5, 26)  # 24 May is a Saturday
    assert state_while_transferred == "transferred"
    assert case.state == "filed"
    actions = [
        i.action for i in selectors.list_case_timeline(user=world.user1, case=case)
    ]
    assert "enforcement.approve_transfer" in actions


def test_the_reporters_identity_stays_with_the_handling_organization(world):
    complaint = services.receive_complaint(
        actor=world.user1,
        organization=world.tree["A"],
        channel="phone",
        received_on=D(2025, 5, 20),
        target="某超市",
        content="出售过期食品",
        due_on=D(2025, 6, 19),
        due_basis="本机关投诉举报处理规定（演示）",
        reporter_name="举报人甲",
        reporter_contact="13800000000",
    )

    mine = selectors.reporter_of(user=world.user1, complaint=complaint)
    above = selectors.reporter_of(
        user=world.supervisor,
        complaint=selectors.get_complaint(
            user=world.supervisor, complaint_id=complaint.pk
        ),
    )
    entries = AuditEntry.objects.filter(object_type="enforcement.complaint")

    assert mine["name"] == "举报人甲"
    assert above == {"name": "", "contact": "", "shown": "protected"}
    assert all(
        "举报人甲" not in str(e.after) and "13800000000" not in str(e.after)
        for e in entries
    )
    assert all("举报人甲" not in e.object_label for e in entries)
