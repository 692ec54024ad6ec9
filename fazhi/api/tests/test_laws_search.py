"""GET /api/v1/laws/search, on the laws router mounted alone."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from ninja import NinjaAPI
from ninja.testing import TestClient

from fazhi.api.v1.laws import SearchHitOut, SearchOut, router
from fazhi.core.errors import DomainError
from fazhi.laws import importer
from fazhi.laws.search import indexing
from fazhi.laws.search.indexing import rebuild_index

pytestmark = pytest.mark.django_db(transaction=True)
DATA = Path(__file__).resolve().parents[2] / "laws" / "tests" / "data" / "corpus"


@pytest.fixture
def indexed(settings, tmp_path):
    settings.LAWS_SEARCH_DIR = tmp_path / "search"
    indexing._backend_for.cache_clear()
    shutil.copytree(DATA, tmp_path / "corpus")
    importer.import_corpus(tmp_path / "corpus", processes=1)
    rebuild_index()
    yield
    indexing._backend_for.cache_clear()


def test_the_api_returns_hits_with_title_article_status_and_url(indexed):
    api = NinjaAPI(urls_namespace="laws-test")
    api.add_router("/laws/", router)
    client = TestClient(api)

    response = client.get("/laws/search?q=听证&as_of=2024-03-01")

    assert response.status_code == 200
    hit = response.json()["hits"][0]
    assert hit["title"] == "示例处罚法"
    assert hit["article"] == "第二条"
    assert hit["status"] == "in_force"
    assert hit["promulgated_on"] == "2023-01-01"
    assert hit["effective_on"] == "2023-06-01"
    assert hit["url"].endswith("/art/2/")


def test_the_api_refuses_an_empty_query_with_a_problem(indexed):
    api = NinjaAPI(urls_namespace="laws-test-empty")
    api.add_router("/laws/", router)
    client = TestClient(api)

    with pytest.raises(DomainError) as caught:
        client.get("/laws/search?q=%20")

    assert caught.value.code == "laws_empty_query"


def test_a_page_of_hits_costs_at_most_two_database_queries(
    indexed, django_assert_max_num_queries
):
    api = NinjaAPI(urls_namespace="laws-test-queries")
    api.add_router("/laws/", router)
    client = TestClient(api)

    # one of them reads the texts of the hits (articles and titles) for the
    # snippets: the index keeps no text
    with django_assert_max_num_queries(2):
        response = client.get("/laws/search?q=处罚&status=any&limit=10&facets=true")

    assert response.status_code == 200
    assert len(response.json()["hits"]) >= 2


def test_the_search_body_has_exactly_the_documented_fields(indexed):
    api = NinjaAPI(urls_namespace="laws-test-fields")
    api.add_router("/laws/", router)
    client = TestClient(api)

    response = client.get("/laws/search?q=听证&as_of=2024-03-01&facets=true")

    body = response.json()
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert list(body) == list(SearchOut.model_fields)
    assert list(body["hits"][0]) == list(SearchHitOut.model_fields)
    assert SearchOut.model_validate(body).as_of == dt.date(2024, 3, 1)
    assert body["facets"]["kind"]
