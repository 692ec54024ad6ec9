import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.deadlines import compute_deadline, list_rules

pytestmark = pytest.mark.django_db


def a_rule():
    rule = next(
        r for r in sorted(list_rules(), key=lambda r: r.id) if len(r.variants) == 1
    )
    return rule, rule.variants[0]


def test_empty_calculator_lists_every_rule_and_variant(client):
    response = client.get(reverse("portal:deadline"))

    assert response.status_code == 200
    choices = response.context["form"].fields["rule"].choices
    assert len(choices) == sum(len(r.variants) for r in list_rules())
    assert response.context["result"] is None


def test_calculator_shows_the_due_day_basis_and_explanation(client):
    rule, variant = a_rule()
    expected = compute_deadline(rule.id, dt.date(2025, 1, 27), variant=variant.name)

    response = client.get(
        reverse("portal:deadline"),
        {"rule": f"{rule.id}:{variant.name}", "start": "2025-01-27", "extend": "0"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert expected.due.strftime("%Y-%m-%d") in page
    assert response.context["result"].due == expected.due
    assert response.context["explanation"] == expected.explanation


def test_calculator_explains_in_english_when_asked(client, settings):
    rule, variant = a_rule()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(
        reverse("portal:deadline"),
        {"rule": f"{rule.id}:{variant.name}", "start": "2025-01-27"},
    )

    assert response.context["explanation"] == response.context["result"].explanation_en
    assert "Deadline calculator" in response.content.decode()


def test_bad_pause_is_reported_in_the_page_not_a_server_error(client):
    rule, variant = a_rule()

    response = client.get(
        reverse("portal:deadline"),
        {"rule": f"{rule.id}:{variant.name}", "start": "2025-01-27", "pauses": "soon"},
    )

    assert response.status_code == 400
    assert "中止期间“soon”应写作" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"rule": "no.such:rule", "start": "2025-01-27"},
        {"rule": "", "start": "not a date"},
    ],
)
def test_invalid_form_is_a_400_with_the_form_errors(client, query):
    response = client.get(reverse("portal:deadline"), query)

    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()


def test_home_page_links_to_the_calculator(client):
    page = client.get("/").content.decode()

    assert f'href="{reverse("portal:deadline")}"' in page
