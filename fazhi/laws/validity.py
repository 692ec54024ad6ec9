"""Whether a version of an instrument is in force on a given day.

Pure: no Django, so the search index, the pages and the rules all agree.
A version is in force from its effective date (施行日期) until the day it is
superseded by a later version, repealed (废止) or expires (失效), whichever
comes first; a version amended later is reported as "amended" (已被修改)
from the day its successor takes effect.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class Status(enum.StrEnum):
    NOT_YET_IN_FORCE = "not_yet_in_force"  # 尚未施行
    IN_FORCE = "in_force"  # 现行有效
    AMENDED = "amended"  # 已被修改
    REPEALED = "repealed"  # 已废止
    EXPIRED = "expired"  # 已失效


STATUS_LABELS_ZH = {
    Status.NOT_YET_IN_FORCE: "尚未施行",
    Status.IN_FORCE: "现行有效",
    Status.AMENDED: "已被修改",
    Status.REPEALED: "已废止",
    Status.EXPIRED: "已失效",
}

OPEN_END = dt.date(9999, 12, 31)


@dataclass(frozen=True)
class Dates:
    promulgated_on: dt.date | None
    effective_on: dt.date | None
    superseded_on: dt.date | None = None
    repealed_on: dt.date | None = None
    expired_on: dt.date | None = None
    ended_undated: bool = False  # known to be no longer in force, date unknown


def start(dates: Dates) -> dt.date | None:
    """The first day in force: the effective date, else the promulgation date."""
    return dates.effective_on or dates.promulgated_on


def end(dates: Dates) -> dt.date:
    """The first day no longer in force (OPEN_END while nothing ends it)."""
    ends = [
        d
        for d in (dates.superseded_on, dates.repealed_on, dates.expired_on)
        if d is not None
    ]
    if ends:
        return min(ends)
    if dates.ended_undated:
        return start(dates) or dt.date.min
    return OPEN_END


def status_on(dates: Dates, day: dt.date) -> Status:
    """The status of the version on ``day``."""
    first = start(dates)
    if first is not None and day < first:
        return Status.NOT_YET_IN_FORCE
    if day < end(dates):
        return Status.IN_FORCE
    candidates = [
        (d, status)
        for d, status in (
            (dates.repealed_on, Status.REPEALED),
            (dates.expired_on, Status.EXPIRED),
            (dates.superseded_on, Status.AMENDED),
        )
        if d is not None and d <= day
    ]
    if candidates:
        return min(candidates, key=lambda c: c[0])[1]
    return Status.EXPIRED
