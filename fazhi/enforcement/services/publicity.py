"""Publishing penalty decisions (《行政处罚法》(2021-01-22) 第48条), withdrawing them, ending them.

The decision is masked once, at publication, with the one shared function
(:func:`fazhi.core.masking.mask`): the party line, the summary, the facts, the
basis and the penalty are masked together as one document, so a person has the
same masked form (张某甲) in every field, and only the masked text is stored.
A decision varied, revoked or confirmed illegal or void is withdrawn within the
period of rule ``penalty.publicity.withdrawal`` (第48条第2款), counted by the time
engine with the office's calendar; the record says whether that was in time.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from fazhi.core.errors import DomainError
from fazhi.core.masking import MaskResult, Person, mask
from fazhi.core.models import User
from fazhi.enforcement import rulebook
from fazhi.enforcement.models import PenaltyCase, PublishedDecision
from fazhi.enforcement.models.cases import PartyKind
from fazhi.enforcement.services.common import (
    act,
    compute,
    not_before,
    not_in_future,
    require_change,
    required_text,
)
from fazhi.enforcement.workflows import active_officers, latest_notice, today
from fazhi.rules.enforcement.outcome import fen_to_yuan

BASIS_PUBLISH = "《行政处罚法》(2021-01-22) 第48条第1款"
BASIS_WITHDRAW = "《行政处罚法》(2021-01-22) 第48条第2款"
WITHDRAWAL_RULE = "penalty.publicity.withdrawal"
#: A decision exists from "decided" on; paying or closing does not unmake it.
PUBLISHABLE_STATES = ("decided", "served", "executed", "closed")
_SECTION_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class MaskedDecision:
    """The public fields of a decision, each masked, and what was hidden (counts only)."""

    party: str
    summary: str
    facts: str
    legal_basis: str
    penalty: str
    hidden: dict[str, int]


def _persons(case: PenaltyCase) -> list[Person]:
    """The natural persons the case records (the party, when a natural person)."""
    if case.party_kind != PartyKind.NATURAL_PERSON:
        return []
    return [
        Person(
            name=case.party_name,
            id_number=case.party_id_number,
            address=case.party_address,
        )
    ]


def _public_strings(case: PenaltyCase) -> list[str]:
    """What is public and stays: the officers acting for the agency (第55条), and a
    legal person or organization as party (SPC 法释〔2016〕19号 第11条: kept)."""
    kept = [o.name for o in active_officers(case)]
    if case.on_spot_officer is not None:
        kept.append(case.on_spot_officer.name)
    if case.party_kind != PartyKind.NATURAL_PERSON:
        kept.append(case.party_name)
    return kept


def _sections(
    document: str, result: MaskResult, bounds: Sequence[tuple[int, int]]
) -> list[str]:
    """Cut the masked document back into its sections, using the replacements'
    offsets into ``document`` (a replacement that crossed a boundary stays in the
    section where it began, and its rest is dropped from the next)."""
    replacements = sorted(result.replacements, key=lambda r: r.start)
    out: list[str] = []
    for start, end in bounds:
        parts: list[str] = []
        pos = start
        for r in replacements:
            if r.end <= start or r.start >= end:
                continue
            if r.start >= start:
                parts.append(document[pos : r.start])
                parts.append(r.replacement)
            pos = max(pos, min(r.end, end))
        parts.append(document[pos:end])
        out.append("".join(parts))
    return out


def mask_decision(
    *,
    case: PenaltyCase,
    summary: str,
    facts: str,
    legal_basis: str,
    penalty: str,
) -> MaskedDecision:
    """Mask the public fields of ``case``'s decision together, as one document."""
    persons = _persons(case)
    party_line = case.party_name
    fields = [party_line, summary, facts, legal_basis, penalty]
    bounds: list[tuple[int, int]] = []
    pieces: list[str] = []
    length = 0
    labels = ("当事人：", "案由：", "", "", "")
    for label, value in zip(labels, fields, strict=True):
        if pieces:
            pieces.append(_SECTION_SEPARATOR)
            length += len(_SECTION_SEPARATOR)
        pieces.append(label)
        length += len(label)
        bounds.append((length, length + len(value)))
        pieces.append(value)
        length += len(value)
    document = "".join(pieces)
    result = mask(document, known_persons=persons, keep=_public_strings(case))
    party, summary_out, facts_out, basis_out, penalty_out = _sections(
        document, result, bounds
    )
    if case.party_kind != PartyKind.NATURAL_PERSON:
        party = case.party_name  # a legal person or organization is kept, named
    hidden = Counter(str(r.kind) for r in result.replacements)
    return MaskedDecision(
        party=party,
        summary=summary_out,
        facts=facts_out,
        legal_basis=basis_out,
        penalty=penalty_out,
        hidden=dict(hidden),
    )


