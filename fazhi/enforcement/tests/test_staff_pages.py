"""The staff pages under /workbench/enforcement/: each page, its scope, and the one
pattern of every act (form → service → redirect, or the refusal naming the article
with nothing changed)."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.audit.models import AuditEntry
from fazhi.core.models import Role
from fazhi.enforcement import services
from fazhi.enforcement.models import LegalReview, PenaltyCase
from fazhi.enforcement.tests.conftest import make_officer, member

pytestmark = pytest.mark.django_db

D = dt.date


def url(name, *args):
    return reverse(f"enforcement-staff:{name}", args=args)


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


def filed(w, **extra):
    case = clue(w, **extra)
    services.file_case(actor=w.user1, case=case, filed_on=D(2025, 5, 6))
    return case


def investigated(w, *, fine_fen=5_500_000, justification="", **extra):
    case = filed(w, **extra)
    services.assign_officer(actor=w.user1, case=case, officer=w.officer1)
    services.assign_officer(actor=w.user1, case=case, officer=w.officer2)
    services.add_evidence(
        actor=w.user1,
        case=case,
        kind="record",
        title="现场检查笔录",
        collected_on=D(2025, 5, 7),
    )
    services.conclude_investigation(
        actor=w.user1,
        case=case,
        report="经查，违法事实清楚。",
        outcome="penalty",
        kinds=["fine", "confiscate_illegal_property"],
        fine_fen=fine_fen,
        deviation_justification=justification,
    )
    return case


FOOD = {
    "violation_code": "HB-FOOD-124-1-5",
    "violation_on": D(2025, 5, 1),
    "facts": {"circumstances": ["first_violation"], "amounts": {"goods_value": "1500"}},
}


def state_of(case):
    case.refresh_from_db()
    return case.state, AuditEntry.objects.count()


# --- access ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("cases", ()),
        ("supervision", ()),
        ("reviews", ()),
        ("officers", ()),
        ("complaints", ()),
        ("new-clue", ()),
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, name, args):
    response = client.get(url(name, *args))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_member_of_the_public_is_refused(client, world):
    client.force_login(member(world.tree["A"], Role.PUBLIC))

    assert client.get(url("cases")).status_code == 403


def test_staff_of_another_organization_cannot_open_the_case(client, world):
    case = filed(world)
    client.force_login(world.stranger)

    assert client.get(url("case", case.pk)).status_code == 404
    assert client.get(url("case-act", case.pk, "add-evidence")).status_code == 404
    response = client.post(
        url("case-act", case.pk, "dismiss"), {"reason": "外县人员试图撤销"}
    )
    assert response.status_code == 404
    assert state_of(case)[0] == "filed"
    assert case.number not in client.get(url("cases")).content.decode()


def test_the_supervisor_above_sees_the_case_but_cannot_change_it(client, world):
    case = filed(world)
    client.force_login(world.supervisor)
    before = state_of(case)

    page = client.get(url("case", case.pk))
    response = client.post(url("case-act", case.pk, "dismiss"), {"reason": "监督撤销"})

    assert page.status_code == 200
    assert response.status_code == 403
    assert "out_of_scope" not in response.content.decode()
    assert state_of(case) == before


# --- my cases and the case page ------------------------------------------------------------


def test_my_cases_lists_the_organizations_cases_and_narrows_to_mine(client, world):
    assigned = investigated(world)
    other = clue(world, summary="无证经营")
    client.force_login(world.user1)

    everything = client.get(url("cases")).content.decode()
    mine = client.get(url("cases"), {"mine": "1"}).content.decode()

    assert assigned.number in everything
    assert other.number in everything
    assert assigned.number in mine
    assert other.number not in mine


def test_the_case_page_shows_clocks_benchmark_steps_and_the_full_record(client, world):
    case = investigated(world, **FOOD)
    client.force_login(world.user1)

    page = client.get(url("case", case.pk)).content.decode()

    # the 90-day decision clock of 第60条, counted from filing
    assert "2025-08-04" in page
    assert "第60条" in page
    # the benchmark: the tier's range and why
    assert 'id="benchmark-range"' in page
    benchmark_range = page[page.index('id="benchmark-range"') :][:80]
    assert "50000.00" in benchmark_range
    assert "60000.00" in benchmark_range
    assert "情节档次：轻微" in page
    # next steps: notify is permitted; a refused step names its article
    assert url("case-act", case.pk, "notify") in page
    # the full-process record, oldest first
    record = page[page.index('id="timeline"') :]
    assert record.index("线索登记") < record.index("立案") < record.index("调查终结")


def test_an_overdue_clock_is_marked_overdue(client, world):
    case = clue(world, received_on=D(2025, 2, 1))
    services.file_case(actor=world.user1, case=case, filed_on=D(2025, 2, 3))
    client.force_login(world.user1)

    page = client.get(url("case", case.pk)).content.decode()

    assert "badge--overdue" in page
    assert "已逾期" in page


def test_a_refused_step_on_the_case_page_names_the_article(client, world):
    case = filed(world)
    client.force_login(world.user1)

    page = client.get(url("case", case.pk)).content.decode()

    steps = page[page.index('id="next-steps"') : page.index('id="benchmark"')]
    # concluding the investigation needs two eligible officers (第42条)
    assert "暂不能办理" in steps
    assert "不得少于两人" in steps or "第42条" in steps


def test_a_first_violation_on_the_list_shows_a_non_penalty_proposal(client, world):
    case = clue(
        world,
        violation_code="HB-PRICE-42",
        violation_on=D(2025, 5, 1),
        facts={
            "circumstances": ["first_violation", "minor_harm", "corrected_promptly"]
        },
    )
    client.force_login(world.user1)

    page = client.get(url("case", case.pk)).content.decode()

    assert 'id="non-penalty-proposal"' in page
    assert "首违不罚" in page
    assert "第33条" in page


# --- the generic act -------------------------------------------------------------------------


def test_an_act_posts_to_the_service_and_returns_to_the_case(client, world):
    case = clue(world)
    client.force_login(world.user1)

    response = client.post(
        url("case-act", case.pk, "file"), {"filed_on": "2025-05-06", "note": "立案"}
    )

    assert response.status_code == 302
    assert response["Location"] == url("case", case.pk)
    case.refresh_from_db()
    assert case.state == "filed"
    assert case.decision_due_on == D(2025, 8, 4)
    assert AuditEntry.objects.filter(action="enforcement.file_case").count() == 1


def test_an_illegal_step_shows_the_error_naming_the_article_and_changes_nothing(
    client, world
):
    case = filed(world)
    client.force_login(world.user1)
    before = state_of(case)

    response = client.post(
        url("case-act", case.pk, "notify"),
        {
            "served_on": "2025-05-20",
            "facts": "销售过期食品",
            "reasons": "违反食品安全法",
            "basis": "《食品安全法》第124条",
        },
    )

    body = response.content.decode()
    assert response.status_code == 409
    assert 'id="act-error"' in body
    assert "第44条" in body  # the step requires the investigation concluded
    assert 'lang="en"' in body
    assert state_of(case) == before
    assert not case.notices.exists()


def test_invalid_input_is_refused_by_the_form_without_calling_the_service(
    client, world
):
    case = clue(world)
    client.force_login(world.user1)
    before = state_of(case)

    response = client.post(url("case-act", case.pk, "file"), {"filed_on": "不是日期"})

    assert response.status_code == 400
    assert state_of(case) == before


def test_an_unknown_act_is_not_found(client, world):
    case = clue(world)
    client.force_login(world.user1)

    assert client.get(url("case-act", case.pk, "launch-rocket")).status_code == 404


def test_assigning_offers_only_eligible_officers_and_shows_why_others_are_not(
    client, world
):
    lapsed = make_officer(
        world.subject, "过期证", "13010009", valid_until=D(2025, 5, 31)
    )
    untrained = make_officer(world.subject, "少学时", "13010010", hours="10")
    case = filed(world)
    client.force_login(world.user1)

    page = client.get(url("case-act", case.pk, "assign-officer")).content.decode()
    form = page[page.index("<form method") :]

    assert f'value="{world.officer1.pk}"' in form
    assert f'value="{lapsed.pk}"' not in form
    assert f'value="{untrained.pk}"' not in form
    assert "2025-05-31" in page
    assert "学时" in page
    response = client.post(
        url("case-act", case.pk, "assign-officer"), {"officer": lapsed.pk}
    )
    assert response.status_code == 400
    assert not case.assignments.exists()


def notified_with_waiver(w, case):
    services.notify_party(
        actor=w.user1,
        case=case,
        served_on=D(2025, 5, 20),
        facts="事实",
        reasons="理由",
        basis="依据",
    )
    services.record_statement(
        actor=w.user1, case=case, received_on=D(2025, 5, 21), kind="waiver"
    )
    if case.is_major:  # reviewed and discussed as proposed (第58条, 第57条第2款)
        review = services.submit_for_review(actor=w.user1, case=case)
        services.decide_review(
            actor=w.reviewer, review=review, approve=True, opinion="同意"
        )
        services.record_collective_discussion(
            actor=w.user1, case=case, held_on=D(2025, 5, 30), summary="同意"
        )


def test_a_decision_outside_the_benchmark_needs_a_justification(client, world):
    case = investigated(world, fine_fen=6_500_000, **FOOD)
    notified_with_waiver(world, case)
    client.force_login(world.user1)
    before = state_of(case)
    decision = {
        "decided_on": "2025-06-02",
        "decision_number": "正市监罚〔2025〕1号",
        "outcome": "penalty",
        "kinds": ["fine", "confiscate_illegal_property"],
        "fine": "65000",
        "confiscation": "0",
        "reasoning": "",
        "deviation_justification": "",
    }

    refused = client.post(url("case-act", case.pk, "decide"), decision)
    assert refused.status_code == 409
    assert "第34条" in refused.content.decode()
    assert state_of(case) == before

    decision["deviation_justification"] = "当事人拒不配合调查，情节较重"
    accepted = client.post(url("case-act", case.pk, "decide"), decision)
    assert accepted.status_code == 302
    case.refresh_from_db()
    assert case.state == "decided"
    assert case.deviation
    assert case.deviation_justification == "当事人拒不配合调查，情节较重"


def test_a_decision_within_the_range_needs_no_justification(client, world):
    case = investigated(world, fine_fen=5_500_000, **FOOD)
    notified_with_waiver(world, case)
    client.force_login(world.user1)

    response = client.post(
        url("case-act", case.pk, "decide"),
        {
            "decided_on": "2025-06-02",
            "decision_number": "正市监罚〔2025〕2号",
            "outcome": "penalty",
            "kinds": ["fine", "confiscate_illegal_property"],
            "fine": "55000",
            "confiscation": "0",
        },
    )

    body = response.content.decode()
    assert response.status_code == 302, body[body.find("act-error") :][:600]
    case.refresh_from_db()
    assert case.state == "decided"
    assert case.deviation == {}


# --- reviewers --------------------------------------------------------------------------------


def test_the_reviewer_sees_reviews_due_with_the_justification_and_decides(
    client, world
):
    case = investigated(
        world,
        fine_fen=7_000_000,
        justification="当事人曾两次被责令改正",
        **FOOD,
    )
    review = services.submit_for_review(actor=world.user1, case=case)
    client.force_login(world.reviewer)

    due = client.get(url("reviews")).content.decode()
    page = client.get(url("review", review.pk)).content.decode()
    response = client.post(
        url("review", review.pk),
        {
            "outcome": "approve",
            "opinion": "事实清楚，同意。",
            "reviewed_on": "2025-06-02",
        },
    )

    assert case.number in due
    assert 'id="review-deviation"' in page
    assert "当事人曾两次被责令改正" in page
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.state == LegalReview.State.APPROVED
    assert review.reviewer == world.reviewer


def test_an_investigator_cannot_review_and_nothing_changes(client, world):
    case = investigated(world)
    review = services.submit_for_review(actor=world.user1, case=case)
    client.force_login(world.user1)

    response = client.post(
        url("review", review.pk),
        {"outcome": "approve", "opinion": "同意", "reviewed_on": "2025-06-02"},
    )

    assert response.status_code == 409
    assert "第58条" in response.content.decode()
    review.refresh_from_db()
    assert review.state == LegalReview.State.PENDING


# --- supervisors ------------------------------------------------------------------------------


def test_the_supervisor_sees_overdue_cases_and_ineligible_officers_below(client, world):
    late = clue(world, summary="逾期未决案件", received_on=D(2025, 2, 1))
    services.file_case(actor=world.user1, case=late, filed_on=D(2025, 2, 3))
    make_officer(world.subject, "过期证", "13010009", valid_until=D(2025, 5, 31))
    client.force_login(world.supervisor)

    page = client.get(url("supervision")).content.decode()

    overdue = page[page.index('id="overdue"') : page.index('id="missing"')]
    officers = page[page.index('id="officers"') : page.index('id="outside"')]
    assert late.number in overdue
    assert "过期证" in officers
    assert "2025-05-31" in officers


def test_supervision_is_scoped_to_the_users_organizations(client, world):
    late = clue(world, summary="逾期未决案件", received_on=D(2025, 2, 1))
    services.file_case(actor=world.user1, case=late, filed_on=D(2025, 2, 3))
    client.force_login(world.stranger)

    page = client.get(url("supervision")).content.decode()

    assert late.number not in page


# --- registry, complaints, measures, on the spot ------------------------------------------------


def test_registering_an_officer_and_training_goes_through_the_services(client, world):
    client.force_login(world.user1)

    response = client.post(
        url("new-officer"),
        {
            "subject": world.subject.pk,
            "name": "孙新人",
            "certificate_number": "13010020",
            "issuer": "河北省人民政府",
            "valid_from": "2025-01-01",
            "valid_until": "2030-12-31",
        },
    )

    assert response.status_code == 302
    officer = world.subject.officers.get(certificate_number="13010020")
    training = client.post(
        url("officer-act", officer.pk, "training"),
        {"attended_on": "2025-05-10", "hours": "16", "course": "行政处罚法"},
    )
    assert training.status_code == 302
    assert officer.trainings.count() == 1
    assert client.get(url("officer", officer.pk)).status_code == 200
    assert client.get(url("officers")).status_code == 200
    assert client.get(url("subjects")).status_code == 200


def test_the_reporter_is_hidden_from_the_supervisor_above(client, world):
    complaint = services.receive_complaint(
        actor=world.user1,
        organization=world.tree["A"],
        channel="phone",
        received_on=D(2025, 5, 30),
        target="某超市",
        content="销售过期牛奶",
        due_on=D(2025, 6, 13),
        due_basis="《市场监督管理投诉举报处理暂行办法》",
        reporter_name="举报人甲",
        reporter_contact="13800000000",
    )
    client.force_login(world.user1)
    own = client.get(url("complaint", complaint.pk)).content.decode()
    client.force_login(world.supervisor)
    above = client.get(url("complaint", complaint.pk)).content.decode()

    assert "举报人甲" in own
    assert "举报人甲" not in above
    assert "13800000000" not in above


def test_a_complaint_is_received_assigned_and_answered(client, world):
    client.force_login(world.user1)
    response = client.post(
        url("new-complaint"),
        {
            "organization": world.tree["A"].pk,
            "channel": "online",
            "received_on": "2025-05-30",
            "target_name": "某饭店",
            "content": "后厨卫生差",
            "due_on": "2025-06-13",
            "due_basis": "本机关投诉举报处理规定",
            "anonymous": "on",
        },
    )
    assert response.status_code == 302
    complaint = world.tree["A"].complaints.get()
    assign = client.post(
        url("complaint-act", complaint.pk, "assign"), {"assignee": world.user2.pk}
    )
    answer = client.post(
        url("complaint-act", complaint.pk, "answer"),
        {"answered_on": "2025-06-02", "result": "已核查，责令整改。"},
    )

    assert assign.status_code == 302
    assert answer.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == "answered"
    assert client.get(url("complaints")).status_code == 200


def test_a_measure_is_imposed_from_the_case_and_opens_its_page(client, world):
    case = investigated(world)
    head = member(world.tree["A"], Role.STAFF, display_name="局长")
    client.force_login(world.user1)

    response = client.post(
        url("case-act", case.pk, "impose-measure"),
        {
            "kind": "seize",
            "items": "过期食品 20 箱",
            "reason": "《食品安全法》第110条",
            "started_on": "2025-06-02",
            "approved_by": head.pk,
        },
    )

    assert response.status_code == 302
    measure = case.measures.get()
    assert response["Location"] == url("measure", measure.pk)
    page = client.get(url("measure", measure.pk)).content.decode()
    assert measure.term_due_on.isoformat() in page


def test_an_on_the_spot_decision_creates_a_served_simplified_case(client, world):
    client.force_login(world.user1)

    response = client.post(
        url("on-the-spot"),
        {
            "subject": world.subject.pk,
            "officer": world.officer1.pk,
            "party_kind": "natural_person",
            "party_name": "王某",
            "decided_on": "2025-06-02",
            "place": "正定县常山路",
            "summary": "占道经营",
            "basis": "《城市市容和环境卫生管理条例》第36条",
            "kinds": ["fine"],
            "fine": "50",
            "decision_number": "当场2025001",
        },
    )

    assert response.status_code == 302
    case = PenaltyCase.objects.get(procedure="simplified")
    assert case.state == "served"
    assert case.fine_fen == 5000
    page = client.get(url("case", case.pk)).content.decode()
    assert url("case-act", case.pk, "report-on-the-spot") in page


def test_the_case_page_is_complete_in_english(client, world):
    case = investigated(world, **FOOD)
    client.force_login(world.user1)

    page = client.get(url("case", case.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'lang="en"' in page
    for heading in ("Statutory time limits", "Next steps", "Discretion benchmark"):
        assert heading in page
    assert "Full-process record" in page
    assert "法定期限" not in page


def test_a_remedy_is_recorded_and_ended_from_the_case(client, world):
    case = services.decide_on_the_spot(
        actor=world.user1,
        subject=world.subject,
        officer=world.officer1,
        party_kind="natural_person",
        party_name="王某",
        decided_on=D(2025, 5, 20),
        summary="占道经营",
        basis="《城市市容和环境卫生管理条例》第36条",
        kinds=["fine"],
        fine_fen=5000,
        decision_number="当场2025002",
        place="正定县常山路",
    )
    client.force_login(world.user1)

    started = client.post(
        url("case-act", case.pk, "remedy"),
        {"kind": "reconsideration", "started_on": "2025-05-25"},
    )
    page = client.get(url("case", case.pk)).content.decode()
    remedy = case.remedies.get()
    ended = client.post(
        url("case-act", case.pk, "end-remedy"),
        {"remedy": remedy.pk, "ended_on": "2025-06-01", "result": "维持"},
    )

    assert started.status_code == 302
    assert url("case-act", case.pk, "end-remedy") in page
    assert ended.status_code == 302
    remedy.refresh_from_db()
    assert remedy.ended_on == D(2025, 6, 1)


def test_evidence_is_recorded_with_its_file(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = filed(world)
    client.force_login(world.user1)
    picture = SimpleUploadedFile(
        "现场照片.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    )

    response = client.post(
        url("case-act", case.pk, "add-evidence"),
        {
            "kind": "document",
            "title": "进货单据",
            "collected_on": "2025-05-20",
            "file": picture,
        },
    )

    assert response.status_code == 302
    evidence = case.evidence.get()
    assert evidence.file is not None
    assert evidence.file.organization_id == case.organization_id


def test_my_cases_are_paged(client, world, monkeypatch):
    from fazhi.enforcement import staff_views

    monkeypatch.setattr(staff_views, "CASES_PER_PAGE", 2)
    numbers = [clue(world, summary=f"线索{i}").number for i in range(3)]
    client.force_login(world.user1)

    first = client.get(url("cases"), {"state": "clue"}).content.decode()
    second = client.get(url("cases"), {"state": "clue", "page": "2"}).content.decode()

    assert "state=clue&amp;page=2" in first
    assert sum(n in first for n in numbers) == 2
    assert sum(n in second for n in numbers) == 1


def test_a_reviewer_of_the_legal_institution_reviews_the_agencys_case(client, world):
    from fazhi.core.models import Organization
    from fazhi.core.tests.factories import OrganizationFactory

    legal = OrganizationFactory(
        name="某局法制科",
        kind=Organization.Kind.LEGAL_INSTITUTION,
        division=world.tree["A"].division,
        parent=world.tree["A"],
    )
    seated = member(legal, Role.LEGAL_REVIEWER, display_name="法制科审核")
    case = investigated(world)
    review = services.submit_for_review(actor=world.user1, case=case)
    client.force_login(seated)

    due = client.get(url("reviews")).content.decode()
    page = client.get(url("review", review.pk)).content.decode()
    response = client.post(
        url("review", review.pk),
        {
            "outcome": "return",
            "opinion": "证据不足，退回补充调查。",
            "reviewed_on": "2025-06-02",
        },
    )

    assert case.number in due
    assert url("case", case.pk) not in page  # the case file itself stays the agency's
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.state == LegalReview.State.RETURNED
    assert client.get(url("case", case.pk)).status_code == 404
