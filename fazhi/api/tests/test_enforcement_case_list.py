"""The enforcement case list over the API with a token, page by page, against
the selector's order for each reach (the list's reads are prepared statements
on PostgreSQL; the token's memberships are remembered for seconds)."""

import pytest

from fazhi.api.services import issue_api_token
from fazhi.enforcement import selectors
from fazhi.enforcement.tests.conftest import frozen_today, world  # noqa: F401 - fixtures
from fazhi.enforcement.tests.test_dashboard import cases  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def test_the_case_list_pages_as_the_selector_orders_for_each_reach(
    client,
    world,  # noqa: F811 - the enforcement tests' county bureau
    cases,  # noqa: F811 - the dashboard's cases: five in A, one in K2
):
    for user in (world.user1, world.supervisor, world.stranger):
        token = issue_api_token(user=user, name="脚本", actor=None, expires_in_days=1)
        auth = {"HTTP_AUTHORIZATION": f"Bearer {token.clear}"}
        expected = list(selectors.list_cases(user=user))
        for query, wanted in (
            ("", expected),
            ("?page=2&page_size=2", expected[2:4]),
            ("?state=filed", [c for c in expected if c.state == "filed"]),
            ("?page=9", []),
        ):
            body = client.get(f"/api/v1/enforcement/cases{query}", **auth).json()
            assert [item["id"] for item in body["items"]] == [c.pk for c in wanted]
            assert body["count"] == (
                len([c for c in expected if c.state == "filed"])
                if "state" in query
                else len(expected)
            )
        if expected:
            first = client.get("/api/v1/enforcement/cases", **auth).json()["items"][0]
            assert first == {
                "id": expected[0].pk,
                "number": expected[0].number,
                "procedure": expected[0].procedure,
                "state": expected[0].state,
                "summary": expected[0].summary,
                "party_name": expected[0].party_name,
                "received_on": expected[0].received_on.isoformat(),
                "decision_due_on": (
                    expected[0].decision_due_on.isoformat()
                    if expected[0].decision_due_on
                    else None
                ),
                "organization_id": expected[0].organization_id,
            }