def _yuan(fen: int) -> str:
    amount = fen_to_yuan(fen)
    text = f"{amount:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def penalty_text(case: PenaltyCase) -> str:
    """The penalty in words: the kinds (第9条) and the amounts."""
    names = rulebook.penalty_kinds()
    parts: list[str] = []
    for code in case.kinds:
        label = names.get(code, (code, code))[0]
        if code == "fine" and case.fine_fen:
            parts.append(f"{label}人民币{_yuan(case.fine_fen)}元")
        elif code.startswith("confiscate_illegal_income") and case.confiscation_fen:
            parts.append(f"{label}人民币{_yuan(case.confiscation_fen)}元")
        else:
            parts.append(str(label))
    return "；".join(parts)


def _default_facts(case: PenaltyCase) -> tuple[str, str]:
    notice = latest_notice(case)
    if notice is not None:
        return notice.facts, notice.basis
    if case.is_simplified:
        return case.summary, case.decision_reasoning
    return "", ""


def publication_defaults(case: PenaltyCase) -> tuple[str, str]:
    """The facts and basis a publication starts from (the notice's, 第44条; or the
    on-the-spot form's, 第52条), for the staff to review before publishing."""
    return _default_facts(case)


def preview_publication(
    case: PenaltyCase, *, facts: str = "", legal_basis: str = ""
) -> MaskedDecision:
    """Exactly what :func:`publish_decision` would store for these inputs, masked,
    without storing anything: the staff confirm this text (第48条第1款)."""
    default_facts, default_basis = _default_facts(case)
    return mask_decision(
        case=case,
        summary=case.summary,
        facts=facts or default_facts,
        legal_basis=legal_basis or default_basis,
        penalty=penalty_text(case),
    )


def active_publication(case: PenaltyCase) -> PublishedDecision | None:
    """The case's publication that is still up (not withdrawn), if any."""
    return case.publications.filter(withdrawn_on__isnull=True).first()


def _publication_refusal(case: PenaltyCase) -> DomainError | None:
    if (
        case.state in PUBLISHABLE_STATES
        and case.outcome == PenaltyCase.Outcome.PENALTY
        and case.decided_on is not None
    ):
        return None
    return DomainError(
        "只有已作出的行政处罚决定才能公开（案件尚未作出处罚决定，或决定不予处罚）。"
        "《行政处罚法》第48条第1款：具有一定社会影响的行政处罚决定应当依法公开。",
        "Only a penalty decision that has been made can be published (this case has "
        "no penalty decision yet, or decided no penalty). Administrative Penalty Law, "
        "Art. 48(1): penalty decisions of some social impact shall be made public.",
        code="decision_not_publishable",
        status=409,
        basis=BASIS_PUBLISH,
    )


