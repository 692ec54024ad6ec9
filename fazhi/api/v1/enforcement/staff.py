"""Subjects, matters and officers, for staff.

No ``from __future__ import annotations``: ``@paginate`` needs real annotations.
"""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja.pagination import paginate
from ninja.responses import Status

from fazhi.api.v1.enforcement.common import _actor, router
from fazhi.api.v1.enforcement.schemas import (
    CertificateChangeIn,
    ExamIn,
    MatterIn,
    MatterOut,
    OfficerIn,
    OfficerOut,
    SubjectIn,
    SubjectOut,
    TrainingIn,
)
from fazhi.api.v1.pagination import FazhiPagination
from fazhi.api.v1.security import staff_auth
from fazhi.core.errors import NotFoundError
from fazhi.core.models import Organization, User
from fazhi.enforcement import selectors, services


def _organization(organization_id: int | None) -> Organization | None:
    if organization_id is None:
        return None
    found = Organization.objects.filter(pk=organization_id, is_active=True).first()
    if found is None:
        raise NotFoundError(
            "没有此组织。", "No such organization.", code="organization_not_found"
        )
    return found


@router.post(
    "/subjects",
    response={201: SubjectOut},
    auth=staff_auth,
    operation_id="enforcement_subjects_create",
    summary="登记执法主体 / register an enforcement subject",
)
def create_subject(request: HttpRequest, payload: SubjectIn) -> Any:
    subject = services.register_subject(
        actor=_actor(request),
        organization=_organization(payload.organization_id),  # type: ignore[arg-type]
        kind=payload.kind,
        legal_basis=payload.legal_basis,
        entrusting_organization=_organization(payload.entrusting_organization_id),
        entrustment_scope=payload.entrustment_scope,
        entrustment_document=payload.entrustment_document,
        entrusted_from=payload.entrusted_from,
        entrusted_until=payload.entrusted_until,
    )
    return Status(201, subject)


@router.post(
    "/subjects/{subject_id}/matters",
    response={201: MatterOut},
    auth=staff_auth,
    operation_id="enforcement_matters_create",
    summary="登记执法事项 / add a matter",
)
def create_matter(request: HttpRequest, subject_id: int, payload: MatterIn) -> Any:
    matter = services.add_matter(
        actor=_actor(request),
        subject=selectors.get_subject(subject_id=subject_id),
        code=payload.code,
        name=payload.name,
        kind=payload.kind,
        citation=payload.citation,
    )
    return Status(201, matter)


@router.get(
    "/officers",
    response=list[OfficerOut],
    auth=staff_auth,
    operation_id="enforcement_officers_list",
    summary="执法人员（按可见范围） / officers",
)
@paginate(FazhiPagination)
def list_officers(request: HttpRequest, subject_id: int | None = None) -> Any:
    return selectors.list_officers(user=request.user, subject_id=subject_id)


@router.post(
    "/officers",
    response={201: OfficerOut},
    auth=staff_auth,
    operation_id="enforcement_officers_create",
    summary="登记执法人员和执法证 / register an officer",
)
def create_officer(request: HttpRequest, payload: OfficerIn) -> Any:
    user = User.objects.filter(pk=payload.user_id).first() if payload.user_id else None
    if payload.user_id and user is None:
        raise NotFoundError(
            "没有此账户。",
            "No such account.",
            code="account_not_found",
            field="user_id",
        )
    officer = services.register_officer(
        actor=_actor(request),
        subject=selectors.get_subject(subject_id=payload.subject_id),
        name=payload.name,
        certificate_number=payload.certificate_number,
        issuer=payload.issuer,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        user=user,
    )
    return Status(201, officer)


@router.post(
    "/officers/{officer_id}/certificate",
    response=OfficerOut,
    auth=staff_auth,
    operation_id="enforcement_officer_certificate_change",
    summary="暂扣、注销、恢复或延续执法证 / change a certificate",
)
def change_certificate(
    request: HttpRequest, officer_id: int, payload: CertificateChangeIn
) -> Any:
    actor = _actor(request)
    return services.change_certificate(
        actor=actor,
        officer=selectors.get_officer(user=actor, officer_id=officer_id),
        status=payload.status,
        valid_until=payload.valid_until,
        reason=payload.reason,
    )


@router.post(
    "/officers/{officer_id}/trainings",
    response={201: dict},
    auth=staff_auth,
    operation_id="enforcement_officer_training_create",
    summary="登记培训学时 / record training",
)
def create_training(request: HttpRequest, officer_id: int, payload: TrainingIn) -> Any:
    actor = _actor(request)
    training = services.record_training(
        actor=actor,
        officer=selectors.get_officer(user=actor, officer_id=officer_id),
        attended_on=payload.attended_on,
        hours=str(payload.hours),
        course=payload.course,
        provider=payload.provider,
    )
    return Status(201, {"id": training.pk, "hours": str(training.hours)})


@router.post(
    "/officers/{officer_id}/exams",
    response={201: dict},
    auth=staff_auth,
    operation_id="enforcement_officer_exam_create",
    summary="登记执法资格考试 / record an exam",
)
def create_exam(request: HttpRequest, officer_id: int, payload: ExamIn) -> Any:
    actor = _actor(request)
    exam = services.record_exam(
        actor=actor,
        officer=selectors.get_officer(user=actor, officer_id=officer_id),
        taken_on=payload.taken_on,
        passed=payload.passed,
        score=None if payload.score is None else Decimal(str(payload.score)),
        note=payload.note,
    )
    return Status(201, {"id": exam.pk, "passed": exam.passed})
