import datetime as dt

import pytest
import time_machine
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core.audit.models import AuditEntry
from fazhi.core.calendar import hooks
from fazhi.core.calendar.models import CalendarYear
from fazhi.core.calendar.selectors import list_years, workday_calendar
from fazhi.core.calendar.services import amend_calendar_day, load_calendar_year
from fazhi.core.errors import DomainError, PermissionDeniedError
from fazhi.core.models import Role
from fazhi.core.tests.factories import MembershipFactory
from fazhi.rules.calendar import YearData, default_calendar

pytestmark = pytest.mark.django_db

FAR = 2093  # a year no notice will cover while this suite lives

YEAR_FILE = f"""\
year: {FAR}
source: 国务院办公厅关于{FAR}年部分节假日安排的通知（测试）
rest_days:
  - [{FAR}-01-01, {FAR}-01-03]
working_weekends: [{FAR}-01-10]
"""


def far_year(**changes):
    values = {
        "year": FAR,
        "rest_days": frozenset({dt.date(FAR, 1, 1), dt.date(FAR, 1, 2)}),
        "working_days": frozenset({dt.date(FAR, 1, 10)}),
        "source": "测试通知",
    }
    values.update(changes)
    return YearData(**values)


@pytest.fixture
def year_file(tmp_path):
    path = tmp_path / f"{FAR}.yaml"
    path.write_text(YEAR_FILE, encoding="utf-8")
    return path


def test_without_rows_the_bundled_calendar_applies():
    assert workday_calendar().years == default_calendar().years


def test_loading_a_year_covers_it_and_is_recorded():
    assert not workday_calendar().covers(FAR)

    row = load_calendar_year(actor=None, data=far_year(), origin="file")

    calendar = workday_calendar()
    assert calendar.covers(FAR)
    assert not calendar.is_workday(dt.date(FAR, 1, 1))
    assert calendar.is_workday(dt.date(FAR, 1, 10))
    entry = AuditEntry.objects.get()
    assert entry.action == "calendar.load_year"
    assert entry.before is None
    assert entry.after["working_days"] == [f"{FAR}-01-10"]
    assert row.origin == CalendarYear.Origin.FILE


def test_loading_identical_data_again_changes_nothing():
    load_calendar_year(actor=None, data=far_year())

    load_calendar_year(actor=None, data=far_year())

    assert AuditEntry.objects.count() == 1


def test_loading_a_changed_year_records_before_and_after():
    load_calendar_year(actor=None, data=far_year())

    load_calendar_year(actor=None, data=far_year(working_days=frozenset()))

    entry = AuditEntry.objects.order_by("seq").last()
    assert entry.before["working_days"] == [f"{FAR}-01-10"]
    assert entry.after["working_days"] == []
    assert workday_calendar().is_workday(dt.date(FAR, 1, 10)) is False


def test_a_row_overrides_a_bundled_year():
    year = max(default_calendar().years)
    holiday = next(iter(sorted(default_calendar().year_data(year).rest_days)))

    load_calendar_year(
        actor=None,
        data=YearData(
            year=year, rest_days=frozenset(), working_days=frozenset(), source="改"
        ),
    )

    assert workday_calendar().is_workday(holiday) is (holiday.weekday() < 5)


def test_amending_a_day_is_recorded_with_its_reason():
    load_calendar_year(actor=None, data=far_year())

    amend_calendar_day(
        actor=None, day=dt.date(FAR, 1, 5), is_workday=False, reason="防汛应急调休"
    )

    assert workday_calendar().is_workday(dt.date(FAR, 1, 5)) is False
    entry = AuditEntry.objects.order_by("seq").last()
    assert entry.action == "calendar.amend_day"
    assert entry.reason == "防汛应急调休"
    assert entry.before == {"day": f"{FAR}-01-05", "is_workday": True}
    assert CalendarYear.objects.get().origin == CalendarYear.Origin.MANUAL


@pytest.mark.parametrize(
    ("day", "is_workday", "reason", "code"),
    [
        (dt.date(FAR + 1, 1, 5), False, "理由", "calendar_year_missing"),
        (dt.date(FAR, 1, 5), False, "  ", "calendar_reason_required"),
        (dt.date(FAR, 1, 5), True, "理由", "calendar_day_unchanged"),
    ],
)
def test_bad_amendments_are_refused_and_change_nothing(day, is_workday, reason, code):
    load_calendar_year(actor=None, data=far_year())

    with pytest.raises(DomainError) as excinfo:
        amend_calendar_day(actor=None, day=day, is_workday=is_workday, reason=reason)

    assert excinfo.value.code == code
    assert AuditEntry.objects.count() == 1


