"""The statutory time engine: working-day calendar, dated parameters, deadline rules.

Pure Python: nothing here imports Django or the applications (import-linter enforces it).
"""

from fazhi.rules.calendar import (
    WorkdayCalendar,
    YearData,
    build_calendar,
    default_calendar,
    load_year_file,
)
from fazhi.rules.deadlines import Deadline, Pause, Rule, compute, get_rule, rule_ids
from fazhi.rules.errors import (
    CalendarDataError,
    CalendarNotPublishedError,
    InvalidExtensionError,
    InvalidPauseError,
    InvalidStartError,
    NotInForceError,
    RulesDataError,
    RulesError,
    UnknownRuleError,
    UnknownVariantError,
)
from fazhi.rules.surcharge import Surcharge, late_surcharge

__all__ = [
    "CalendarDataError",
    "CalendarNotPublishedError",
    "Deadline",
    "InvalidExtensionError",
    "InvalidPauseError",
    "InvalidStartError",
    "NotInForceError",
    "Pause",
    "Rule",
    "RulesDataError",
    "RulesError",
    "Surcharge",
    "UnknownRuleError",
    "UnknownVariantError",
    "WorkdayCalendar",
    "YearData",
    "build_calendar",
    "compute",
    "default_calendar",
    "get_rule",
    "late_surcharge",
    "load_year_file",
    "rule_ids",
]
