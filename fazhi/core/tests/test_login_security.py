import datetime as dt

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.utils import timezone

from fazhi.core import services
from fazhi.core.audit.models import AuditEntry
from fazhi.core.models import Role, User
from fazhi.core.tests.factories import MembershipFactory, UserFactory, org_tree

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def fail(user, times):
    for _ in range(times):
        assert authenticate(username=user.username, password="wrong password") is None


@override_settings(LOGIN_MAX_FAILURES=5, LOGIN_LOCK_MINUTES=30)
def test_five_failures_lock_the_account_even_against_the_right_password():
    user = UserFactory()

    with time_machine.travel(START, tick=False):
        fail(user, 5)
        result = authenticate(username=user.username, password=PASSWORD)

    user.refresh_from_db()
    assert result is None
    assert user.locked_until == START + dt.timedelta(minutes=30)
    entry = AuditEntry.objects.get(action="account.lock")
    assert entry.actor is None
    assert entry.object_id == str(user.pk)


@override_settings(LOGIN_MAX_FAILURES=5, LOGIN_LOCK_MINUTES=30)
def test_fewer_failures_than_the_limit_do_not_lock_and_a_success_resets_the_count():
    user = UserFactory()

    fail(user, 4)
    assert authenticate(username=user.username, password=PASSWORD) == user
    fail(user, 4)

    user.refresh_from_db()
    assert user.failed_logins == 4
    assert user.locked_until is None
    assert not AuditEntry.objects.filter(action="account.lock").exists()


@override_settings(LOGIN_MAX_FAILURES=5, LOGIN_LOCK_MINUTES=30)
def test_the_lock_runs_out_after_the_configured_minutes():
    user = UserFactory()
    with time_machine.travel(START, tick=False):
        fail(user, 5)

    with time_machine.travel(START + dt.timedelta(minutes=29), tick=False):
        during = authenticate(username=user.username, password=PASSWORD)
    with time_machine.travel(START + dt.timedelta(minutes=31), tick=False):
        after = authenticate(username=user.username, password=PASSWORD)

    assert during is None
    assert after == user
    user.refresh_from_db()
    assert user.failed_logins == 0


@override_settings(LOGIN_MAX_FAILURES=5, LOGIN_LOCK_MINUTES=30)
def test_a_failure_after_an_expired_lock_starts_a_fresh_count():
    user = UserFactory()
    with time_machine.travel(START, tick=False):
        fail(user, 5)

    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        fail(user, 1)

    user.refresh_from_db()
    assert user.failed_logins == 1
    assert user.locked_until is None


def test_an_unknown_username_or_missing_credentials_are_refused(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "fazhi.core.auth.make_password", lambda p: calls.append(p) or make_password(p)
    )

    assert authenticate(username="nobody-here", password="x") is None
    assert authenticate(username=None, password="x") is None
    assert authenticate(password="x") is None

    assert calls == ["x"]


def test_an_inactive_account_cannot_log_in_and_is_not_counted():
    user = UserFactory(is_active=False)

    assert authenticate(username=user.username, password=PASSWORD) is None
    fail(user, 1)

    user.refresh_from_db()
    assert user.failed_logins == 0


def test_an_administrator_unlocks_a_locked_account():
    tree = org_tree()
    admin = MembershipFactory(organization=tree["A"], role=Role.ORG_ADMIN).user
    user = MembershipFactory(organization=tree["A"], role=Role.STAFF).user
    User.objects.filter(pk=user.pk).update(
        failed_logins=5, locked_until=timezone.now() + dt.timedelta(minutes=10)
    )

    services.unlock_account(actor=admin, user=user)

    assert authenticate(username=user.username, password=PASSWORD) == user
    assert AuditEntry.objects.get(action="account.unlock").before["failed_logins"] == 5


@override_settings(
    PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
)
def test_new_passwords_are_hashed_with_argon2_under_the_production_hashers():
    user = services.create_account(
        actor=None, username="hashed", password="a sound passphrase 2026"
    )

    assert user.password.startswith("argon2")
    assert authenticate(username="hashed", password="a sound passphrase 2026") == user


@override_settings(LOGIN_MAX_FAILURES=3)
def test_the_login_page_says_the_same_thing_for_a_wrong_password_and_a_locked_account(
    client,
):
    user = UserFactory()
    wrong = client.post(
        "/accounts/login/", {"username": user.username, "password": "nope"}
    )
    client.post("/accounts/login/", {"username": user.username, "password": "nope"})
    client.post("/accounts/login/", {"username": user.username, "password": "nope"})

    locked = client.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORD}
    )

    assert wrong.status_code == locked.status_code == 200
    assert wrong.context["form"].errors == locked.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_logging_in_and_out_destroys_the_server_side_session(client):
    user = UserFactory()
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()

    client.post("/accounts/logout/")

    assert not Session.objects.filter(session_key=key).exists()


@override_settings(IDLE_TIMEOUT_SECONDS=1800)
def test_an_idle_session_is_flushed_and_the_user_sent_to_log_in(client):
    user = UserFactory()
    with time_machine.travel(START, tick=False):
        client.force_login(user)
        client.get("/accounts/security/")
        key = client.session.session_key

    with time_machine.travel(START + dt.timedelta(minutes=31), tick=False):
        response = client.get("/accounts/security/")
        login_page = client.get(response.url)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")
    assert not Session.objects.filter(session_key=key).exists()
    assert login_page.context["idle_logout"] is True


@override_settings(IDLE_TIMEOUT_SECONDS=1800)
def test_activity_within_the_timeout_keeps_the_session(client):
    user = UserFactory()
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(user)
        client.get("/accounts/security/")
        for _ in range(3):
            traveller.shift(dt.timedelta(minutes=20))
            response = client.get("/accounts/security/")
            assert response.status_code == 200


@override_settings(IDLE_TIMEOUT_SECONDS=1800)
def test_an_idle_api_session_becomes_anonymous(client):
    tree = org_tree()
    user = MembershipFactory(organization=tree["A"], role=Role.STAFF).user
    with time_machine.travel(START, tick=False):
        client.force_login(user)
        assert client.get("/api/v1/me").status_code == 200

    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        response = client.get("/api/v1/me")

    assert response.status_code == 401
