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

Records are written in batches (PostgreSQL: ``COPY``; otherwise
``bulk_create``, the same rows either way), each batch in one
transaction with one full-process record entry per organization (第47条) naming
the case numbers it brought in. A rejected record is reported with its line and
the reason in both languages and does not block the others. A case whose number
the organization already has is skipped, so that importing a file twice
changes nothing (ADR 0088).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    connection,
    connections,
    transaction,
)
from django.db.models import Case, Count, F, Q, Sum, When
from django.utils import timezone

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
from fazhi.enforcement.selectors import OPEN_BEFORE_DECISION
from fazhi.enforcement.services.cases import (
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


class _Importer:
    """State of one import: caches of subjects, matters, reach and clocks."""

    def __init__(self, actor: User) -> None:
        self.actor = actor
        self.subjects: dict[Any, EnforcementSubject] | None = None
        self.matters: dict[int, EnforcementMatter] = {}
        self.reach = coverage(actor, policy=BUSINESS, action="change")
        self.audit_admin = is_audit_admin(actor)
        self.refusals: dict[int, DomainError] = {}
        self.calendar = workday_calendar()
        self.clocks: dict[tuple[str, dt.date], dt.date] = {}
        self.deviations: dict[tuple[Any, ...], dict[str, Any] | None] = {}
        self.seen: set[tuple[int, str]] = set()

    def clock(self, rule: str, start: dt.date) -> dt.date:
        """A statutory deadline; pure in (rule, start) for one import, so kept."""
        key = (rule, start)
        due = self.clocks.get(key)
        if due is None:
            due = compute(rule, start, calendar=self.calendar).due
            self.clocks[key] = due
        return due

    def deviation(
        self, facts: rulebook.Facts, *, kinds: list[str], fine_fen: int, on: dt.date
    ) -> dict[str, Any] | None:
        """``rulebook.deviation``, a pure function of its arguments, memoised."""
        key = (
            facts.party_kind,
            facts.region_code,
            facts.sector,
            facts.violation_code,
            facts.kinds,
            facts.fine_fen,
            facts.confiscation_fen,
            json.dumps(facts.circumstances, sort_keys=True, default=str)
            if facts.circumstances
            else "",
            facts.hearing_held,
            facts.hearing_eligible,
            tuple(kinds),
            fine_fen,
            on,
        )
        if key not in self.deviations:
            self.deviations[key] = rulebook.deviation(
                facts, kinds=kinds, fine_fen=fine_fen, on=on
            )
        found = self.deviations[key]
        return dict(found) if found is not None else None

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
        found = self.subjects.get(key)
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
        if organization.pk in self.refusals:
            raise self.refusals[organization.pk]
        if self.audit_admin or not self.reach.covers(organization):
            try:
                require_change(self.actor, organization)
            except DomainError as refusal:
                self.refusals[organization.pk] = refusal
                raise

    def matter(self, record: Mapping[str, Any]) -> EnforcementMatter | None:
        matter_id = record.get("matter_id")
        if matter_id is None:
            return None
        if not isinstance(matter_id, int) or isinstance(matter_id, bool):
            raise _invalid(
                "matter_id", "matter_id 应为整数。", "matter_id must be an integer."
            )
        found = self.matters.get(matter_id)
        if found is None:
            found = EnforcementMatter.objects.filter(pk=matter_id).first()
            if found is None:
                raise NotFoundError(
                    "没有此执法事项。",
                    "No such matter.",
                    code="matter_not_found",
                    field="matter_id",
                )
            self.matters[matter_id] = found
        return found

    def case(self, record: Mapping[str, Any]) -> PenaltyCase:
        """The case the record describes, checked as each step's service checks it."""
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

    def write(self, batch: list[tuple[int, PenaltyCase]], report: ImportReport) -> None:
        """Write one batch, all or nothing; skip numbers already present."""
        if not batch:
            return
        organizations = {case.organization_id for _, case in batch}
        present = set(
            PenaltyCase.objects.filter(
                organization_id__in=organizations,
                number__in={case.number for _, case in batch},
            ).values_list("organization_id", "number")
        )
        fresh = [
            (line, case)
            for line, case in batch
            if (case.organization_id, case.number) not in present
        ]
        report.already_present += len(batch) - len(fresh)
        if not fresh:
            return
        try:
            with transaction.atomic():
                store([case for _, case in fresh])
                by_organization: dict[int, list[tuple[int, PenaltyCase]]] = {}
                for line, case in fresh:
                    by_organization.setdefault(case.organization_id, []).append(
                        (line, case)
                    )
                for cases in by_organization.values():
                    first = cases[0][1]
                    act(
                        actor=self.actor,
                        action="import_cases",
                        obj=first.subject,
                        organization=first.organization,
                        basis=BASIS_IMPORT,
                        after={
                            "count": len(cases),
                            "lines": [cases[0][0], cases[-1][0]],
                            "numbers": [case.number for _, case in cases],
                        },
                    )
        except DatabaseError as error:
            for line, case in fresh:
                self.seen.discard((case.organization_id, case.number))
                report.rejected.append(
                    Rejected(
                        line,
                        case.number,
                        "batch_failed",
                        f"本批记录未能写入：{error}",
                        f"The batch could not be written: {error}",
                    )
                )
            return
        report.created += len(fresh)
        report.batches += 1
        report.organizations.update(organizations)


def _copy(cases: list[PenaltyCase]) -> None:
    """Write new cases with COPY: the values ``bulk_create`` would send, fewer round trips.

    Each value goes through the field's ``pre_save`` and ``get_db_prep_save`` as
    in ``bulk_create`` (timestamps, JSON), so the stored rows are the same.
    """
    # The backend itself, not the thread-local proxy: a million field values
    # each looking the connection up took a tenth of the import.
    backend = connections[DEFAULT_DB_ALIAS]
    fields = [f for f in PenaltyCase._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(backend.ops.quote_name(str(f.column)) for f in fields)
    table = backend.ops.quote_name(PenaltyCase._meta.db_table)
    statement = f"COPY {table} ({columns}) FROM STDIN"
    with (
        backend.cursor() as cursor,
        backend.wrap_database_errors,
        cursor.cursor.copy(statement) as copy,
    ):
        write_row = copy.write_row
        for case in cases:
            write_row(
                [f.get_db_prep_save(f.pre_save(case, True), backend) for f in fields]
            )
    for case in cases:
        case._state.adding = False
        case._state.db = backend.alias


def store(cases: list[PenaltyCase]) -> None:
    """Insert one batch of new cases inside the caller's transaction."""
    if connection.vendor == "postgresql":
        _copy(cases)
    else:
        PenaltyCase.objects.bulk_create(cases)


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
    batch: list[tuple[int, PenaltyCase]] = []
    for line, record in _records(records):
        report.read += 1
        number = record.get("number", "") if isinstance(record, Mapping) else ""
        try:
            if isinstance(record, DomainError):
                raise record
            case = importer.case(record)
            key = (case.organization_id, case.number)
            if key in importer.seen:
                raise DomainError(
                    f"案号“{case.number}”在本次导入中重复。",
                    f"The case number {case.number!r} appears twice in this import.",
                    code="number_repeated",
                    field="number",
                )
        except DomainError as error:
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
        importer.seen.add(key)
        batch.append((line, case))
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
