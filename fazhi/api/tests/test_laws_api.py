"""The laws endpoints under /api/v1/laws/: instruments, versions, articles,
comparison and the JSON Lines export."""

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import time_machine

from fazhi.laws import importer
from fazhi.laws.search import indexing

pytestmark = pytest.mark.django_db(transaction=True)
DATA = Path(__file__).resolve().parents[2] / "laws" / "tests" / "data" / "corpus"
API = "/api/v1/laws"


@pytest.fixture
def imported(settings, tmp_path):
    settings.LAWS_SEARCH_DIR = tmp_path / "search"
    indexing._backend_for.cache_clear()
    shutil.copytree(DATA, tmp_path / "corpus")
    importer.import_corpus(tmp_path / "corpus", processes=1)
    with time_machine.travel(dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        yield
    indexing._backend_for.cache_clear()


def test_the_catalogue_is_paginated_and_filtered(client, imported):
    response = client.get(f"{API}/instruments", {"kind": "law", "page_size": 1})

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 2
    assert len(body["items"]) == 1
    assert body["items"][0]["url"].startswith("/laws/")


def test_a_bad_catalogue_status_is_a_problem_and_not_a_500(client, imported):
    response = client.get(f"{API}/instruments", {"status": "sometimes"})

    assert response.status_code == 400
    assert response.json()["code"] == "laws_bad_status"


def test_the_instrument_lists_its_versions_with_status(client, imported):
    response = client.get(f"{API}/instruments/示例处罚法")

    versions = response.json()["versions"]
    assert [v["status"] for v in versions] == ["amended", "in_force"]
    assert versions[0]["ends_on"] == "2023-06-01"


def test_an_unknown_instrument_is_a_404_problem(client, imported):
    response = client.get(f"{API}/instruments/没有这部法")

    assert response.status_code == 404


def test_a_version_carries_its_structure(client, imported):
    response = client.get(f"{API}/instruments/示例处罚法/versions/2020-01-01")

    labels = [p["label"] for p in response.json()["provisions"]]
    assert "第二章" in labels
    assert "第三条之一" in labels


def test_an_article_carries_its_references(client, imported):
    response = client.get(
        f"{API}/instruments/示例处罚法/versions/2020-01-01/articles/4"
    )

    body = response.json()
    assert body["label"] == "第四条"
    assert body["references"][0]["target_title"] == "中华人民共和国示例复议法"
    assert body["version"]["status"] == "amended"


def test_the_comparison_marks_each_article(client, imported):
    response = client.get(f"{API}/instruments/示例处罚法/compare/2020-01-01/2023-01-01")

    changes = {a["label"]: a["change"] for a in response.json()["articles"]}
    assert changes["第二条"] == "changed"
    assert changes["第三条之一"] == "removed"


def test_the_export_streams_one_article_per_line(client, imported):
    response = client.get(f"{API}/export.jsonl", {"instrument": "示例处罚法"})

    lines = [json.loads(x) for x in b"".join(response.streaming_content).splitlines()]
    assert response["Content-Type"].startswith("application/x-ndjson")
    assert [x["article"] for x in lines] == ["第一条", "第二条", "第三条"]
    assert lines[0]["status"] == "in_force"
    assert lines[0]["effective_on"] == "2023-06-01"


def test_the_export_of_every_version_includes_amended_ones(client, imported):
    response = client.get(
        f"{API}/export.jsonl", {"instrument": "示例处罚法", "status": "any"}
    )

    lines = [json.loads(x) for x in b"".join(response.streaming_content).splitlines()]
    assert {x["status"] for x in lines} == {"amended", "in_force"}
    assert len(lines) == 8


def test_the_operations_have_explicit_ids(client, imported):
    schema = client.get("/api/v1/openapi.json").json()

    ids = {op["operationId"] for p in schema["paths"].values() for op in p.values()}
    assert {"laws_search", "laws_export", "laws_compare_versions"} <= ids
