"""The session stack: skipped for API reads without a session cookie, and only there."""

import pytest
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from fazhi.api import services as api_services
from fazhi.core.middleware import SessionStackMiddleware, is_sessionless_api_read
from fazhi.core.models import Role
from fazhi.core.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_loads(monkeypatch):
    """How many requests went through Django's session middleware."""
    calls: list[str] = []
    original = SessionMiddleware.process_request

    def spy(self, request):
        calls.append(request.path)
        return original(self, request)

    monkeypatch.setattr(SessionMiddleware, "process_request", spy)
    return calls


@pytest.fixture
def staff():
    return MembershipFactory(role=Role.STAFF).user


def test_the_stack_replaces_the_session_middleware_in_the_settings():
    assert "fazhi.core.middleware.SessionStackMiddleware" in settings.MIDDLEWARE
    for inner in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django_otp.middleware.OTPMiddleware",
        "fazhi.core.middleware.IdleTimeoutMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ):
        assert inner not in settings.MIDDLEWARE  # it runs inside the stack


def test_an_anonymous_api_read_skips_the_stack_but_keeps_language_and_headers(
    client, session_loads
):
    response = client.get("/api/v1/health", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert session_loads == []
    assert response["Content-Language"] == "en"
    vary = {v.strip() for v in response["Vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= vary
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.cookies
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("language", "content_language", "detail"),
    [("en", "en", "detail_en"), ("zh-CN", "zh-hans", "detail_zh")],
)
def test_an_anonymous_search_problem_speaks_the_language_asked_for(
    client, session_loads, language, content_language, detail
):
    response = client.get("/api/v1/laws/search?q=%20", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response["Content-Language"] == content_language
    body = response.json()
    assert body["code"] == "laws_empty_query"
    assert body["detail"] == body[detail]
    assert session_loads == []


def test_a_logged_in_staff_member_still_reads_the_api_by_session(
    client, staff, session_loads
):
    client.force_login(staff)

    response = client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["username"] == staff.username
    assert session_loads == ["/api/v1/me"]


def test_without_a_session_a_staff_endpoint_answers_401_not_a_server_error(client):
    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_bearer_token_works_on_the_sessionless_path(client, staff, session_loads):
    issued = api_services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=30
    )

    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {issued.clear}")

    assert response.status_code == 200
    assert response.json()["username"] == staff.username
    assert session_loads == []


def test_only_api_reads_without_a_session_cookie_take_the_short_path():
    rf = RequestFactory()
    with_cookie = rf.get("/api/v1/laws/search")
    with_cookie.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"

    assert is_sessionless_api_read(rf.get("/api/v1/laws/search"))
    assert is_sessionless_api_read(rf.head("/api/v1/health"))
    assert not is_sessionless_api_read(with_cookie)
    assert not is_sessionless_api_read(rf.post("/api/v1/laws/search"))
    assert not is_sessionless_api_read(rf.delete("/api/v1/tokens/x"))
    assert not is_sessionless_api_read(rf.get("/laws/search/"))
    assert not is_sessionless_api_read(rf.get("/workbench/"))


def test_the_short_path_gives_the_user_the_stack_would_have_given():
    seen: dict[str, object] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["authenticated"] = request.user.is_authenticated
        seen["verified"] = request.user.is_verified()
        seen["session"] = dict(request.session)
        return HttpResponse("ok")

    response = SessionStackMiddleware(view)(RequestFactory().get("/api/v1/x"))

    assert response.status_code == 200
    assert seen == {"authenticated": False, "verified": False, "session": {}}
    assert "Cookie" in response["Vary"]


def test_a_session_written_on_the_short_path_is_still_saved():
    def view(request: HttpRequest) -> HttpResponse:
        request.session["note"] = "kept"
        return HttpResponse("ok")

    response = SessionStackMiddleware(view)(RequestFactory().get("/api/v1/x"))

    key = response.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.get(session_key=key).get_decoded() == {"note": "kept"}
