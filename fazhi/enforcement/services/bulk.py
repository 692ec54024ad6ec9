"""Bulk import of penalty cases (e.g. a provincial data exchange, JSON Lines).

Each record is checked with the same functions the single-case services use
(:mod:`fazhi.enforcement.services.cases`): the party, the matter, the source,
the dates in order, the subject in force on the filing day, the decision's
kinds and amounts and its departure from the benchmark (第34条), the method of
service, the amount paid. Its clocks are computed by the time engine as each
step would have (第60、61、67条, ADR 0084).

An imported case lands in the state of its latest milestone (clue, filed,
decided, served, executed, closed). The step guards that need the step's own
records (the notice, the legal review…) are not applied: what an imported file
lacks is reported by ``selectors.list_cases_missing_steps``.

The checks run on plain values (``_Importer.fast``): what the records name
(subjects, matters, the actor's reach) is read once, and the rules' answers are
kept for the import — the clocks per (rule, start day), the benchmark's
assessment per (violation, circumstances) and stretch of days in which none of
the versions it reads changes, apart from the amount decided,
the surcharge per (fine, deadline, payment day). A record the fast check does
not accept goes through the reference check on a model instance
(``_Importer.case``), which names the reason; a test holds the two to the same
answers and rows.

Records are written in batches (PostgreSQL: ``COPY``; otherwise
``bulk_create``, the same rows either way), each batch in one
transaction with one full-process record entry per organization (第47条) naming
each case it brought in with the SM3 digest of its record. A rejected record is
reported with its line and the reason in both languages and does not block the
others. A case whose number the organization already has is skipped, so that
importing a file twice changes nothing (ADR 0088).
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    connection,
    connections,
    transaction,
)
from django.db.models import Case, Count, F, Field, JSONField, Q, Sum, When
from django.utils import timezone

from fazhi.core.audit.chain import canonical_json, sm3
from fazhi.core.calendar.selectors import workday_calendar
from fazhi.core.errors import DomainError, NotFoundError
from fazhi.core.models import Organization, User
from fazhi.core.scope import BUSINESS, coverage, is_audit_admin
from fazhi.enforcement import rulebook
from fazhi.enforcement.models import (
    CaseCountRollup,
    CaseDueRollup,
    EnforcementMatter,
    EnforcementSubject,
    PenaltyCase,
)
from fazhi.enforcement.models.cases import PartyKind
from fazhi.enforcement.selectors import OPEN_BEFORE_DECISION
from fazhi.enforcement.services.cases import (
    SERVICE_METHODS,
    _check_amount,
    _check_clue,
    _check_matter,
    _check_party,
    _check_payment_amount,
    _check_service_method,
    _check_subject_active,
    _decision_terms,
)
from fazhi.enforcement.services.common import (
    act,
    compute,
    not_before,
    require_change,
    required_text,
)
from fazhi.enforcement.workflows import PENALTY
from fazhi.rules.enforcement import benchmarks as benchmark_data
from fazhi.rules.surcharge import late_surcharge

BASIS_IMPORT = "《行政处罚法》(2021-01-22) 第47条"
DEFAULT_BATCH = 1000


@dataclass(frozen=True, slots=True)
class Rejected:
    """One record that was not imported, with the reason in both languages."""

    line: int
    number: str
    code: str
    zh: str
    en: str
    field: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "number": self.number,
            "code": self.code,
            "zh": self.zh,
            "en": self.en,
            "field": self.field,
        }


@dataclass(slots=True)
class ImportReport:
    read: int = 0
    created: int = 0
    already_present: int = 0
    batches: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    organizations: set[int] = field(default_factory=set)

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "created": self.created,
            "already_present": self.already_present,
            "batches": self.batches,
            "rejected": [r.as_dict() for r in self.rejected],
        }


def _invalid(field: str, zh: str, en: str, code: str = "") -> DomainError:
    return DomainError(zh, en, code=code or f"{field}_invalid", field=field)


def _date(record: Mapping[str, Any], name: str) -> dt.date | None:
    value = record.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _invalid(
        name,
        f"{name} 应为日期（YYYY-MM-DD）。",
        f"{name} must be a date (YYYY-MM-DD).",
    )


def _text(record: Mapping[str, Any], name: str, max_length: int = 0) -> str:
    value = record.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _invalid(name, f"{name} 应为文本。", f"{name} must be text.")
    value = value.strip()
    if max_length and len(value) > max_length:
        raise _invalid(
            name,
            f"{name} 不能超过 {max_length} 个字符。",
            f"{name} cannot exceed {max_length} characters.",
            code=f"{name}_too_long",
        )
    return value


def _integer(record: Mapping[str, Any], name: str) -> int:
    value = record.get(name, 0)
    return _check_amount(0 if value is None else value, name)


class _FastCheckError(Exception):
    """The fast check could not accept a record: the reference check decides."""


_FIELDS = [f for f in PenaltyCase._meta.concrete_fields if not f.primary_key]
_ATTNAMES = [str(f.attname) for f in _FIELDS]
_JSON = frozenset(i for i, f in enumerate(_FIELDS) if isinstance(f, JSONField))
_AT = {name: i for i, name in enumerate(_ATTNAMES)}
_STAMPS = (_AT["created_at"], _AT["updated_at"])


def _plain_default(f: Field[Any, Any]) -> Any:
    """The field's default as COPY takes it: enums as their value, JSON as text."""
    value = f.get_default()
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(f, JSONField):
        return json.dumps(value)
    return value


