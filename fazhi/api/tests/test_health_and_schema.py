import io

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from fazhi.api.management.commands.openapi_snapshot import render_schema, snapshot_path
from fazhi.api.v1 import api as api_module

pytestmark = pytest.mark.django_db


def test_health_is_ok_when_the_database_answers(client):
    response = client.get("/api/v1/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_is_a_503_problem_when_the_database_does_not_answer(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(api_module, "connection", BrokenConnection())

    response = client.get("/api/v1/health")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "database_unavailable"


def test_committed_openapi_snapshot_matches_the_code():
    call_command("openapi_snapshot", "--check", stdout=io.StringIO())


def test_snapshot_check_fails_with_a_diff_summary_when_the_file_differs(tmp_path):
    stale = tmp_path / "openapi.json"
    stale.write_text(render_schema().replace('"Fazhi', '"Stale', 1), encoding="utf-8")

    with pytest.raises(CommandError, match=r"out of date \(\+1 -1 lines\)"):
        call_command("openapi_snapshot", "--check", "--path", str(stale))


def test_snapshot_is_stable_text_with_sorted_keys():
    first, second = render_schema(), render_schema()

    assert first == second
    assert first.endswith("}\n")
    assert snapshot_path().name == "openapi-v1.json"


def test_schema_documents_the_problem_and_bearer_scheme():
    schema = api_module.api.get_openapi_schema(path_prefix="/api/v1/")

    assert "Problem" in schema["components"]["schemas"]
    assert "/api/v1/health" in schema["paths"]


def test_interactive_docs_use_only_local_assets(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert "cdn." not in response.content.decode()
    assert "https://" not in response.content.decode().split("<body")[0]


def test_json_answers_keep_chinese_text_readable(client):
    response = client.get("/api/v1/deadlines/filing.deadline", {"start": "2025-03-03"})

    assert response.status_code == 200
    assert "《".encode() in response.content
    assert b"\\u" not in response.content
