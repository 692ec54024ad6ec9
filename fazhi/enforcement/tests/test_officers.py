import datetime as dt
from decimal import Decimal

import pytest

from fazhi.core.audit.models import AuditEntry
from fazhi.core.errors import (
    ConflictError,
    DomainError,
    NotFoundError,
    PermissionDeniedError,
)
from fazhi.core.models import Role
from fazhi.core.tests.factories import MembershipFactory
from fazhi.enforcement import selectors, services
from fazhi.enforcement.eligibility import officer_refusal
from fazhi.enforcement.models import EnforcementSubject, Officer
from fazhi.enforcement.tests.conftest import make_officer, member

pytestmark = pytest.mark.django_db

D = dt.date


def test_an_officer_short_of_annual_training_is_not_eligible(world):
    officer = make_officer(world.subject, "钱执法", "13010003", hours="59.5")

    refusal = officer_refusal(officer, day=D(2025, 6, 2), subject=world.subject)

    assert refusal is not None
    assert refusal.code == "officer_training_incomplete"
    assert "60" in refusal.zh
    assert "59.5" in refusal.zh
    assert "法治政府建设实施纲要" in refusal.basis


def test_a_new_officer_is_not_held_to_the_training_of_a_year_before_the_certificate(
    world,
):
    officer = Officer.objects.create(
        subject=world.subject,
        name="新执法",
        certificate_number="13010009",
        issuer="河北省人民政府",
        valid_from=D(2025, 3, 1),
        valid_until=D(2028, 2, 28),
    )

    assert officer_refusal(officer, day=D(2025, 6, 2), subject=world.subject) is None


def test_a_suspended_certificate_refuses_and_names_the_article(world):
    services.change_certificate(
        actor=world.user1, officer=world.officer1, status="suspended", reason="涉嫌违纪"
    )

    refusal = officer_refusal(world.officer1, day=D(2025, 6, 2), subject=world.subject)

    assert refusal.code == "officer_certificate_invalid"
    assert "第42条第1款" in refusal.basis
    assert (
        AuditEntry.objects.filter(action="enforcement.change_certificate").get().reason
        == "涉嫌违纪"
    )


def test_the_public_lookup_shows_only_public_fields(world):
    found = selectors.get_public_officer(
        certificate_number=" 13010001 ", today=D(2025, 6, 2)
    )

    assert found.name == "张执法"
    assert found.subject == world.tree["A"].name
    assert found.valid_today is True
    assert not hasattr(found, "user")
    assert not hasattr(found, "pk")
    with pytest.raises(NotFoundError):
        selectors.get_public_officer(certificate_number="99999999", today=D(2025, 6, 2))


def test_a_certificate_number_is_registered_once(world):
    count = Officer.objects.count()

    with pytest.raises(ConflictError) as caught:
        services.register_officer(
            actor=world.user1,
            subject=world.subject,
            name="重复",
            certificate_number="13010001",
            issuer="河北省人民政府",
            valid_from=D(2025, 1, 1),
            valid_until=D(2026, 1, 1),
        )

    assert caught.value.code == "certificate_number_taken"
    assert Officer.objects.count() == count


def test_an_entrusted_subject_needs_its_entrusting_body_and_letter(world):
    clerk = member(world.tree["A_sub"], Role.STAFF)
    audit = AuditEntry.objects.count()

    with pytest.raises(DomainError) as caught:
        services.register_subject(
            actor=clerk,
            organization=world.tree["A_sub"],
            kind="entrusted",
            legal_basis="委托",
        )

    assert caught.value.code == "entrusting_body_required"
    assert "第20条" in caught.value.basis
    assert not EnforcementSubject.objects.filter(
        organization=world.tree["A_sub"]
    ).exists()
    assert AuditEntry.objects.count() == audit


def test_an_entrusted_subject_cannot_hold_compulsory_matters(world):
    services_user = member(world.tree["A_sub"], Role.STAFF)
    MembershipFactory(user=services_user, organization=world.tree["A"], role=Role.STAFF)
    subject = services.register_subject(
        actor=services_user,
        organization=world.tree["A_sub"],
        kind="entrusted",
        legal_basis="《行政处罚法》第20条",
        entrusting_organization=world.tree["A"],
        entrustment_scope="食品安全检查中的警告、罚款",
        entrustment_document="正市监委〔2025〕1号",
    )

    with pytest.raises(DomainError) as caught:
        services.add_matter(
            actor=services_user,
            subject=subject,
            code="Q1",
            name="扣押",
            kind="coercive_measure",
            citation="《食品安全法》第110条",
        )

    assert caught.value.code == "coercion_not_entrustable"
    assert "第17条" in caught.value.basis


def test_an_organization_cannot_register_officers_of_another(world):
    with pytest.raises(PermissionDeniedError):
        services.register_officer(
            actor=world.stranger,
            subject=world.subject,
            name="越权",
            certificate_number="X1",
            issuer="某",
            valid_from=D(2025, 1, 1),
            valid_until=D(2026, 1, 1),
        )

    assert not Officer.objects.filter(certificate_number="X1").exists()


def test_supervision_lists_officers_who_may_not_act_in_the_subtree(world):
    make_officer(world.subject, "过期", "13010004", valid_until=D(2025, 1, 31))
    make_officer(world.subject, "缺学时", "13010005", hours="10")

    lapsed = selectors.list_officers_without_valid_certificate(
        user=world.supervisor, today=D(2025, 6, 2)
    )
    ineligible = selectors.list_ineligible_officers(
        user=world.supervisor, today=D(2025, 6, 2)
    )
    none_for_stranger = selectors.list_ineligible_officers(
        user=world.stranger, today=D(2025, 6, 2)
    )

    assert [o.name for o in lapsed] == ["过期"]
    assert sorted((o.name, code) for o, code in ineligible) == [
        ("缺学时", "officer_training_incomplete"),
        ("过期", "officer_certificate_lapsed"),
    ]
    assert none_for_stranger == []


def test_training_hours_must_be_positive(world):
    with pytest.raises(DomainError) as caught:
        services.record_training(
            actor=world.user1,
            officer=world.officer1,
            attended_on=D(2025, 3, 1),
            hours="-3",
            course="培训",
        )

    assert caught.value.code == "training_hours_invalid"


@pytest.mark.parametrize(
    ("score", "note", "code"),
    [
        (
            Decimal("12345.6"),
            "",
            "exam_score_invalid",
        ),  # beyond the column: a 500 before
        (Decimal("-1"), "", "exam_score_invalid"),
        (Decimal("NaN"), "", "exam_score_invalid"),
        (Decimal("80"), "注" * 256, "note_too_long"),
    ],
)
def test_an_exam_out_of_range_is_refused_and_nothing_recorded(world, score, note, code):
    with pytest.raises(DomainError) as caught:
        services.record_exam(
            actor=world.user1,
            officer=world.officer1,
            taken_on=D(2025, 3, 1),
            passed=True,
            score=score,
            note=note,
        )

    assert caught.value.code == code
    assert not world.officer1.exams.exists()


def test_an_exam_score_is_kept_to_a_tenth(world):
    exam = services.record_exam(
        actor=world.user1,
        officer=world.officer1,
        taken_on=D(2025, 3, 1),
        passed=True,
        score=Decimal("87.25"),
    )

    exam.refresh_from_db()
    assert exam.score == Decimal("87.2")