@transaction.atomic
def publish_decision(
    *,
    actor: User,
    case: PenaltyCase,
    facts: str = "",
    legal_basis: str = "",
    published_on: dt.date | None = None,
) -> PublishedDecision:
    """Publish a penalty decision (第48条第1款), masked once, for the configured period.

    ``facts`` and ``legal_basis`` default to those of the notice before the
    decision (第44条), or to the on-the-spot form's (第52条). Refused, changing
    nothing, for a case without a penalty decision or already published.
    """
    require_change(actor, case.organization)
    refusal = _publication_refusal(case)
    if refusal is not None:
        raise refusal
    if case.publications.filter(withdrawn_on__isnull=True).exists():
        raise DomainError(
            "该处罚决定已经公开。",
            "This decision is already published.",
            code="already_published",
            status=409,
            basis=BASIS_PUBLISH,
        )
    day = published_on or today()
    decided_on: dt.date = case.decided_on or day  # set: checked by the refusal above
    not_before(
        day, decided_on, field="published_on", zh="公开日", en="The publication day"
    )
    not_in_future(
        day, today(), field="published_on", zh="公开日", en="The publication day"
    )
    default_facts, default_basis = _default_facts(case)
    facts = required_text(
        facts or default_facts, field="facts", zh="违法事实", en="The facts"
    )
    legal_basis = required_text(
        legal_basis or default_basis,
        field="legal_basis",
        zh="处罚依据",
        en="The legal basis",
    )
    period = rulebook.publication_period(
        kinds=case.kinds, fine_fen=case.fine_fen, on=day
    )
    masked = preview_publication(case, facts=facts, legal_basis=legal_basis)
    publication = PublishedDecision.objects.create(
        case=case,
        organization=case.organization,
        organization_name=case.organization.name,
        decision_number=case.decision_number,
        party_kind=case.party_kind,
        party=masked.party,
        summary=masked.summary,
        facts=masked.facts,
        legal_basis=masked.legal_basis,
        penalty=masked.penalty,
        kinds=list(case.kinds),
        fine_fen=case.fine_fen,
        decided_on=decided_on,
        published_on=day,
        publication_ends_on=period.ends_on(day),
        publication_period_basis=period.basis,
        published_by=actor,
    )
    act(
        actor=actor,
        action="publish_decision",
        obj=case,
        organization=case.organization,
        basis=BASIS_PUBLISH,
        after={
            "publication": publication.pk,
            "decision_number": case.decision_number,
            "published_on": day,
            "publication_ends_on": publication.publication_ends_on,
            "publication_period_basis": period.basis,
            "hidden": masked.hidden,  # counts by kind, never the originals
        },
    )
    return publication


def _check_reason(reason: str) -> str:
    if reason not in PublishedDecision.WithdrawalReason.values:
        raise DomainError(
            f"未知的撤回原因“{reason}”（应为被变更、撤销、确认违法或者确认无效）。",
            f"Unknown withdrawal reason {reason!r} (varied, revoked, confirmed "
            "illegal or confirmed void).",
            code="withdrawal_reason_unknown",
            field="reason",
            basis=BASIS_WITHDRAW,
        )
    return reason


def _require_not_withdrawn(publication: PublishedDecision) -> None:
    if publication.withdrawn_on is not None:
        raise DomainError(
            f"该决定已于 {publication.withdrawn_on} 撤回。",
            f"This decision was already withdrawn on {publication.withdrawn_on}.",
            code="already_withdrawn",
            status=409,
            basis=BASIS_WITHDRAW,
        )


def _check_occurred_on(publication: PublishedDecision, occurred_on: dt.date) -> None:
    not_before(
        occurred_on,
        publication.decided_on,
        field="occurred_on",
        zh="决定被变更、撤销或确认违法、无效之日",
        en="The day the decision was set aside",
    )
    not_in_future(
        occurred_on,
        today(),
        field="occurred_on",
        zh="决定被变更、撤销或确认违法、无效之日",
        en="The day the decision was set aside",
    )


@transaction.atomic
def start_withdrawal_clock(
    *,
    actor: User,
    publication: PublishedDecision,
    reason: str,
    occurred_on: dt.date,
) -> PublishedDecision:
    """Record that the published decision was varied, revoked or confirmed illegal or
    void on ``occurred_on``: the withdrawal falls due (第48条第2款) and the worklist shows it."""
    require_change(actor, publication.organization)
    _require_not_withdrawn(publication)
    reason = _check_reason(reason)
    _check_occurred_on(publication, occurred_on)
    deadline = compute(WITHDRAWAL_RULE, occurred_on)
    publication.withdrawal_reason = reason
    publication.withdrawal_occurred_on = occurred_on
    publication.withdrawal_due_on = deadline.due
    publication.withdrawal_due_basis = deadline.basis
    publication.save()
    act(
        actor=actor,
        action="start_withdrawal_clock",
        obj=publication.case,
        organization=publication.organization,
        basis=BASIS_WITHDRAW,
        after={
            "publication": publication.pk,
            "reason": reason,
            "occurred_on": occurred_on,
            "withdrawal_due_on": deadline.due,
            "withdrawal_due_basis": deadline.basis,
        },
    )
    return publication


