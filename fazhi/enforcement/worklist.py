"""The enforcement items of the workbench worklist (ADR 0053): the next statutory
clock of each open case, measure, transfer and complaint the user works on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext as _

from fazhi.core.models import User
from fazhi.core.worklist import WorkItem
from fazhi.enforcement import public_selectors, selectors
from fazhi.enforcement.models import PenaltyCase
from fazhi.enforcement.workflows import COMPLAINT, MEASURE, PENALTY, TRANSFER


def _case_due(case: PenaltyCase) -> dt.date | None:
    if case.state in selectors.OPEN_BEFORE_DECISION:
        return case.decision_due_on
    if case.state == "decided":
        return case.service_due_on
    if case.state == "served" and case.paid_on is None:
        return case.payment_due_on
    return None


def provider(user: User, today: dt.date) -> Iterator[WorkItem]:
    """Open cases with their next due day; measures' terms; transfer clocks; complaints;
    published decisions set aside that must be withdrawn (《行政处罚法》第48条第2款)."""
    cases = selectors.list_cases(user=user).exclude(state__in=sorted(PENALTY.final))
    for case in cases.filter(
        state__in=[
            *selectors.OPEN_BEFORE_DECISION,
            "clue",
            "decided",
            "served",
            "executed",
        ]
    ):
        yield WorkItem(
            title=_("案件 %(number)s：%(summary)s")
            % {"number": case.number, "summary": case.summary},
            url=f"/workbench/enforcement/cases/{case.pk}/",
            due_on=_case_due(case),
            kind=_("行政执法"),
            organization_id=case.organization_id,
            state=str(PENALTY.state_label(case.state)),
        )
    for measure in selectors.list_measures(user=user).exclude(
        state__in=sorted(MEASURE.final)
    ):
        yield WorkItem(
            title=_("%(kind)s期限：案件 %(number)s")
            % {"kind": measure.get_kind_display(), "number": measure.case.number},
            url=f"/workbench/enforcement/measures/{measure.pk}/",
            due_on=measure.term_due_on,
            kind=_("行政执法"),
            organization_id=measure.organization_id,
            state=str(MEASURE.state_label(measure.state)),
        )
    for transfer in selectors.list_transfers(user=user).exclude(
        state__in=sorted(TRANSFER.final)
    ):
        due: dt.date | None = None
        if transfer.state == "reported":
            due = transfer.approval_due_on
        elif transfer.state == "approved" and transfer.transfer_due_at:
            due = transfer.transfer_due_at.date()
        elif transfer.state == "received":
            due = transfer.review_due_on
        yield WorkItem(
            title=_("涉嫌犯罪案件移送：案件 %(number)s")
            % {"number": transfer.case.number},
            url=f"/workbench/enforcement/transfers/{transfer.pk}/",
            due_on=due,
            kind=_("行政执法"),
            organization_id=transfer.organization_id,
            state=str(TRANSFER.state_label(transfer.state)),
        )
    for complaint in selectors.list_complaints(user=user).exclude(
        state__in=sorted(COMPLAINT.final)
    ):
        yield WorkItem(
            title=_("投诉举报 #%(id)s：%(target)s")
            % {"id": complaint.pk, "target": complaint.target},
            url=f"/workbench/enforcement/complaints/{complaint.pk}/",
            due_on=complaint.due_on,
            kind=_("行政执法"),
            organization_id=complaint.organization_id,
            state=str(COMPLAINT.state_label(complaint.state)),
        )
    for publication in public_selectors.list_withdrawals_due(user=user):
        yield WorkItem(
            title=_("撤回公开的处罚决定：%(number)s")
            % {"number": publication.decision_number},
            url=f"/workbench/enforcement/cases/{publication.case_id}/",
            due_on=publication.withdrawal_due_on,
            kind=_("行政执法"),
            organization_id=publication.organization_id,
            state=str(publication.get_withdrawal_reason_display()),
        )
