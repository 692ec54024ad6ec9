"""Late-payment surcharge on fines (加处罚款), 《行政处罚法》(2021-01-22) 第72、73条.

Per overdue day the surcharge is a fixed share of the fine, and the total may not
exceed the fine; days during reconsideration or litigation are not counted (第73条
第3款). Amounts are integer fen; a fraction of a fen is dropped (in the party's
favour). The rate and the cap are dated parameters chosen by the payment deadline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from fazhi.rules.deadlines import Pause, _merge
from fazhi.rules.errors import RulesError
from fazhi.rules.parameters import load_parameter

__all__ = ["Surcharge", "late_surcharge", "surcharge_for_days"]


@dataclass(frozen=True, slots=True)
class Surcharge:
    fine_fen: int
    days_counted: int  # overdue days that accrue
    frozen_days: int  # overdue days not counted (reconsideration/litigation)
    amount_fen: int
    capped: bool
    rate: Decimal
    basis: str

    @property
    def amount(self) -> Decimal:
        """The surcharge in yuan."""
        return (Decimal(self.amount_fen) / 100).quantize(Decimal("0.01"))


def surcharge_for_days(
    *, fine_fen: int, days: int, on: dt.date, frozen_days: int = 0
) -> Surcharge:
    """The surcharge after ``days`` accruing overdue days, under the law in force ``on``."""
    if not isinstance(fine_fen, int) or fine_fen < 0:
        raise RulesError(
            "罚款数额应为非负整数（分）",
            "the fine must be a non-negative integer in fen",
            code="invalid_amount",
        )
    if days < 0:
        raise RulesError(
            "逾期天数不能为负数", "overdue days cannot be negative", code="invalid_days"
        )
    rate_value = load_parameter("penalty.late_surcharge_rate").at(on)
    cap_value = load_parameter("penalty.late_surcharge_cap").at(on)
    rate = Decimal(str(rate_value.value))
    cap = (Decimal(fine_fen) * Decimal(str(cap_value.value))).to_integral_value(
        ROUND_DOWN
    )
    accrued = (Decimal(fine_fen) * rate * days).to_integral_value(ROUND_DOWN)
    amount = min(accrued, cap)
    return Surcharge(
        fine_fen=fine_fen,
        days_counted=days,
        frozen_days=frozen_days,
        amount_fen=int(amount),
        capped=accrued >= cap,
        rate=rate,
        basis=rate_value.reference
        if rate_value.reference == cap_value.reference
        else f"{rate_value.reference}；{cap_value.reference}",
    )


def late_surcharge(
    *,
    fine_fen: int,
    payment_deadline: dt.date,
    on: dt.date,
    frozen: Sequence[Pause] = (),
) -> Surcharge:
    """The surcharge due on ``on`` for a fine whose payment deadline was ``payment_deadline``.

    Overdue days are the days after ``payment_deadline`` up to and including ``on``;
    days inside ``frozen`` (the reconsideration or litigation) do not accrue.
    """
    start, end = payment_deadline.toordinal(), on.toordinal()
    overdue = max(0, end - start)
    frozen_days = 0
    for p_start, p_end in _merge(frozen):
        lo, hi = max(p_start, start + 1), min(p_end, end)
        if hi >= lo:
            frozen_days += hi - lo + 1
    result = surcharge_for_days(
        fine_fen=fine_fen,
        days=overdue - frozen_days,
        on=payment_deadline,
        frozen_days=frozen_days,
    )
    return result