@transaction.atomic
def withdraw_publication(
    *,
    actor: User,
    publication: PublishedDecision,
    explanation: str,
    reason: str = "",
    occurred_on: dt.date | None = None,
    withdrawn_on: dt.date | None = None,
) -> PublishedDecision:
    """Withdraw a published decision and publish why (第48条第2款: 三个工作日内撤回).

    ``reason`` and ``occurred_on`` may come from :func:`start_withdrawal_clock`.
    A late withdrawal is not refused (the information must still come down) but
    is recorded as late. The explanation is masked like the decision.
    """
    require_change(actor, publication.organization)
    _require_not_withdrawn(publication)
    reason = _check_reason(reason or publication.withdrawal_reason)
    occurred = occurred_on or publication.withdrawal_occurred_on
    if occurred is None:
        raise DomainError(
            "请填写处罚决定被变更、撤销或确认违法、无效之日。",
            "The day the decision was varied, revoked or confirmed illegal or void is "
            "required.",
            code="occurred_on_required",
            field="occurred_on",
            basis=BASIS_WITHDRAW,
        )
    _check_occurred_on(publication, occurred)
    explanation = required_text(
        explanation, field="explanation", zh="撤回说明", en="The explanation"
    )
    day = withdrawn_on or today()
    not_before(
        day, occurred, field="withdrawn_on", zh="撤回日", en="The withdrawal day"
    )
    not_in_future(
        day, today(), field="withdrawn_on", zh="撤回日", en="The withdrawal day"
    )
    deadline = compute(WITHDRAWAL_RULE, occurred)
    case = publication.case
    masked = mask_decision(
        case=case, summary="", facts=explanation, legal_basis="", penalty=""
    ).facts
    in_time = day <= deadline.due
    publication.withdrawal_reason = reason
    publication.withdrawal_occurred_on = occurred
    publication.withdrawal_due_on = deadline.due
    publication.withdrawal_due_basis = deadline.basis
    publication.withdrawn_on = day
    publication.withdrawn_in_time = in_time
    publication.withdrawal_explanation = masked
    publication.save()
    act(
        actor=actor,
        action="withdraw_publication",
        obj=case,
        organization=publication.organization,
        basis=BASIS_WITHDRAW,
        after={
            "publication": publication.pk,
            "reason": reason,
            "occurred_on": occurred,
            "withdrawn_on": day,
            "withdrawal_due_on": deadline.due,
            "withdrawal_due_basis": deadline.basis,
            "in_time": in_time,
        },
        reason="" if in_time else f"超过撤回期限（{BASIS_WITHDRAW}）",
    )
    return publication


def publications_due_to_end(day: dt.date) -> QuerySet[PublishedDecision]:
    """Publications whose period expired before ``day`` and are still marked public."""
    return PublishedDecision.objects.filter(
        withdrawn_on__isnull=True, ended_on__isnull=True, publication_ends_on__lt=day
    ).select_related("case", "organization")


def end_expired_publications(
    *, day: dt.date, progress: Callable[[int], object] | None = None
) -> list[PublishedDecision]:
    """End the publication of every decision whose period expired (idempotent, daily).

    The period is the parameter ``penalty.publicity_period``; the public list already
    hides an expired decision on the day after its last day, this records the end.
    """
    ended: list[PublishedDecision] = []
    for publication in publications_due_to_end(day):
        with transaction.atomic():
            updated = PublishedDecision.objects.filter(
                pk=publication.pk, ended_on__isnull=True, withdrawn_on__isnull=True
            ).update(ended_on=day)
            if not updated:
                continue  # a concurrent run ended it first
            publication.ended_on = day
            act(
                actor=None,
                action="end_publication",
                obj=publication.case,
                organization=publication.organization,
                basis=publication.publication_period_basis,
                after={
                    "publication": publication.pk,
                    "publication_ends_on": publication.publication_ends_on,
                    "ended_on": day,
                },
            )
        ended.append(publication)
        if progress is not None:
            progress(1)
    return ended


__all__ = [
    "PUBLISHABLE_STATES",
    "active_publication",
    "end_expired_publications",
    "mask_decision",
    "penalty_text",
    "preview_publication",
    "publication_defaults",
    "publications_due_to_end",
    "publish_decision",
    "start_withdrawal_clock",
    "withdraw_publication",
]