#: A new case's row before the record fills it in, as COPY takes it (JSON as text).
_TEMPLATE = [_plain_default(f) for f in _FIELDS]
_TEMPLATE[_AT["procedure"]] = str(PenaltyCase.Procedure.GENERAL.value)
_TEMPLATE[_AT["state"]] = PENALTY.initial

(
    _ORGANIZATION,
    _SUBJECT,
    _MATTER,
    _NUMBER,
    _STATE,
    _SOURCE,
    _SUMMARY,
    _CLUE,
    _RECEIVED,
    _VIOLATION_ON,
    _VIOLATION_CODE,
    _FACTS,
    _SECTOR,
    _PARTY_KIND,
    _PARTY_NAME,
    _PARTY_ID,
    _PARTY_ADDRESS,
    _FILED,
    _FILING_NOTE,
    _DECISION_DUE,
    _DEVIATION,
    _JUSTIFICATION,
    _OUTCOME,
    _DECIDED,
    _DECISION_NUMBER,
    _KINDS,
    _FINE,
    _CONFISCATION,
    _REASONING,
    _SERVICE_DUE,
    _SERVED,
    _METHOD,
    _PAYMENT_DUE,
    _PAID,
    _PAID_FEN,
    _SURCHARGE,
    _EXECUTED,
    _CLOSED,
) = (
    _AT[name]
    for name in (
        "organization_id",
        "subject_id",
        "matter_id",
        "number",
        "state",
        "source",
        "summary",
        "clue",
        "received_on",
        "violation_on",
        "violation_code",
        "facts",
        "sector",
        "party_kind",
        "party_name",
        "party_id_number",
        "party_address",
        "filed_on",
        "filing_note",
        "decision_due_on",
        "deviation",
        "deviation_justification",
        "outcome",
        "decided_on",
        "decision_number",
        "kinds",
        "fine_fen",
        "confiscation_fen",
        "decision_reasoning",
        "service_due_on",
        "served_on",
        "service_method",
        "payment_due_on",
        "paid_on",
        "paid_fen",
        "surcharge_fen",
        "executed_on",
        "closed_on",
    )
)


def _text_value(value: Any, limit: int = 0) -> str:
    """``_text`` on the value alone; anything ``_text`` would refuse is a doubt."""
    if value is None:
        return ""
    if type(value) is not str:
        raise _FastCheckError
    stripped: str = value.strip()
    if limit and len(stripped) > limit:
        raise _FastCheckError
    return stripped


def _amount_value(value: Any) -> int:
    """``_integer`` on the value alone."""
    if value is None:
        return 0
    if type(value) is not int or value < 0:
        raise _FastCheckError
    return value


def _fingerprint(record: Mapping[str, Any]) -> str:
    """SM3 of the record's canonical JSON: the full-process record names it per case."""
    plain = record if type(record) is dict else dict(record)
    try:
        text = canonical_json(plain)
    except (TypeError, ValueError):  # a value JSON does not have, from Python callers
        text = json.dumps(
            plain,
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
            default=str,
        )
    return sm3(text.encode("utf-8"))


@dataclass(slots=True)
class _Row:
    """One checked record: the row COPY writes, or the model instance of the reference check."""

    line: int
    subject: EnforcementSubject
    number: str
    fingerprint: str
    values: list[Any] | None = None
    instance: PenaltyCase | None = None

    @property
    def organization_id(self) -> int:
        return int(self.subject.organization_id)

    def as_instance(self) -> PenaltyCase:
        if self.values is None:
            return cast(PenaltyCase, self.instance)
        return PenaltyCase(
            **{
                name: json.loads(value) if i in _JSON else value
                for i, (name, value) in enumerate(
                    zip(_ATTNAMES, self.values, strict=True)
                )
                if i not in _STAMPS
            }
        )


