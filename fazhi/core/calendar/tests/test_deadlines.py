"""The deadline calculator on the office's calendar: ``fazhi deadline`` and the API."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core.calendar.services import amend_calendar_day
from fazhi.core.deadlines import compute_deadline
from fazhi.core.errors import DomainError, NotFoundError
from fazhi.rules.deadlines import Pause, compute, rule_ids

pytestmark = pytest.mark.django_db

KEYS = {"rule", "start", "due", "unit", "provisional", "basis", "explanation"}


@pytest.fixture
def working_day_rule():
    """A rule counted in working days (the catalogue decides which)."""
    for rule_id in rule_ids():
        try:
            result = compute(rule_id, dt.date(2025, 3, 3))
        except Exception:  # noqa: S112 - some rules need a variant or a datetime
            continue
        if result.unit == "working_days":
            return rule_id
    pytest.skip("no working-day rule in the catalogue")


def test_the_calendar_in_effect_is_used(working_day_rule):
    before = compute_deadline(working_day_rule, dt.date(2025, 3, 3))
    due = before.due
    amend_calendar_day(actor=None, day=due, is_workday=False, reason="临时调整")

    after = compute_deadline(working_day_rule, dt.date(2025, 3, 3))

    assert after.due > due


def test_an_unknown_rule_is_a_not_found_domain_error():
    with pytest.raises(NotFoundError) as excinfo:
        compute_deadline("no.such.rule", dt.date(2025, 1, 1))

    assert excinfo.value.code == "unknown_rule"
    assert excinfo.value.zh
    assert excinfo.value.en


def test_json_output_has_the_documented_keys(working_day_rule, capsys):
    call_command("deadline", working_day_rule, "--start", "2025-03-03", "--json")

    data = json.loads(capsys.readouterr().out)
    assert set(data) >= KEYS
    assert data == compute(working_day_rule, dt.date(2025, 3, 3)).as_dict()


def test_human_output_shows_due_date_basis_and_explanation(working_day_rule, capsys):
    expected = compute(working_day_rule, dt.date(2025, 3, 3))

    call_command("deadline", working_day_rule, "--start", "2025-03-03")

    out = capsys.readouterr().out
    assert expected.due.isoformat() in out
    assert expected.basis in out
    assert expected.explanation in out
    assert "working_days" in out


def test_pauses_and_extensions_are_passed_on(working_day_rule, capsys):
    expected = compute(
        working_day_rule,
        dt.date(2025, 3, 3),
        pauses=[Pause(dt.date(2025, 3, 4), dt.date(2025, 3, 10))],
    )

    call_command(
        "deadline",
        working_day_rule,
        "--start",
        "2025-03-03",
        "--pause",
        "2025-03-04:2025-03-10",
        "--json",
    )

    assert json.loads(capsys.readouterr().out)["due"] == expected.due.isoformat()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["no.such.rule", "--start", "2025-01-01"], "unknown_rule"),
        (["{rule}", "--start", "2025-13-01"], "invalid_date"),
        (["{rule}", "--start", "2025-01-01", "--pause", "2025-01-05"], "invalid_pause"),
        (["{rule}", "--start", "2025-01-01", "--pause", "x:y"], "invalid_pause"),
        (["{rule}"], "--start"),
    ],
)
def test_bad_input_is_a_bilingual_error_with_status_2(
    working_day_rule, capsys, args, fragment
):
    args = [a.format(rule=working_day_rule) for a in args]

    with pytest.raises(CommandError) as excinfo:
        call_command("deadline", *args)

    assert excinfo.value.returncode == 2
    assert fragment in str(excinfo.value)
    assert " / " in str(excinfo.value)
    assert capsys.readouterr().out == ""


def test_the_command_lists_the_rules(capsys):
    call_command("deadline", "--list", "--json")

    assert json.loads(capsys.readouterr().out) == rule_ids()


def test_the_api_computes_a_deadline_without_logging_in(client, working_day_rule):
    response = client.get(
        f"/api/v1/deadlines/{working_day_rule}",
        {"start": "2025-03-03", "pause": ["2025-03-04:2025-03-05"]},
    )

    assert response.status_code == 200
    body = response.json()
    assert set(body) >= KEYS
    assert body["rule"] == working_day_rule
    assert body["paused_days"] >= 1


def test_the_api_lists_the_rules(client):
    response = client.get("/api/v1/deadlines/")

    assert response.status_code == 200
    rules = response.json()
    assert [r["id"] for r in rules] == rule_ids()
    assert all(r["variants"] and r["variants"][0]["basis"] for r in rules)


@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        ("no.such.rule", {"start": "2025-01-01"}, 404, "unknown_rule"),
        ("{rule}", {"start": "2025-02-30"}, 400, "invalid_date"),
        (
            "{rule}",
            {"start": "2025-01-01", "pause": "2025-01-02"},
            400,
            "invalid_pause",
        ),
        ("{rule}", {}, 422, "validation_error"),
        ("{rule}", {"start": "2025-01-01", "extend": "x"}, 422, "validation_error"),
    ],
)
def test_the_api_answers_bad_input_with_a_problem(
    client, working_day_rule, path, params, status, code
):
    response = client.get(
        f"/api/v1/deadlines/{path.format(rule=working_day_rule)}", params
    )

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code
    assert body["detail_zh"]
    assert body["detail_en"]


def test_engine_errors_keep_their_code(working_day_rule):
    with pytest.raises(DomainError) as excinfo:
        compute_deadline(working_day_rule, dt.date(2025, 3, 3), extend=-1)

    assert excinfo.value.code.startswith("extension_")
