import pytest

from fazhi.core.tests.factories import OrganizationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("fazhi.api.tests.problem_urls")]


def test_pages_hold_items_count_page_and_page_size(client):
    organizations = OrganizationFactory.create_batch(5)

    body = client.get("/api/test/organizations?page=2&page_size=2").json()

    assert body["count"] == 5
    assert body["page"] == 2
    assert body["page_size"] == 2
    assert [o["id"] for o in body["items"]] == [o.pk for o in organizations[2:4]]


def test_first_page_of_twenty_is_the_default(client):
    OrganizationFactory.create_batch(3)

    body = client.get("/api/test/organizations").json()

    assert (body["page"], body["page_size"], body["count"]) == (1, 20, 3)
    assert len(body["items"]) == 3


def test_page_past_the_end_is_empty_with_the_true_count(client):
    OrganizationFactory.create_batch(2)

    body = client.get("/api/test/organizations?page=9&page_size=2").json()

    assert body["items"] == []
    assert body["count"] == 2


@pytest.mark.parametrize("query", ["page_size=201", "page_size=0", "page=0", "page=x"])
def test_out_of_range_paging_is_a_validation_problem(client, query):
    response = client.get(f"/api/test/organizations?{query}")

    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_page_size_of_two_hundred_is_allowed(client):
    response = client.get("/api/test/organizations?page_size=200")

    assert response.status_code == 200
    assert response.json()["page_size"] == 200
