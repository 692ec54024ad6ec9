"""statutory-rules §14.3 worked examples, and the behaviour around them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.rules import (
    InvalidExtensionError,
    InvalidPauseError,
    InvalidStartError,
    NotInForceError,
    Pause,
    UnknownRuleError,
    UnknownVariantError,
    compute,
    default_calendar,
)
from fazhi.rules.surcharge import late_surcharge, surcharge_for_days

D = dt.date


def test_ordinary_decision_ends_on_day_sixty_without_roll_over():
    deadline = compute("reconsideration.ordinary.decision_deadline", D(2024, 9, 2))

    assert deadline.due == D(2024, 11, 1)
    assert deadline.unit == "calendar_days"
    assert deadline.basis == "《行政复议法》(2023-09-01) 第62条第1款"
    assert "2024-11-01" in deadline.explanation
    assert "为工作日" in deadline.explanation


def test_thirty_day_extension_lands_on_sunday_and_rolls_to_monday():
    deadline = compute(
        "reconsideration.ordinary.decision_deadline", D(2024, 9, 2), extend=30
    )

    assert deadline.due == D(2024, 12, 2)
    assert deadline.raw_due == D(2024, 12, 1)
    assert deadline.extended_by == 30
    assert "顺延至2024-12-02" in deadline.explanation


def test_five_working_days_over_national_day_2024_count_the_swapped_sunday():
    deadline = compute("reconsideration.acceptance.review_deadline", D(2024, 9, 27))

    assert deadline.due == D(2024, 10, 10)
    assert deadline.unit == "working_days"


def test_a_calendar_that_ignores_swapped_working_days_would_give_the_eleventh():
    from fazhi.rules import WorkdayCalendar, YearData

    real = default_calendar().year_data(2024)
    without_swaps = YearData(2024, real.rest_days, frozenset(), "无调休的错误日历")

    deadline = compute(
        "reconsideration.acceptance.review_deadline",
        D(2024, 9, 27),
        calendar=WorkdayCalendar({2024: without_swaps}),
    )

    assert deadline.due == D(2024, 10, 11)


def test_ogi_reply_excludes_twelve_consultation_working_days():
    calendar = default_calendar()
    received = D(2024, 3, 1)
    fifth = calendar.add_workdays(received, 5)
    pause = Pause(calendar.add_workdays(fifth, 1), calendar.add_workdays(fifth, 12))

    deadline = compute("ogi.request.reply_deadline", received, pauses=[pause])

    assert deadline.due == calendar.add_workdays(received, 32)
    assert deadline.paused_days == 12
    assert "扣除中止期间12个工作日" in deadline.explanation


def test_surcharge_examples_of_the_statutory_rules():
    fine = 1_000_000  # ¥10,000 in fen
    deadline = D(2024, 6, 1)

    twenty = late_surcharge(fine_fen=fine, payment_deadline=deadline, on=D(2024, 6, 21))
    forty = late_surcharge(fine_fen=fine, payment_deadline=deadline, on=D(2024, 7, 11))
    frozen = late_surcharge(
        fine_fen=fine,
        payment_deadline=deadline,
        on=D(2024, 7, 31),
        frozen=[Pause(D(2024, 6, 12), D(2024, 7, 31))],
    )

    assert twenty.amount == Decimal("6000.00")
    assert forty.amount == Decimal("10000.00")
    assert forty.capped
    assert frozen.amount == Decimal("3000.00")
    assert frozen.frozen_days == 50
    assert "第72条" in twenty.basis


def test_surcharge_cap_is_reached_on_the_thirty_fourth_day():
    assert surcharge_for_days(fine_fen=100, days=33, on=D(2024, 1, 1)).amount_fen == 99
    assert surcharge_for_days(fine_fen=100, days=34, on=D(2024, 1, 1)).amount_fen == 100
    assert compute("penalty.late_surcharge", D(2024, 6, 1)).due == D(2024, 7, 5)


def test_reconsideration_reply_switches_from_calendar_to_working_days_on_2024_01_01():
    before = compute("reconsideration.reply", D(2023, 12, 31))
    after = compute("reconsideration.reply", D(2024, 1, 1))

    assert before.unit == "calendar_days"
    assert before.basis.startswith("《行政复议法》(2017-09-01)")
    assert after.unit == "working_days"
    assert after.basis.startswith("《行政复议法》(2023-09-01)")


def test_2027_computation_is_provisional_until_the_year_is_supplied():
    from fazhi.rules import YearData, build_calendar

    provisional = compute("licensing.decision_deadline", D(2026, 12, 20))
    year_2027 = YearData(
        year=2027,
        rest_days=frozenset({D(2027, 1, 1)}),
        working_days=frozenset(),
        source="测试用通知",
    )
    calendar = build_calendar([year_2027])

    settled = compute("licensing.decision_deadline", D(2026, 12, 20), calendar=calendar)

    assert provisional.provisional
    assert provisional.missing_years == (2027,)
    assert "2027 年工作日历尚未发布" in provisional.provisional_reason
    assert "the 2027 working-day calendar" in provisional.provisional_reason
    assert "暂算" in provisional.explanation
    assert not settled.provisional
    assert settled.provisional_reason == ""
    assert settled.due == D(2027, 1, 18)  # 1 January 2027 is a rest day
    assert provisional.due == D(2027, 1, 15)


def test_backward_notice_returns_latest_date_and_earlier_target():
    deadline = compute("penalty.hearing.notice", D(2024, 10, 14))

    assert deadline.kind == "backward"
    assert deadline.due == D(2024, 9, 29)  # a swapped working Sunday counts
    assert deadline.target == D(2024, 9, 27)


def test_fixed_dates_are_hard_dates_without_roll_over():
    deadline = compute("ogi.annual_report", D(2025, 5, 1), variant="governments")

    assert deadline.due == D(2026, 3, 31)
    assert deadline.unit == "fixed_date"
    assert "不顺延" in deadline.explanation


def test_annual_catalogue_due_on_a_saturday_is_not_moved():
    deadline = compute("filing.annual_catalogue", D(2026, 6, 1))

    assert deadline.due == D(2027, 1, 31)
    assert deadline.due.weekday() == 6
    assert "法规规章备案审查条例" in deadline.basis


def test_hours_run_from_the_timestamp_without_rounding():
    approved = dt.datetime(2024, 10, 1, 9, 17)

    deadline = compute("transfer.transfer_deadline", approved)

    assert deadline.due == dt.datetime(2024, 10, 2, 9, 17)
    assert deadline.unit == "hours"


def test_hours_need_a_time():
    with pytest.raises(InvalidStartError) as error:
        compute("coercion.emergency_report", D(2024, 10, 1))

    assert error.value.code == "start_needs_time"


def test_enforcement_at_night_or_on_a_holiday_moves_to_next_permitted_morning():
    night = compute("coercion.enforcement.time_window", dt.datetime(2024, 9, 30, 23, 0))
    day = compute("coercion.enforcement.time_window", dt.datetime(2024, 9, 30, 10, 0))

    assert night.due == dt.datetime(2024, 10, 8, 6, 0)
    assert day.due == dt.datetime(2024, 9, 30, 10, 0)


def test_unknown_rule_lists_close_matches():
    with pytest.raises(UnknownRuleError) as error:
        compute("ogi.request.reply_dedline", D(2024, 1, 2))

    assert error.value.code == "unknown_rule"
    assert "ogi.request.reply_deadline" in error.value.suggestions
    assert "ogi.request.reply_deadline" in error.value.zh


def test_extension_beyond_the_cap_is_refused():
    with pytest.raises(InvalidExtensionError) as error:
        compute("ogi.request.reply_deadline", D(2024, 3, 1), extend=21)

    assert error.value.code == "extension_too_long"
    assert "20" in error.value.zh


def test_extension_where_the_law_has_none_is_refused():
    with pytest.raises(InvalidExtensionError) as error:
        compute("reconsideration.simplified.decision_deadline", D(2024, 3, 1), extend=5)

    assert error.value.code == "extension_not_allowed"


def test_a_pause_that_ends_before_it_starts_is_refused():
    with pytest.raises(InvalidPauseError) as error:
        compute(
            "licensing.decision_deadline",
            D(2024, 3, 1),
            pauses=[Pause(D(2024, 3, 10), D(2024, 3, 5))],
        )

    assert error.value.code == "pause_reversed"


def test_pauses_are_refused_where_the_rule_has_none():
    with pytest.raises(InvalidPauseError) as error:
        compute(
            "reconsideration.absolute_bar",
            D(2024, 3, 1),
            pauses=[Pause(D(2024, 3, 5), D(2024, 3, 10))],
        )

    assert error.value.code == "pause_not_allowed"


def test_a_rule_before_its_law_was_in_force_is_refused():
    with pytest.raises(NotInForceError):
        compute("penalty.hearing.request_deadline", D(2020, 1, 2))


def test_simplified_variant_does_not_exist_under_the_2017_law():
    with pytest.raises(UnknownVariantError):
        compute("reconsideration.reply", D(2023, 5, 4), variant="simplified")


def test_unknown_variant_names_the_choices():
    with pytest.raises(UnknownVariantError) as error:
        compute("reconsideration.send_copy", D(2024, 5, 6), variant="fast")

    assert "ordinary" in error.value.en


def test_as_dict_is_json_ready():
    import json

    deadline = compute("reconsideration.send_copy", D(2024, 5, 6), variant="simplified")

    data = deadline.as_dict()

    assert json.loads(json.dumps(data, ensure_ascii=False))["due"] == "2024-05-09"
    assert data["rule"] == "reconsideration.send_copy"
    assert data["variant"] == "simplified"
    assert data["explanation"].startswith("自2024-05-06")
    assert data["explanation_en"]


def test_restart_is_a_new_start_date():
    first = compute("reconsideration.acceptance.review_deadline", D(2024, 5, 6))
    restarted = compute("reconsideration.acceptance.review_deadline", D(2024, 5, 20))

    assert restarted.due > first.due
    assert (
        "重新审查"
        in __import__("fazhi.rules")
        .rules.get_rule("reconsideration.acceptance.review_deadline")
        .resets
    )


def test_deadline_equality_includes_the_lazy_explanation():
    one = compute("licensing.decision_deadline", D(2024, 9, 27))
    two = compute("licensing.decision_deadline", D(2024, 9, 27))

    assert one == two
    assert "届满日2024-10-30" in repr(one)
