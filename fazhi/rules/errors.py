"""Errors of the statutory time engine: a stable code and the message in Chinese and English.

The rules core imports nothing from Django, so these do not derive from
``fazhi.core.errors.DomainError``; the API layer maps ``code``/``zh``/``en`` onto it.
"""

from __future__ import annotations

from collections.abc import Sequence


class RulesError(Exception):
    """A computation the law or the data does not allow; nothing was computed."""

    code: str = "rules_error"

    def __init__(self, zh: str, en: str, *, code: str | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en
        if code is not None:
            self.code = code

    def __reduce__(self) -> tuple[object, ...]:
        # Subclasses take other constructor arguments; rebuild from the state.
        return (_rebuild, (type(self), str(self), dict(self.__dict__)))


def _rebuild(
    cls: type[RulesError], message: str, state: dict[str, object]
) -> RulesError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class UnknownRuleError(RulesError, LookupError):
    """No rule with this id; ``suggestions`` lists close matches."""

    code = "unknown_rule"

    def __init__(self, rule_id: str, suggestions: Sequence[str] = ()) -> None:
        self.rule_id = rule_id
        self.suggestions = tuple(suggestions)
        hint_zh = f"；是否指：{'、'.join(self.suggestions)}" if self.suggestions else ""
        hint_en = (
            f"; did you mean: {', '.join(self.suggestions)}" if self.suggestions else ""
        )
        super().__init__(
            f"没有编号为“{rule_id}”的期限规则{hint_zh}",
            f"there is no deadline rule with id '{rule_id}'{hint_en}",
        )


class UnknownVariantError(RulesError):
    """The rule has no such variant (or not under the law in force on that day)."""

    code = "unknown_variant"


class NotInForceError(RulesError):
    """The rule (or parameter) has no version in force on the day asked for."""

    code = "not_in_force"


class InvalidExtensionError(RulesError):
    """Codes ``extension_not_allowed``, ``extension_too_long``, ``extension_negative``."""

    code = "extension_not_allowed"


class InvalidPauseError(RulesError):
    """Codes ``pause_reversed``, ``pause_not_allowed``."""

    code = "pause_reversed"


class InvalidStartError(RulesError):
    """The start does not fit the rule (e.g. an hour period needs a date and time)."""

    code = "invalid_start"


class CalendarDataError(RulesError, ValueError):
    """A working-day calendar file or year record is malformed."""

    code = "calendar_data_invalid"


class CalendarNotPublishedError(RulesError, LookupError):
    """The holiday arrangement of a year has not been loaded (strict callers only)."""

    code = "calendar_not_published"

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year} 年工作日历尚未发布（国务院办公厅放假通知），无法确定工作日",
            f"the {year} working-day calendar (State Council holiday notice) is not loaded",
        )


class RulesDataError(RulesError):
    """The bundled YAML data (parameters, rules) is malformed: a defect, not user input."""

    code = "rules_data_invalid"
