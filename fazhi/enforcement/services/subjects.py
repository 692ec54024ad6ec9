"""Subjects, matters, officers, examinations and training (执法主体和执法人员)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction

from fazhi.core.errors import ConflictError, DomainError
from fazhi.core.models import Organization, User
from fazhi.enforcement.models import (
    EnforcementMatter,
    EnforcementSubject,
    MajorCaseOverride,
    Officer,
    QualificationExam,
    TrainingRecord,
)
from fazhi.enforcement.services.common import act, require_change, required_text
from fazhi.laws.models import Provision

BASIS_SUBJECT = "《行政处罚法》(2021-01-22) 第17条；第18条；第19条"
BASIS_ENTRUSTMENT = "《行政处罚法》(2021-01-22) 第20条；第21条"
BASIS_MATTER = "《行政处罚法》(2021-01-22) 第39条（执法主体、依据等信息应当公示）"
BASIS_OFFICER = "《行政处罚法》(2021-01-22) 第42条第1款；第55条第1款"
BASIS_TRAINING = (
    "《法治政府建设实施纲要(2021-2025年)》（三十四）（政策文件，不在法律语料中）"
)
BASIS_MAJOR_LIST = "《行政处罚法》(2021-01-22) 第58条第1款第4项"


@transaction.atomic
def register_subject(
    *,
    actor: User,
    organization: Organization,
    kind: str,
    legal_basis: str,
    entrusting_organization: Organization | None = None,
    entrustment_scope: str = "",
    entrustment_document: str = "",
    entrusted_from: dt.date | None = None,
    entrusted_until: dt.date | None = None,
) -> EnforcementSubject:
    """Record ``organization`` as an enforcement subject (法定、授权或者受委托).

    An entrusted organization needs its entrusting body, the scope and the
    letter (第20条), entered by someone who reaches the entrusting body.
    """
    require_change(actor, organization)
    if kind not in EnforcementSubject.Kind.values:
        raise DomainError(
            f"未知的主体类型“{kind}”。",
            f"Unknown subject kind {kind!r}.",
            code="subject_kind_unknown",
            field="kind",
        )
    legal_basis = required_text(
        legal_basis, field="legal_basis", zh="职权依据", en="The legal basis"
    )
    if kind == EnforcementSubject.Kind.ENTRUSTED:
        if (
            entrusting_organization is None
            or entrusting_organization.pk == organization.pk
        ):
            raise DomainError(
                "受委托组织须写明委托机关（不能是其自身）。",
                "An entrusted organization needs its entrusting body (not itself).",
                code="entrusting_body_required",
                field="entrusting_organization",
                basis=BASIS_ENTRUSTMENT,
            )
        require_change(actor, entrusting_organization)
        required_text(
            entrustment_scope,
            field="entrustment_scope",
            zh="委托事项和权限",
            en="The scope",
        )
        required_text(
            entrustment_document,
            field="entrustment_document",
            zh="委托书",
            en="The letter",
        )
        if entrusted_from and entrusted_until and entrusted_until < entrusted_from:
            raise DomainError(
                "委托截止日不能早于起始日。",
                "The entrustment ends before it starts.",
                code="entrustment_dates_invalid",
                field="entrusted_until",
            )
    elif entrusting_organization is not None:
        raise DomainError(
            "只有受委托组织才有委托机关。",
            "Only an entrusted organization has an entrusting body.",
            code="entrusting_body_unexpected",
            field="entrusting_organization",
        )
    if EnforcementSubject.objects.filter(organization=organization).exists():
        raise ConflictError(
            f"“{organization.name}”已登记为执法主体。",
            f"{organization.name} is already an enforcement subject.",
            code="subject_exists",
        )
    subject = EnforcementSubject.objects.create(
        organization=organization,
        kind=kind,
        legal_basis=legal_basis,
        entrusting_organization=entrusting_organization,
        entrustment_scope=entrustment_scope.strip(),
        entrustment_document=entrustment_document.strip(),
        entrusted_from=entrusted_from,
        entrusted_until=entrusted_until,
    )
    act(
        actor=actor,
        action="register_subject",
        obj=subject,
        organization=organization,
        basis=BASIS_ENTRUSTMENT if subject.is_entrusted else BASIS_SUBJECT,
        after={
            "kind": kind,
            "legal_basis": legal_basis,
            "entrusting_organization": getattr(entrusting_organization, "pk", None),
        },
    )
    return subject


@transaction.atomic
def add_matter(
    *,
    actor: User,
    subject: EnforcementSubject,
    code: str,
    name: str,
    kind: str,
    citation: str,
    provisions: Iterable[Provision] = (),
) -> EnforcementMatter:
    """Add a matter the subject may enforce, with its legal basis (published, 第39条)."""
    require_change(actor, subject.organization)
    code = required_text(code, field="code", zh="事项编码", en="The code")
    name = required_text(name, field="name", zh="事项名称", en="The name")
    citation = required_text(
        citation, field="citation", zh="依据", en="The legal basis"
    )
    if kind not in EnforcementMatter.Kind.values:
        raise DomainError(
            f"未知的事项类型“{kind}”。",
            f"Unknown matter kind {kind!r}.",
            code="matter_kind_unknown",
            field="kind",
        )
    if (
        kind
        in (
            EnforcementMatter.Kind.COERCIVE_MEASURE,
            EnforcementMatter.Kind.COERCIVE_EXECUTION,
        )
        and subject.is_entrusted
    ):
        raise DomainError(
            "行政强制措施权不得委托；受委托组织不能登记强制类事项。",
            "The power of compulsory measures cannot be entrusted.",
            code="coercion_not_entrustable",
            field="kind",
            basis="《行政强制法》(2011-06-30) 第17条第1款",
        )
    if EnforcementMatter.objects.filter(subject=subject, code=code).exists():
        raise ConflictError(
            f"事项编码“{code}”已存在。",
            f"The matter code {code!r} exists.",
            code="matter_code_taken",
            field="code",
        )
    matter = EnforcementMatter.objects.create(
        subject=subject, code=code, name=name, kind=kind, citation=citation
    )
    provision_ids = [p.pk for p in provisions]
    if provision_ids:
        matter.provisions.set(provision_ids)
    act(
        actor=actor,
        action="add_matter",
        obj=matter,
        organization=subject.organization,
        basis=BASIS_MATTER,
        after={
            "code": code,
            "name": name,
            "kind": kind,
            "citation": citation,
            "provisions": provision_ids,
        },
    )
    return matter


@transaction.atomic
def register_officer(
    *,
    actor: User,
    subject: EnforcementSubject,
    name: str,
    certificate_number: str,
    issuer: str,
    valid_from: dt.date,
    valid_until: dt.date,
    user: User | None = None,
) -> Officer:
    """Register an officer and their enforcement certificate (执法证)."""
    require_change(actor, subject.organization)
    name = required_text(name, field="name", zh="姓名", en="The name")
    number = required_text(
        certificate_number,
        field="certificate_number",
        zh="执法证号",
        en="The certificate number",
    )
    issuer = required_text(issuer, field="issuer", zh="发证机关", en="The issuer")
    if valid_until < valid_from:
        raise DomainError(
            "执法证有效期截止日不能早于起始日。",
            "The certificate expires before it starts.",
            code="certificate_dates_invalid",
            field="valid_until",
        )
    if Officer.objects.filter(certificate_number=number).exists():
        raise ConflictError(
            f"执法证号“{number}”已登记。",
            f"Certificate {number} is already registered.",
            code="certificate_number_taken",
            field="certificate_number",
        )
    if user is not None and Officer.objects.filter(user=user).exists():
        raise ConflictError(
            "该账户已关联其他执法人员。",
            "This account is linked to another officer.",
            code="officer_user_taken",
            field="user",
        )
    try:
        with transaction.atomic():
            officer = Officer.objects.create(
                subject=subject,
                user=user,
                name=name,
                certificate_number=number,
                issuer=issuer,
                valid_from=valid_from,
                valid_until=valid_until,
            )
    except IntegrityError:
        raise ConflictError(
            f"执法证号“{number}”已登记。",
            f"Certificate {number} is already registered.",
            code="certificate_number_taken",
            field="certificate_number",
        ) from None
    act(
        actor=actor,
        action="register_officer",
        obj=officer,
        organization=subject.organization,
        basis=BASIS_OFFICER,
        after=_officer_state(officer),
    )
    return officer


@transaction.atomic
def change_certificate(
    *,
    actor: User,
    officer: Officer,
    status: str | None = None,
    valid_until: dt.date | None = None,
    reason: str,
) -> Officer:
    """Suspend, revoke, reinstate or renew a certificate, with the reason recorded."""
    require_change(actor, officer.subject.organization)
    reason = required_text(reason, field="reason", zh="理由", en="The reason")
    before = _officer_state(officer)
    if status is not None:
        if status not in Officer.Status.values:
            raise DomainError(
                f"未知的证件状态“{status}”。",
                f"Unknown certificate status {status!r}.",
                code="certificate_status_unknown",
                field="status",
            )
        officer.status = status
    if valid_until is not None:
        if valid_until < officer.valid_from:
            raise DomainError(
                "执法证有效期截止日不能早于起始日。",
                "The certificate expires before it starts.",
                code="certificate_dates_invalid",
                field="valid_until",
            )
        officer.valid_until = valid_until
    officer.save(update_fields=["status", "valid_until", "updated_at"])
    act(
        actor=actor,
        action="change_certificate",
        obj=officer,
        organization=officer.subject.organization,
        basis=BASIS_OFFICER,
        before=before,
        after=_officer_state(officer),
        reason=reason,
    )
    return officer


#: What an exam record holds: a score below 1000 to a tenth of a point (the
#: column's precision), a note of one line.
MAX_EXAM_SCORE = 1000
MAX_NOTE = QualificationExam._meta.get_field("note").max_length or 0


@transaction.atomic
def record_exam(
    *,
    actor: User,
    officer: Officer,
    taken_on: dt.date,
    passed: bool,
    score: Decimal | None = None,
    note: str = "",
) -> QualificationExam:
    """Record a result of the enforcement qualification examination."""
    require_change(actor, officer.subject.organization)
    if score is not None:
        if not score.is_finite() or not 0 <= score < MAX_EXAM_SCORE:
            raise DomainError(
                f"成绩应在 0 到 {MAX_EXAM_SCORE} 之间。",
                f"The score must be between 0 and {MAX_EXAM_SCORE}.",
                code="exam_score_invalid",
                field="score",
            )
        score = score.quantize(Decimal("0.1"))
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise DomainError(
            f"备注不得超过 {MAX_NOTE} 个字。",
            f"The note must not exceed {MAX_NOTE} characters.",
            code="note_too_long",
            field="note",
        )
    exam = QualificationExam.objects.create(
        officer=officer,
        taken_on=taken_on,
        passed=passed,
        score=score,
        note=note,
    )
    act(
        actor=actor,
        action="record_exam",
        obj=officer,
        organization=officer.subject.organization,
        basis=BASIS_OFFICER,
        after={"exam": exam.pk, "taken_on": taken_on, "passed": passed, "score": score},
    )
    return exam


@transaction.atomic
def record_training(
    *,
    actor: User,
    officer: Officer,
    attended_on: dt.date,
    hours: Decimal | float | str,
    course: str,
    provider: str = "",
) -> TrainingRecord:
    """Record training hours; the annual total decides eligibility (ADR 0082)."""
    require_change(actor, officer.subject.organization)
    course = required_text(course, field="course", zh="培训内容", en="The course")
    try:
        amount = Decimal(str(hours))
    except InvalidOperation:
        amount = Decimal(0)
    if amount.is_finite() and 0 < amount < 1000:
        # Stored to a tenth of an hour: 0.04 would be stored as 0 and break the
        # positive-hours constraint.
        amount = amount.quantize(Decimal("0.1"))
    if not amount.is_finite() or amount <= 0 or amount >= 1000:
        raise DomainError(
            "学时应为大于 0 的数。",
            "Hours must be a positive number.",
            code="training_hours_invalid",
            field="hours",
        )
    training = TrainingRecord.objects.create(
        officer=officer,
        attended_on=attended_on,
        hours=amount,
        course=course,
        provider=provider.strip(),
    )
    act(
        actor=actor,
        action="record_training",
        obj=officer,
        organization=officer.subject.organization,
        basis=BASIS_TRAINING,
        after={
            "training": training.pk,
            "attended_on": attended_on,
            "hours": str(training.hours),
            "course": course,
        },
    )
    return training


@transaction.atomic
def add_major_case_override(
    *,
    actor: User,
    organization: Organization,
    code: str,
    description: str,
    citation: str,
    valid_from: dt.date,
    effect: str = MajorCaseOverride.Effect.INCLUDE,
    condition: dict[str, object] | None = None,
    valid_until: dt.date | None = None,
) -> MajorCaseOverride:
    """Adjust, for one organization, the default list of major cases (第58条第1款第4项)."""
    require_change(actor, organization)
    code = required_text(code, field="code", zh="情形编码", en="The code")
    description = required_text(
        description, field="description", zh="情形", en="The description"
    )
    citation = required_text(
        citation, field="citation", zh="依据", en="The legal basis"
    )
    if effect not in MajorCaseOverride.Effect.values:
        raise DomainError(
            f"未知的效果“{effect}”。",
            f"Unknown effect {effect!r}.",
            code="override_effect_unknown",
            field="effect",
        )
    if valid_until is not None and valid_until < valid_from:
        raise DomainError(
            "失效日不能早于生效日。",
            "It ends before it starts.",
            code="override_dates_invalid",
            field="valid_until",
        )
    override = MajorCaseOverride.objects.create(
        organization=organization,
        code=code,
        description=description,
        citation=citation,
        effect=effect,
        condition=condition or {},
        valid_from=valid_from,
        valid_until=valid_until,
    )
    act(
        actor=actor,
        action="add_major_case_override",
        obj=override,
        organization=organization,
        basis=BASIS_MAJOR_LIST,
        after={
            "code": code,
            "effect": effect,
            "condition": condition or {},
            "citation": citation,
            "valid_from": valid_from,
            "valid_until": valid_until,
        },
    )
    return override


def _officer_state(officer: Officer) -> dict[str, object]:
    return {
        "name": officer.name,
        "certificate_number": officer.certificate_number,
        "issuer": officer.issuer,
        "valid_from": officer.valid_from,
        "valid_until": officer.valid_until,
        "status": officer.status,
        "user": officer.user_id,
    }