class _Importer:
    """State of one import: what the records name (subjects, matters, reach) and the
    pure answers of the rules (clocks, benchmark ranges, surcharges), each read or
    computed once.

    Each record goes through :meth:`fast`, which checks plain values; whatever it
    cannot accept goes through :meth:`case`, the checks of the single-case services
    on a model instance, which gives the reason (or, should the two disagree, has the
    last word). A test holds the two to the same answers and rows.
    """

    def __init__(self, actor: User) -> None:
        self.actor = actor
        self.subjects: dict[Any, EnforcementSubject] | None = None
        self.matters: dict[int, EnforcementMatter | None] = {}
        self.reach = coverage(actor, policy=BUSINESS, action="change")
        self.audit_admin = is_audit_admin(actor)
        self.refusals: dict[int, DomainError] = {}
        self.allowed: set[int] = set()
        self.calendar = workday_calendar()
        self.clocks: dict[tuple[str, dt.date], dt.date] = {}
        self.days: dict[str, dt.date] = {}
        self.in_force: dict[tuple[int, dt.date], bool] = {}
        self.assessments: dict[tuple[Any, ...], tuple[Any, Any] | DomainError] = {}
        self.by_period: dict[tuple[Any, int], tuple[Any, Any]] = {}
        self.changes: dict[str, list[dt.date]] = {}
        self.kinds_json: dict[tuple[str, ...], str] = {}
        self.departures: dict[tuple[Any, ...], tuple[dict[str, Any] | None, str]] = {}
        self.surcharges: dict[tuple[int, dt.date, dt.date], int] = {}
        self.party_kinds = frozenset(PartyKind.values)
        self.sources = frozenset(PenaltyCase.Source.values)
        self.outcomes = frozenset(PenaltyCase.Outcome.values)
        self.kinds = frozenset(rulebook.penalty_kinds())
        self.methods = frozenset(SERVICE_METHODS)
        self.seen: set[tuple[int, str]] = set()

    # --- pure answers, kept for the import ---------------------------------------

    def clock(self, rule: str, start: dt.date) -> dt.date:
        """A statutory deadline; pure in (rule, start) for one import, so kept."""
        key = (rule, start)
        due = self.clocks.get(key)
        if due is None:
            due = compute(rule, start, calendar=self.calendar).due
            self.clocks[key] = due
        return due

    def departure(
        self, facts: rulebook.Facts, *, kinds: list[str], fine_fen: int, on: dt.date
    ) -> tuple[dict[str, Any] | None, str]:
        """``rulebook.deviation`` and its JSON text. The benchmark's assessment is kept
        per (violation, party, circumstances) and stretch of days (:meth:`period`),
        apart from the amount; each
        amount and set of kinds is compared once with each assessment that differs
        in more than its day (``rulebook.departure_key``)."""
        if not facts.violation_code:
            return None, "{}"
        situation = rulebook.benchmark_key(facts)
        if situation is None:
            plain = rulebook.deviation(facts, kinds=kinds, fine_fen=fine_fen, on=on)
            return plain, json.dumps(plain or {})
        key = (situation, on)
        kept = self.assessments.get(key)
        if kept is None:
            period = (situation, self.period(facts.violation_code, on))
            kept = self.assessments[key] = self.by_period.get(period) or self._assess(
                facts, on, period
            )
        if isinstance(kept, DomainError):
            raise DomainError(
                kept.zh, kept.en, code=kept.code, field=kept.field, basis=kept.basis
            )
        assessment, assessed = kept
        compared = (assessed, tuple(kinds), fine_fen)
        found = self.departures.get(compared)
        if found is None:
            plain = rulebook.departure(assessment, kinds=kinds, fine_fen=fine_fen)
            found = self.departures[compared] = (plain, json.dumps(plain or {}))
        return found

    def _assess(
        self, facts: rulebook.Facts, on: dt.date, period: tuple[Any, int]
    ) -> tuple[Any, Any] | DomainError:
        """The benchmark's assessment on ``on``, shared by the days of its period; a
        refusal is kept for its own day only (its message may name the day)."""
        try:
            assessment = rulebook.benchmark(facts, on=on)
        except DomainError as error:
            return error
        kept = self.by_period[period] = (
            assessment,
            rulebook.departure_key(assessment),
        )
        return kept

    def period(self, violation_code: str, on: dt.date) -> int:
        """Which stretch of days ``on`` falls in, between two days on which something
        the benchmark of ``violation_code`` reads of the day changes: the law's
        version in the rules (``since``), the benchmark's versions and the
        exemption lists (each in force ``since``-``until``, both days included).
        On the days of one stretch the assessment is the same but for its day."""
        days = self.changes.get(violation_code)
        if days is None:
            changes = {benchmark_data.discretion_rules().since}
            for version in benchmark_data.bundled_benchmarks().sets:
                dated = [
                    (e.since, e.until)
                    for e in version.entries
                    if e.code == violation_code
                ] + [
                    (x.since, x.until)
                    for x in version.exemptions
                    if x.benchmark == violation_code
                ]
                for since, until in dated:
                    changes.add(since)
                    if until is not None:
                        changes.add(until + dt.timedelta(days=1))
            days = self.changes[violation_code] = sorted(changes)
        return bisect.bisect_right(days, on)

    def deviation(
        self, facts: rulebook.Facts, *, kinds: list[str], fine_fen: int, on: dt.date
    ) -> dict[str, Any] | None:
        """``rulebook.deviation`` for the reference check, through the same memory."""
        found, _ = self.departure(facts, kinds=kinds, fine_fen=fine_fen, on=on)
        return dict(found) if found is not None else None

    def surcharge(self, fine_fen: int, deadline: dt.date, paid_on: dt.date) -> int:
        key = (fine_fen, deadline, paid_on)
        amount = self.surcharges.get(key)
        if amount is None:
            amount = self.surcharges[key] = late_surcharge(
                fine_fen=fine_fen, payment_deadline=deadline, on=paid_on, frozen=[]
            ).amount_fen
        return amount

    def subject_in_force(self, subject: EnforcementSubject, day: dt.date) -> bool:
        key = (subject.pk, day)
        found = self.in_force.get(key)
        if found is None:
            found = self.in_force[key] = bool(
                subject.is_active and subject.entrustment_in_force(day)
            )
        return found

    def day(self, value: Any) -> dt.date | None:
        """``_date`` on the value alone."""
        if value is None or value == "":
            return None
        found = self.days.get(value) if type(value) is str else None
        if found is None:
            if type(value) is not str:
                raise _FastCheckError
            try:
                found = self.days[value] = dt.date.fromisoformat(value)
            except ValueError:
                raise _FastCheckError from None
        return found

    # --- what the records name ---------------------------------------------------

    def _load_subjects(self) -> dict[Any, EnforcementSubject]:
        if self.subjects is None:
            # Read once: a province has thousands of subjects, not millions.
            self.subjects = {}
            for subject in EnforcementSubject.objects.select_related(
                "organization__division"
            ).filter(organization__is_active=True):
                self.subjects[subject.pk] = subject
                if subject.organization.credit_code:
                    self.subjects[("credit_code", subject.organization.credit_code)] = (
                        subject
                    )
        return self.subjects

    def subject(self, record: Mapping[str, Any]) -> EnforcementSubject:
        subject_id = record.get("subject_id")
        credit_code = record.get("credit_code")
        if subject_id is not None:
            if not isinstance(subject_id, int) or isinstance(subject_id, bool):
                raise _invalid(
                    "subject_id",
                    "subject_id 应为整数。",
                    "subject_id must be an integer.",
                )
            key: Any = subject_id
        elif isinstance(credit_code, str) and credit_code.strip():
            key = ("credit_code", credit_code.strip())
        else:
            raise DomainError(
                "请注明执法主体（subject_id 或 credit_code）。",
                "Name the enforcement subject (subject_id or credit_code).",
                code="subject_required",
                field="subject_id",
            )
        found = self._load_subjects().get(key)
        if found is None:
            raise NotFoundError(
                "没有此执法主体。",
                "No such enforcement subject.",
                code="subject_not_found",
                field="subject_id",
            )
        return found

    def require(self, organization: Organization) -> None:
        """``require_change`` of the single-case services, its coverage read once."""
        if organization.pk in self.allowed:
            return
        if organization.pk in self.refusals:
            raise self.refusals[organization.pk].with_traceback(None)
        if self.audit_admin or not self.reach.covers(organization):
            try:
                require_change(self.actor, organization)
            except DomainError as refusal:
                self.refusals[organization.pk] = refusal
                raise
        self.allowed.add(organization.pk)

    def _matter(self, matter_id: int) -> EnforcementMatter | None:
        if matter_id not in self.matters:
            self.matters[matter_id] = EnforcementMatter.objects.filter(
                pk=matter_id
            ).first()
        return self.matters[matter_id]

    def matter(self, record: Mapping[str, Any]) -> EnforcementMatter | None:
        matter_id = record.get("matter_id")
        if matter_id is None:
            return None
        if not isinstance(matter_id, int) or isinstance(matter_id, bool):
            raise _invalid(
                "matter_id", "matter_id 应为整数。", "matter_id must be an integer."
            )
        found = self._matter(matter_id)
        if found is None:
            raise NotFoundError(
                "没有此执法事项。",
                "No such matter.",
                code="matter_not_found",
                field="matter_id",
            )
        return found

    # --- the fast check, on plain values -------------------------------------------

    def fast(self, record: Any) -> tuple[EnforcementSubject, str, list[Any]]:
        """The row of a record every check accepts, on plain values; otherwise
        ``_FastCheckError`` (the reference check then gives the reason).

        The same checks as :meth:`case`, in terms of the values: the sets of
        known codes are read once, the rules' answers kept (see the class).
        """
        if type(record) is not dict:
            raise _FastCheckError
        get = record.get
        text = _text_value
        subject_id = get("subject_id")
        if subject_id is not None:
            if type(subject_id) is not int:
                raise _FastCheckError
            subject = self._load_subjects().get(subject_id)
        else:
            credit_code = get("credit_code")
            if type(credit_code) is not str or not credit_code.strip():
                raise _FastCheckError
            subject = self._load_subjects().get(("credit_code", credit_code.strip()))
        if subject is None:
            raise _FastCheckError
        if subject.organization_id not in self.allowed:
            try:
                self.require(subject.organization)
            except DomainError:
                raise _FastCheckError from None
        number = text(get("number"), 64)
        summary = text(get("summary"), 255)
        party_kind = text(get("party_kind"))
        party_name = text(get("party_name"), 128)
        if not number or not summary or not party_name:
            raise _FastCheckError
        if party_kind not in self.party_kinds:
            raise _FastCheckError
        matter_id = get("matter_id")
        if matter_id is not None:
            if type(matter_id) is not int:
                raise _FastCheckError
            matter = self._matter(matter_id)
            if (
                matter is None
                or matter.subject_id != subject.pk
                or matter.kind != EnforcementMatter.Kind.PENALTY
            ):
                raise _FastCheckError
        day = self.day
        received_on = day(get("received_on"))
        violation_on = day(get("violation_on"))
        if received_on is None:
            raise _FastCheckError
        source = text(get("source")) or PenaltyCase.Source.INSPECTION.value
        if source not in self.sources:
            raise _FastCheckError
        if violation_on is not None and violation_on > received_on:
            raise _FastCheckError
        facts = get("facts") or {}
        if type(facts) is not dict:
            raise _FastCheckError
        row = _TEMPLATE.copy()
        row[_ORGANIZATION] = subject.organization_id
        row[_SUBJECT] = subject.pk
        row[_MATTER] = matter_id
        row[_NUMBER] = number
        row[_SOURCE] = source
        row[_SUMMARY] = summary
        row[_CLUE] = text(get("clue"))
        row[_RECEIVED] = received_on
        row[_VIOLATION_ON] = violation_on
        violation_code = row[_VIOLATION_CODE] = text(get("violation_code"), 64)
        try:
            row[_FACTS] = json.dumps(facts) if facts else "{}"
        except (TypeError, ValueError):
            raise _FastCheckError from None
        row[_SECTOR] = text(get("sector"), 64)
        row[_PARTY_KIND] = party_kind
        row[_PARTY_NAME] = party_name
        row[_PARTY_ID] = text(get("party_id_number"), 64)
        row[_PARTY_ADDRESS] = text(get("party_address"), 255)
        # A later milestone needs the earlier ones (第54、57、61、67条).
        filed_on = day(get("filed_on"))
        decided_on = day(get("decided_on"))
        served_on = day(get("served_on"))
        paid_on = day(get("paid_on"))
        closed_on = day(get("closed_on"))
        if filed_on is None:
            if decided_on or served_on or paid_on or closed_on:
                raise _FastCheckError
            return subject, number, row
        if filed_on < received_on or not self.subject_in_force(subject, filed_on):
            raise _FastCheckError
        row[_FILED] = filed_on
        row[_FILING_NOTE] = text(get("filing_note"))
        row[_DECISION_DUE] = self.clock("penalty.decision_deadline", filed_on)
        row[_STATE] = "filed"
        # decision (第57条), within the benchmark or departing from it (第34条)
        if decided_on is None:
            if served_on or paid_on or closed_on:
                raise _FastCheckError
            return subject, number, row
        if decided_on < filed_on:
            raise _FastCheckError
        decision_number = text(get("decision_number"), 64)
        outcome = text(get("outcome"))
        kinds = get("kinds") or []
        if not decision_number or type(kinds) is not list:
            raise _FastCheckError
        for kind in kinds:
            if type(kind) is not str:
                raise _FastCheckError
        fine_fen = _amount_value(get("fine_fen", 0))
        confiscation_fen = _amount_value(get("confiscation_fen", 0))
        if outcome not in self.outcomes:
            raise _FastCheckError
        deviation = "{}"
        if outcome != PenaltyCase.Outcome.PENALTY:
            checked: list[str] = []
            fine_fen = confiscation_fen = 0
        else:
            for kind in kinds:
                if kind not in self.kinds:
                    raise _FastCheckError
            checked = sorted(set(kinds))
            if not checked or bool(fine_fen) != ("fine" in checked):
                raise _FastCheckError
            try:
                _, deviation = self.departure(
                    rulebook.Facts(
                        party_kind=party_kind,
                        region_code=subject.organization.division.code,
                        sector=row[_SECTOR],
                        violation_code=violation_code,
                        circumstances=facts,
                    ),
                    kinds=checked,
                    fine_fen=fine_fen,
                    on=violation_on or decided_on,
                )
            except DomainError:
                raise _FastCheckError from None
        row[_DECISION_NUMBER] = decision_number
        row[_OUTCOME] = outcome
        kinds_key = tuple(checked)
        kinds_json = self.kinds_json.get(kinds_key)
        if kinds_json is None:
            kinds_json = self.kinds_json[kinds_key] = json.dumps(checked)
        row[_KINDS] = kinds_json
        row[_FINE] = fine_fen
        row[_CONFISCATION] = confiscation_fen
        row[_DEVIATION] = deviation
        row[_JUSTIFICATION] = text(get("deviation_justification"))
        row[_REASONING] = text(get("decision_reasoning"))
        row[_DECIDED] = decided_on
        row[_SERVICE_DUE] = self.clock("penalty.service", decided_on)
        row[_STATE] = "decided"
        # service (第61条)
        if served_on is not None:
            method = text(get("service_method")) or "direct"
            if method not in self.methods or served_on < decided_on:
                raise _FastCheckError
            if method == "electronic" and not get("electronic_consent"):
                raise _FastCheckError
            row[_SERVED] = served_on
            row[_METHOD] = method
            if fine_fen:
                row[_PAYMENT_DUE] = self.clock("penalty.payment_deadline", served_on)
            row[_STATE] = "served"
        # payment (第67、72条) and closing
        if (paid_on or closed_on) and served_on is None:
            raise _FastCheckError
        if paid_on is not None:
            if not fine_fen or paid_on < served_on:  # type: ignore[operator]
                raise _FastCheckError
            surcharge = self.surcharge(fine_fen, row[_PAYMENT_DUE], paid_on)
            if _amount_value(get("paid_fen", fine_fen + surcharge)) != (
                fine_fen + surcharge
            ):
                raise _FastCheckError
            row[_PAID] = row[_EXECUTED] = paid_on
            row[_PAID_FEN] = fine_fen
            row[_SURCHARGE] = surcharge
            row[_STATE] = "executed"
        if closed_on is not None:
            if closed_on < (paid_on or served_on):  # type: ignore[operator]
                raise _FastCheckError
            row[_CLOSED] = closed_on
            row[_STATE] = "closed"
        return subject, number, row

    # --- the reference check, on a model instance ------------------------------------

    def case(self, record: Mapping[str, Any]) -> PenaltyCase:
        """The case the record describes, checked as each step's service checks it
        (the reference the fast check is held to; it names the reason of a refusal)."""
        if not isinstance(record, Mapping):
            raise DomainError(
                "每行应为一个 JSON 对象。",
                "Each line must be a JSON object.",
                code="record_not_object",
            )
        subject = self.subject(record)
        organization = subject.organization
        self.require(organization)
        number = required_text(
            _text(record, "number", 64), field="number", zh="案号", en="The case number"
        )
        summary = required_text(
            _text(record, "summary", 255), field="summary", zh="案由", en="The summary"
        )
        party_kind = _text(record, "party_kind")
        party_name = _check_party(party_kind, _text(record, "party_name", 128))
        matter = self.matter(record)
        _check_matter(subject, matter)
        received_on = _date(record, "received_on")
        if received_on is None:
            raise DomainError(
                "请填写线索登记日。",
                "The day the clue was received is required.",
                code="received_on_required",
                field="received_on",
            )
        violation_on = _date(record, "violation_on")
        source = _text(record, "source") or PenaltyCase.Source.INSPECTION
        _check_clue(source, received_on, violation_on)
        facts = record.get("facts") or {}
        if not isinstance(facts, dict):
            raise _invalid(
                "facts", "facts 应为 JSON 对象。", "facts must be an object."
            )
        case = PenaltyCase(
            organization=organization,
            subject=subject,
            matter=matter,
            number=number,
            procedure=PenaltyCase.Procedure.GENERAL,
            state=PENALTY.initial,
            source=source,
            summary=summary,
            clue=_text(record, "clue"),
            received_on=received_on,
            violation_on=violation_on,
            violation_code=_text(record, "violation_code", 64),
            facts=facts,
            sector=_text(record, "sector", 64),
            party_kind=party_kind,
            party_name=party_name,
            party_id_number=_text(record, "party_id_number", 64),
            party_address=_text(record, "party_address", 255),
        )
        self._file(case, record)
        self._decide(case, record)
        self._serve(case, record)
        self._pay_and_close(case, record)
        return case

    def _file(self, case: PenaltyCase, record: Mapping[str, Any]) -> None:
        filed_on = _date(record, "filed_on")
        if filed_on is None:
            return
        not_before(
            filed_on,
            case.received_on,
            field="filed_on",
            zh="立案日",
            en="The filing day",
        )
        _check_subject_active(case.subject, filed_on)
        case.filed_on = filed_on
        case.filing_note = _text(record, "filing_note")
        case.decision_due_on = self.clock("penalty.decision_deadline", filed_on)
        case.state = "filed"

    def _decide(self, case: PenaltyCase, record: Mapping[str, Any]) -> None:
        decided_on = _date(record, "decided_on")
        if decided_on is None:
            return
        if case.filed_on is None:
            raise DomainError(
                "未立案的案件不能有处罚决定。",
                "A case that was not filed cannot have a decision.",
                code="decided_before_filing",
                field="decided_on",
                basis="《行政处罚法》(2021-01-22) 第54条第2款",
            )
        not_before(
            decided_on,
            case.filed_on,
            field="decided_on",
            zh="决定日",
            en="The decision day",
        )
        case.decision_number = required_text(
            _text(record, "decision_number", 64),
            field="decision_number",
            zh="决定书文号",
            en="The decision number",
        )
        outcome = _text(record, "outcome")
        kinds = record.get("kinds") or []
        if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
            raise _invalid(
                "kinds", "kinds 应为文本列表。", "kinds must be a list of text."
            )
        kinds, fine_fen, confiscation_fen, found = _decision_terms(
            case,
            outcome=outcome,
            kinds=kinds,
            fine_fen=_integer(record, "fine_fen"),
            confiscation_fen=_integer(record, "confiscation_fen"),
            decided_on=decided_on,
            deviation=self.deviation,
        )
        case.outcome = outcome
        case.kinds = kinds
        case.fine_fen = fine_fen
        case.confiscation_fen = confiscation_fen
        case.deviation = found or {}
        case.deviation_justification = _text(record, "deviation_justification")
        case.decision_reasoning = _text(record, "decision_reasoning")
        case.decided_on = decided_on
        case.service_due_on = self.clock("penalty.service", decided_on)
        case.state = "decided"

    def _serve(self, case: PenaltyCase, record: Mapping[str, Any]) -> None:
        served_on = _date(record, "served_on")
        if served_on is None:
            return
        if case.decided_on is None:
            raise DomainError(
                "没有处罚决定，不能送达。",
                "There is no decision to serve.",
                code="served_without_decision",
                field="served_on",
            )
        method = _text(record, "service_method") or "direct"
        _check_service_method(
            method, electronic_consent=bool(record.get("electronic_consent"))
        )
        not_before(
            served_on,
            case.decided_on,
            field="served_on",
            zh="送达日",
            en="The service day",
        )
        case.served_on = served_on
        case.service_method = method
        if case.fine_fen:
            case.payment_due_on = self.clock("penalty.payment_deadline", served_on)
        case.state = "served"

    def _pay_and_close(self, case: PenaltyCase, record: Mapping[str, Any]) -> None:
        paid_on = _date(record, "paid_on")
        closed_on = _date(record, "closed_on")
        if (paid_on or closed_on) and case.served_on is None:
            raise DomainError(
                "决定尚未送达，不能登记缴款或结案。",
                "The decision was not served: no payment or closure yet.",
                code="not_served",
                field="paid_on" if paid_on else "closed_on",
            )
        if paid_on is not None and case.served_on is not None:
            if not case.fine_fen or case.payment_due_on is None:
                raise DomainError(
                    "该决定没有罚款。",
                    "The decision has no fine.",
                    code="no_fine",
                    field="paid_on",
                )
            not_before(
                paid_on,
                case.served_on,
                field="paid_on",
                zh="缴款日",
                en="The payment day",
            )
            surcharge = late_surcharge(
                fine_fen=case.fine_fen,
                payment_deadline=case.payment_due_on,
                on=paid_on,
                frozen=[],
            )
            amount = record.get("paid_fen", case.fine_fen + surcharge.amount_fen)
            due = _check_payment_amount(
                case,
                paid_on=paid_on,
                amount_fen=_check_amount(amount, "paid_fen"),
                surcharge=surcharge,
                basis="《行政处罚法》(2021-01-22) 第72条",
            )
            case.paid_on = case.executed_on = paid_on
            case.paid_fen = case.fine_fen
            case.surcharge_fen = due - case.fine_fen
            case.state = "executed"
        if closed_on is not None and case.served_on is not None:
            not_before(
                closed_on,
                case.paid_on or case.served_on,
                field="closed_on",
                zh="结案日",
                en="The closing day",
            )
            case.closed_on = closed_on
            case.state = "closed"

    # --- one record, one batch ---------------------------------------------------------

    def check(self, line: int, record: Any) -> _Row:
        """The checked row of one record; ``DomainError`` with the reason otherwise."""
        try:
            subject, number, values = self.fast(record)
            row = _Row(line, subject, number, "", values=values)
        except _FastCheckError:
            case = self.case(record)
            row = _Row(line, case.subject, case.number, "", instance=case)
        key = (row.organization_id, row.number)
        if key in self.seen:
            raise DomainError(
                f"案号“{row.number}”在本次导入中重复。",
                f"The case number {row.number!r} appears twice in this import.",
                code="number_repeated",
                field="number",
            )
        self.seen.add(key)
        row.fingerprint = _fingerprint(record)
        return row

    def write(self, batch: list[_Row], report: ImportReport) -> None:
        """Write one batch, all or nothing; skip numbers already present.

        One full-process record entry per organization (第47条) names each case
        brought in with the SM3 digest of its record, so the record proves what
        each case was imported from.
        """
        if not batch:
            return
        organizations = {row.organization_id for row in batch}
        present = _present(batch)
        fresh = [
            row for row in batch if (row.organization_id, row.number) not in present
        ]
        report.already_present += len(batch) - len(fresh)
        if not fresh:
            return
        try:
            with transaction.atomic():
                store(fresh)
                by_organization: dict[int, list[_Row]] = {}
                for row in fresh:
                    by_organization.setdefault(row.organization_id, []).append(row)
                for rows in by_organization.values():
                    subject = rows[0].subject
                    act(
                        actor=self.actor,
                        action="import_cases",
                        obj=subject,
                        organization=subject.organization,
                        basis=BASIS_IMPORT,
                        after={
                            "count": len(rows),
                            "lines": [rows[0].line, rows[-1].line],
                            "numbers": [row.number for row in rows],
                            "records_sm3": {
                                row.number: row.fingerprint for row in rows
                            },
                        },
                    )
        except DatabaseError as error:
            for row in fresh:
                self.seen.discard((row.organization_id, row.number))
                report.rejected.append(
                    Rejected(
                        row.line,
                        row.number,
                        "batch_failed",
                        f"本批记录未能写入：{error}",
                        f"The batch could not be written: {error}",
                    )
                )
            return
        report.created += len(fresh)
        report.batches += 1
        report.organizations.update(organizations)


