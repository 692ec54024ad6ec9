import logging

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("fazhi.api.tests.problem_urls")]

PROBLEM_KEYS = {"type", "title", "status", "code", "detail", "detail_zh", "detail_en"}


def assert_problem(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body.keys() >= PROBLEM_KEYS
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"].endswith(f"/problems/{code}")
    return body


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        ("invalid", 400, "invalid"),
        ("not_found", 404, "not_found"),
        ("forbidden", 403, "forbidden"),
        ("conflict", 409, "conflict"),
        ("custom", 409, "period_expired"),
    ],
)
def test_domain_errors_become_problems_with_their_code_and_status(
    client, kind, status, code
):
    response = client.get(f"/api/test/domain/{kind}")

    assert_problem(response, status, code)


def test_domain_error_detail_follows_the_request_language(client):
    zh = client.get("/api/test/domain/invalid", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    en = client.get("/api/test/domain/invalid", HTTP_ACCEPT_LANGUAGE="en").json()

    assert zh["detail"] == "期限不能为负数。"
    assert en["detail"] == "The period cannot be negative."
    assert zh["detail_en"] == en["detail_en"] == "The period cannot be negative."
    assert zh["detail_zh"] == en["detail_zh"] == "期限不能为负数。"
    assert zh["field"] == "days"


def test_invalid_body_is_a_validation_problem_listing_each_field_in_both_languages(
    client,
):
    response = client.post(
        "/api/test/echo",
        {"name": "x", "count": "many", "on": "2025-02-30"},
        content_type="application/json",
    )

    body = assert_problem(response, 422, "validation_error")
    fields = {e["field"]: e for e in body["errors"]}
    assert set(fields) == {"count", "on"}
    assert "整数" in fields["count"]["detail_zh"]
    assert fields["count"]["detail_en"].startswith("count: ")
    assert "count" in body["detail_zh"]
    assert "on" in body["detail_en"]


def test_missing_field_is_named_in_the_validation_problem(client):
    response = client.post(
        "/api/test/echo",
        {"name": "x", "on": "2025-01-01"},
        content_type="application/json",
    )

    body = assert_problem(response, 422, "validation_error")
    assert body["field"] == "count"
    assert body["errors"][0]["type"] == "missing"
    assert "缺少必填项" in body["errors"][0]["detail_zh"]


def test_malformed_json_is_a_problem_not_a_server_error(client):
    response = client.post(
        "/api/test/echo", "{not json", content_type="application/json"
    )

    assert response.status_code in {400, 422}
    assert response["Content-Type"] == "application/problem+json"


def test_http404_is_a_not_found_problem_without_internal_detail(client):
    response = client.get("/api/test/http404")

    body = assert_problem(response, 404, "not_found")
    assert "secret" not in response.content.decode()
    assert body["detail_en"] == "The requested resource was not found."


def test_django_permission_denied_is_a_forbidden_problem(client):
    assert_problem(client.get("/api/test/permission-denied"), 403, "forbidden")


def test_unknown_api_address_is_a_not_found_problem(client):
    assert_problem(client.get("/api/v1/no-such-thing"), 404, "not_found")


def test_wrong_method_is_a_method_not_allowed_problem_with_allow_header(client):
    response = client.delete("/api/v1/health")

    assert_problem(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"


def test_unexpected_exception_is_a_server_error_problem_without_traceback(
    client, caplog
):
    with caplog.at_level(logging.ERROR, logger="fazhi.api"):
        response = client.get("/api/test/boom")

    body = assert_problem(response, 500, "server_error")
    text = response.content.decode()
    assert "Traceback" not in text
    assert "secret internal detail" not in text
    assert "RuntimeError" not in text
    assert set(body) == PROBLEM_KEYS
    assert any(r.exc_info and r.exc_info[0] is RuntimeError for r in caplog.records)


def test_anonymous_request_to_staff_endpoint_is_not_authenticated(client):
    response = client.get("/api/test/staff")

    assert_problem(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")