@pytest.mark.parametrize("role", [Role.STAFF, Role.AUDIT_ADMIN, Role.ORG_ADMIN])
def test_only_the_system_administrator_may_change_the_calendar(role):
    actor = MembershipFactory(role=role).user

    with pytest.raises(PermissionDeniedError):
        load_calendar_year(actor=actor, data=far_year())

    assert not CalendarYear.objects.exists()


def test_the_system_administrator_may_load_a_year():
    actor = MembershipFactory(role=Role.SYSTEM_ADMIN).user

    row = load_calendar_year(actor=actor, data=far_year())

    assert row.loaded_by == actor


def test_callbacks_run_after_the_commit(django_capture_on_commit_callbacks):
    seen = []
    callback = hooks.on_year_loaded(seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=False) as pending:
            load_calendar_year(actor=None, data=far_year())
        assert seen == []

        for run in pending:
            run()

        assert seen == [FAR]
    finally:
        hooks.forget(callback)


def test_a_failing_callback_does_not_stop_the_others(
    django_capture_on_commit_callbacks,
):
    seen = []

    def broken(year):
        raise RuntimeError(year)

    hooks.on_year_loaded(broken)
    hooks.on_year_loaded(seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            load_calendar_year(actor=None, data=far_year())

        assert seen == [FAR]
    finally:
        hooks.forget(broken)
        hooks.forget(seen.append)


def test_the_load_command_reads_a_year_file(year_file, capsys):
    call_command("calendar", "load", str(year_file))

    assert "已载入" in capsys.readouterr().out
    assert CalendarYear.objects.get().working_days == [f"{FAR}-01-10"]


def test_a_malformed_year_file_is_refused_in_both_languages(tmp_path):
    path = tmp_path / f"{FAR}.yaml"
    path.write_text(YEAR_FILE.replace("01-10", "01-12"), encoding="utf-8")

    with pytest.raises(CommandError) as excinfo:
        call_command("calendar", "load", str(path))

    assert "星期六或星期日" in str(excinfo.value)
    assert "Saturday or Sunday" in str(excinfo.value)
    assert not CalendarYear.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_list_and_amend_commands(year_file, capsys):
    call_command("calendar", "load", str(year_file))

    call_command("calendar", "amend", f"{FAR}-01-05", "--rest-day", "--reason", "调休")
    call_command("calendar", "list")

    out = capsys.readouterr().out
    assert f"{FAR}\tmanual" in out
    assert workday_calendar().is_workday(dt.date(FAR, 1, 5)) is False


def test_list_years_names_the_source_of_each_year():
    load_calendar_year(actor=None, data=far_year())

    years = {item.year: item for item in list_years()}

    assert years[FAR].origin == "file"
    assert years[min(default_calendar().years)].origin == "package"


def test_the_freshness_check_is_silent_before_december():
    with time_machine.travel(dt.datetime(FAR - 1, 11, 30, 12), tick=False):
        assert run_checks(tags=["calendar"], databases=["default"]) == []


def test_the_freshness_check_warns_from_december_if_next_year_is_missing():
    with time_machine.travel(dt.datetime(FAR - 1, 12, 1, 12), tick=False):
        messages = run_checks(tags=["calendar"], databases=["default"])

    assert [m.id for m in messages] == ["workcalendar.W001"]


def test_the_freshness_check_is_satisfied_once_the_year_is_loaded():
    load_calendar_year(actor=None, data=far_year())

    with time_machine.travel(dt.datetime(FAR - 1, 12, 1, 12), tick=False):
        assert run_checks(tags=["calendar"], databases=["default"]) == []


def test_the_freshness_check_needs_a_database_to_be_named():
    with time_machine.travel(dt.datetime(FAR - 1, 12, 1, 12), tick=False):
        plain = run_checks()
        deploy = run_checks(include_deployment_checks=True)

    assert "workcalendar.W001" not in [m.id for m in plain + deploy]