def _present(batch: list[_Row]) -> set[tuple[int, str]]:
    """The (organization, number) pairs of the batch already stored.

    On PostgreSQL the pairs themselves are looked up (one probe of the unique
    index each); organizations × numbers would probe every combination.
    """
    if connection.vendor != "postgresql":
        return set(
            PenaltyCase.objects.filter(
                organization_id__in={row.organization_id for row in batch},
                number__in={row.number for row in batch},
            ).values_list("organization_id", "number")
        )
    backend = connections[DEFAULT_DB_ALIAS]
    table = backend.ops.quote_name(PenaltyCase._meta.db_table)
    with backend.cursor() as cursor:
        cursor.execute(
            f"SELECT c.organization_id, c.number FROM {table} c"  # noqa: S608
            " JOIN unnest(%s::bigint[], %s::text[]) AS p(organization_id, number)"
            " ON c.organization_id = p.organization_id AND c.number = p.number",
            [
                [row.organization_id for row in batch],
                [row.number for row in batch],
            ],
        )
        return {(int(pk), str(number)) for pk, number in cursor.fetchall()}


def _copy(rows: list[_Row]) -> None:
    """Write new cases with COPY: the values ``bulk_create`` would store, fewer round trips.

    A row of the fast check is already plain values (JSON as text); an instance of
    the reference check goes through each field's ``pre_save`` and
    ``get_db_prep_save`` as in ``bulk_create``. A test checks the stored rows are
    the same either way.
    """
    # The backend itself, not the thread-local proxy: a million field values
    # each looking the connection up took a tenth of the import.
    backend = connections[DEFAULT_DB_ALIAS]
    columns = ", ".join(backend.ops.quote_name(str(f.column)) for f in _FIELDS)
    table = backend.ops.quote_name(PenaltyCase._meta.db_table)
    statement = f"COPY {table} ({columns}) FROM STDIN"
    now = timezone.now()
    created, updated = _STAMPS
    with (
        backend.cursor() as cursor,
        backend.wrap_database_errors,
        cursor.cursor.copy(statement) as copy,
    ):
        write_row = copy.write_row
        for row in rows:
            values = row.values
            if values is None:
                case = cast(PenaltyCase, row.instance)
                values = [
                    f.get_db_prep_save(f.pre_save(case, True), backend) for f in _FIELDS
                ]
            else:
                values[created] = values[updated] = now
            write_row(values)
    for row in rows:
        if row.instance is not None:
            row.instance._state.adding = False
            row.instance._state.db = backend.alias


