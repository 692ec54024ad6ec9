import datetime as dt

import pytest
import time_machine
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.core import selectors, services
from fazhi.core.audit.models import AuditEntry
from fazhi.core.errors import DomainError
from fazhi.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def enrolled(user):
    device = services.start_totp_enrolment(user=user)
    services.confirm_totp(user=user, token=current_code(device))
    device.refresh_from_db()
    return device


def test_the_enrolment_page_shows_a_qr_code_and_confirms_with_a_code(client):
    user = UserFactory()
    client.force_login(user)

    page = client.get("/accounts/security/totp/")
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/accounts/security/totp/", {"token": current_code(device)})

    assert "<svg" in page.content.decode()
    assert page.context["secret"]
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.get(action="account.totp_enable").actor == user


def test_a_wrong_code_does_not_switch_the_second_factor_on(client):
    user = UserFactory()
    client.force_login(user)
    client.get("/accounts/security/totp/")

    response = client.post("/accounts/security/totp/", {"token": "000000"})

    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert not selectors.has_confirmed_totp(user)
    assert not AuditEntry.objects.exists()


def test_confirming_without_a_pending_device_is_refused():
    user = UserFactory()

    with pytest.raises(DomainError) as caught:
        services.confirm_totp(user=user, token="123456")

    assert caught.value.code == "totp_no_pending_device"


def test_log_in_asks_for_the_code_when_the_account_has_a_confirmed_device(client):
    user = UserFactory()
    with time_machine.travel(START, tick=False):
        device = enrolled(user)

    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        step_one = client.post(
            "/accounts/login/", {"username": user.username, "password": PASSWORD}
        )
        assert step_one.url == "/accounts/login/verify/"
        assert "_auth_user_id" not in client.session
        assert client.get("/accounts/login/verify/").status_code == 200
        step_two = client.post(
            "/accounts/login/verify/", {"token": current_code(device)}
        )
        session = dict(client.session)

    assert step_two.url == "/workbench/"
    assert session["_auth_user_id"] == str(user.pk)
    assert session["otp_device_id"] == device.persistent_id


def test_a_wrong_code_at_log_in_counts_as_a_failure_and_locks_in_the_end(
    client, settings
):
    settings.LOGIN_MAX_FAILURES = 2
    user = UserFactory()
    enrolled(user)
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})

    first = client.post("/accounts/login/verify/", {"token": "000000"})
    second = client.post("/accounts/login/verify/", {"token": "000001"})

    assert first.status_code == 200
    assert second.url == "/accounts/login/"
    user.refresh_from_db()
    assert selectors.is_locked(user)
    assert "_auth_user_id" not in client.session


def test_the_verify_step_without_a_password_step_goes_back_to_log_in(client):
    response = client.get("/accounts/login/verify/")

    assert response.url == "/accounts/login/"


def test_disabling_the_second_factor_needs_the_password(client):
    user = UserFactory()
    enrolled(user)
    client.force_login(user)

    refused = client.post("/accounts/security/totp/disable/", {"password": "wrong"})
    assert selectors.has_confirmed_totp(user)
    accepted = client.post("/accounts/security/totp/disable/", {"password": PASSWORD})

    assert refused.status_code == 200
    assert accepted.status_code == 302
    assert not selectors.has_confirmed_totp(user)
    assert AuditEntry.objects.filter(action="account.totp_disable").count() == 1


def test_the_security_page_says_whether_the_second_factor_is_on(client):
    user = UserFactory()
    client.force_login(user)

    before = client.get("/accounts/security/")
    enrolled(user)
    after = client.get("/accounts/security/")

    assert before.context["totp_enabled"] is False
    assert after.context["totp_enabled"] is True
    assert 'lang="zh-hans"' in after.content.decode()
