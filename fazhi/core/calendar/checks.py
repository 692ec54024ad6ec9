"""``fazhi check --tag calendar``: is next year's holiday arrangement loaded?

The State Council publishes it around November; from 1 December a missing next
year means deadlines reaching into January are provisional
(reliability anchors §1.9 item 24).

The answer depends on the database, so, like Django's own database checks, it
runs only when a database is named: ``fazhi check --tag calendar --database
default`` (the daily health job) and ``fazhi migrate``. A plain ``fazhi check
--deploy --fail-level WARNING`` in a December build does not fail for a reason
unrelated to the code. See ADR 0033.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning
from django.db import DatabaseError
from django.utils import timezone

TAG = "calendar"
FIRST_MONTH_TO_WARN = 12


def check_next_year_loaded(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    today = timezone.localdate()
    if not databases or today.month < FIRST_MONTH_TO_WARN:
        return []
    from fazhi.core.calendar.selectors import workday_calendar
    from fazhi.rules.calendar import default_calendar

    try:
        calendar = workday_calendar()
    except DatabaseError:
        calendar = default_calendar()
    following = today.year + 1
    if calendar.covers(following):
        return []
    return [
        Warning(
            f"{following} 年工作日历（国务院办公厅放假通知）尚未载入，"
            f"跨入 {following} 年的期限只能暂定。"
            f" / The {following} working-day calendar is not loaded; deadlines "
            f"reaching into {following} are provisional.",
            hint="fazhi calendar load <年份>.yaml",
            id="workcalendar.W001",
        )
    ]