def instances(rows: list[_Row]) -> list[PenaltyCase]:
    """The model instances of checked rows (the ``bulk_create`` path)."""
    return [row.as_instance() for row in rows]


def store(rows: list[_Row]) -> None:
    """Insert one batch of new cases inside the caller's transaction."""
    if connection.vendor == "postgresql":
        _copy(rows)
    else:
        PenaltyCase.objects.bulk_create(instances(rows))


def _records(records: Iterable[Mapping[str, Any] | str]) -> Iterator[tuple[int, Any]]:
    """(line, record) pairs; a string is one JSON Lines line (blank lines skipped)."""
    for line, record in enumerate(records, start=1):
        if isinstance(record, str):
            if not record.strip():
                continue
            try:
                yield line, json.loads(record)
            except ValueError as error:
                yield (
                    line,
                    DomainError(
                        f"第 {line} 行不是有效的 JSON：{error}",
                        f"Line {line} is not valid JSON: {error}",
                        code="json_invalid",
                    ),
                )
        else:
            yield line, record


def import_cases(
    *,
    actor: User,
    records: Iterable[Mapping[str, Any] | str],
    batch_size: int = DEFAULT_BATCH,
    refresh: bool = True,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import penalty cases record by record, written in batches (see the module).

    ``records`` are mappings or JSON Lines strings (a file opened as text will
    do); ``progress`` is called with the number of records read after each
    batch. With ``refresh`` the dashboard rollups of the organizations touched
    are rebuilt at the end.
    """
    importer = _Importer(actor)
    report = ImportReport()
    batch: list[_Row] = []
    for line, record in _records(records):
        report.read += 1
        try:
            if isinstance(record, DomainError):
                raise record
            row = importer.check(line, record)
        except DomainError as error:
            number = record.get("number", "") if isinstance(record, Mapping) else ""
            report.rejected.append(
                Rejected(
                    line,
                    str(number)[:64],
                    error.code,
                    error.zh,
                    error.en,
                    error.field,
                )
            )
            continue
        batch.append(row)
        if len(batch) >= batch_size:
            importer.write(batch, report)
            batch = []
            if progress is not None:
                progress(report.read)
    importer.write(batch, report)
    if progress is not None:
        progress(report.read)
    if refresh and report.organizations:
        refresh_rollups(organization_ids=report.organizations)
    return report


# --- rollups ---------------------------------------------------------------------------


def _next_due() -> Case:
    """The running statutory clock of a case, as the overdue list reads it."""
    return Case(
        When(state__in=OPEN_BEFORE_DECISION, then=F("decision_due_on")),
        When(state="decided", then=F("service_due_on")),
        When(state="served", paid_on__isnull=True, then=F("payment_due_on")),
        default=None,
    )


@transaction.atomic
def refresh_rollups(*, organization_ids: Iterable[int] | None = None) -> int:
    """Rebuild the dashboard rollups from the cases (all, or some organizations).

    Returns the number of rollup rows written. Not part of the full-process
    record: it changes no case, only a cache of counts.
    """
    cases = PenaltyCase.objects.all()
    counts = CaseCountRollup.objects.all()
    dues = CaseDueRollup.objects.all()
    if organization_ids is not None:
        chosen = sorted(set(organization_ids))
        cases = cases.filter(organization_id__in=chosen)
        counts = counts.filter(organization_id__in=chosen)
        dues = dues.filter(organization_id__in=chosen)
    counts.delete()
    dues.delete()
    now = timezone.now()
    count_rows = [
        CaseCountRollup(
            organization_id=row["organization_id"],
            state=row["state"],
            cases=row["cases"],
            fine_fen=row["fine_fen"] or 0,
            confiscation_fen=row["confiscation_fen"] or 0,
            outside_benchmark=row["outside_benchmark"],
            refreshed_at=now,
        )
        for row in cases.order_by()
        .values("organization_id", "state")
        .annotate(
            cases=Count("id"),
            fine_fen=Sum("fine_fen"),
            confiscation_fen=Sum("confiscation_fen"),
            outside_benchmark=Count(
                "id", filter=Q(decided_on__isnull=False) & ~Q(deviation={})
            ),
        )
    ]
    CaseCountRollup.objects.bulk_create(count_rows, batch_size=5000)
    # A clock already past on the day of the refresh stays past on every later
    # day: an organization's past days are kept as one row (on the latest of
    # them), so the rollup holds one row per organization plus its days ahead.
    today = timezone.localdate()
    past: dict[int, list[Any]] = {}
    ahead: dict[tuple[int, dt.date], int] = {}
    for organization_id, due_on, count in (
        cases.order_by()
        .annotate(due_on=_next_due())
        .filter(due_on__isnull=False)
        .values("organization_id", "due_on")
        .annotate(cases=Count("id"))
        .values_list("organization_id", "due_on", "cases")
    ):
        if due_on < today:
            latest = past.setdefault(organization_id, [due_on, 0])
            latest[0] = max(latest[0], due_on)
            latest[1] += count
        else:
            ahead[(organization_id, due_on)] = count
    for organization_id, (due_on, count) in past.items():
        ahead[(organization_id, due_on)] = count
    due_rows = [
        CaseDueRollup(
            organization_id=organization_id,
            due_on=due_on,
            cases=count,
            refreshed_at=now,
        )
        for (organization_id, due_on), count in ahead.items()
    ]
    CaseDueRollup.objects.bulk_create(due_rows, batch_size=5000)
    return len(count_rows) + len(due_rows)


__all__ = ["ImportReport", "Rejected", "import_cases", "refresh_rollups"]
