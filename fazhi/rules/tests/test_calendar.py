"""The working-day calendar: package data, YAML year files, coverage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest

from fazhi.rules import (
    CalendarDataError,
    CalendarNotPublishedError,
    WorkdayCalendar,
    YearData,
    build_calendar,
    default_calendar,
    load_year_file,
)
from fazhi.rules.calendar import bundled_years, package_years

D = dt.date


def test_bundled_calendar_agrees_with_chinese_calendar_on_every_covered_day():
    calendar = default_calendar()
    years = sorted(package_years())

    day = D(years[0], 1, 1)
    mismatches = []
    while day.year <= years[-1]:
        if calendar.is_workday(day) != chinese_calendar.is_workday(day):
            mismatches.append(day)
        day += dt.timedelta(days=1)

    assert years[0] <= 2004
    assert years[-1] >= 2026
    assert mismatches == []


def test_package_range_is_detected_not_hard_coded():
    years = package_years()

    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D(max(years) + 1, 6, 1))
    assert set(years) == set(range(min(years), max(years) + 1))


def test_2024_national_day_swaps():
    calendar = default_calendar()

    assert calendar.is_workday(D(2024, 9, 29))  # Sunday, swapped working day
    assert not calendar.is_workday(D(2024, 10, 7))
    assert calendar.is_workday(D(2024, 10, 12))  # Saturday, swapped working day
    assert calendar.add_workdays(D(2024, 9, 27), 5) == D(2024, 10, 10)


def test_no_2027_file_is_shipped():
    assert 2027 not in bundled_years()
    assert not default_calendar().covers(max(package_years()) + 1)


def test_strict_callers_get_calendar_not_published():
    calendar = default_calendar()
    year = max(calendar.years) + 1

    with pytest.raises(CalendarNotPublishedError) as error:
        calendar.require(year)

    assert error.value.code == "calendar_not_published"
    assert str(year) in error.value.zh


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知（测试样例）
rest_days:
  - [2027-01-01, 2027-01-03]
  - [2027-10-01, 2027-10-07]
working_weekends: [2027-09-26, 2027-10-09]
"""


def test_a_valid_year_file_loads_and_overrides(tmp_path):
    path = _write(tmp_path, "2027.yaml", GOOD)

    data = load_year_file(path)
    calendar = build_calendar([data])

    assert data.year == 2027
    assert D(2027, 1, 2) in data.rest_days
    assert len(data.rest_days) == 10
    assert calendar.covers(2027)
    assert calendar.is_workday(D(2027, 9, 26))
    assert not calendar.is_workday(D(2027, 10, 4))


@pytest.mark.parametrize(
    ("name", "text", "fragment"),
    [
        ("2028.yaml", GOOD, "文件名年份"),
        ("2027.yaml", GOOD.replace("2027-10-07]", "2028-01-02]"), "不属于"),
        ("2027.yaml", GOOD.replace("2027-09-26,", "2027-09-27,"), "不是星期六或星期日"),
        (
            "2027.yaml",
            GOOD.replace("[2027-09-26,", "[2027-10-02,"),
            "同时是休息日和上班日",
        ),
        ("2027.yaml", GOOD.replace("source:", "note:"), "source"),
        ("2027.yaml", GOOD.replace("2027-01-03]", "2026-12-30]"), "止日早于起日"),
        ("2027.yaml", "year: [", "无法读取"),
    ],
)
def test_invalid_year_files_are_refused_with_a_clear_message(
    tmp_path, name, text, fragment
):
    path = _write(tmp_path, name, text)

    with pytest.raises(CalendarDataError) as error:
        load_year_file(path)

    assert fragment in error.value.zh
    assert error.value.en
    assert error.value.code == "calendar_data_invalid"


def test_year_data_built_in_code_is_validated_too():
    with pytest.raises(CalendarDataError):
        YearData(2027, frozenset({D(2026, 1, 1)}), frozenset(), "x")


def test_calendar_is_immutable():
    calendar = WorkdayCalendar({})

    with pytest.raises(AttributeError):
        calendar._lo = 1  # type: ignore[misc]


def test_counting_outside_the_precomputed_span_matches_day_by_day():
    calendar = default_calendar()
    far = D(2060, 12, 20)

    assert calendar.add_workdays(far, 10) == D(2061, 1, 3)
    assert calendar.subtract_workdays(D(1990, 1, 8), 5) == D(1990, 1, 1)
    assert calendar.count_workdays(D(2060, 12, 31), D(2061, 1, 7)) == 5
