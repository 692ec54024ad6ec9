import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from fazhi.api import services
from fazhi.api.models import ApiToken
from fazhi.core.audit.models import AuditEntry
from fazhi.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fazhi.core.models import Role
from fazhi.core.tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("fazhi.api.tests.problem_urls")]


@pytest.fixture
def staff():
    return MembershipFactory(role=Role.STAFF).user


def bearer(clear):
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


def test_issued_token_authenticates_its_staff_holder(client, staff):
    issued = services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=30
    )

    response = client.get("/api/test/staff", **bearer(issued.clear))

    assert response.status_code == 200
    assert response.json() == {"username": staff.username}


def test_only_the_hash_of_the_token_is_stored(staff):
    issued = services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=30
    )

    token = ApiToken.objects.get()
    assert issued.clear.startswith(f"fzh_{token.prefix}_")
    assert token.secret_hash == services.hash_token(issued.clear)
    assert issued.clear not in {token.secret_hash, token.prefix, token.name}


def test_issuing_and_revoking_are_recorded_in_the_full_process_record(staff):
    issued = services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=30
    )

    services.revoke_api_token(prefix=issued.token.prefix, actor=None, reason="离职")

    actions = list(AuditEntry.objects.order_by("seq").values_list("action", "reason"))
    assert actions[-2:] == [("api_token.issue", ""), ("api_token.revoke", "离职")]
    assert issued.clear not in str(list(AuditEntry.objects.values()))


def test_using_a_token_notes_when_it_was_last_used(client, staff):
    issued = services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=30
    )

    client.get("/api/test/staff", **bearer(issued.clear))

    assert ApiToken.objects.get().last_used_at is not None


def test_revoked_token_is_refused(client, staff):
    issued = services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=30
    )
    services.revoke_api_token(prefix=issued.token.prefix, actor=None)

    response = client.get("/api/test/staff", **bearer(issued.clear))

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_expired_token_is_refused(client, staff):
    issued = services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=1
    )

    with time_machine.travel(timezone.now() + dt.timedelta(days=1, seconds=1)):
        response = client.get("/api/test/staff", **bearer(issued.clear))

    assert response.status_code == 401


@pytest.mark.parametrize(
    "mangle",
    [
        lambda clear: clear[:-1] + ("A" if clear[-1] != "A" else "B"),
        lambda clear: "fzh_deadbeef_" + clear.split("_", 2)[2],
        lambda clear: "not-a-token",
        lambda clear: "",
    ],
)
def test_wrong_token_is_refused(client, staff, mangle):
    issued = services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=30
    )

    response = client.get("/api/test/staff", **bearer(mangle(issued.clear)))

    assert response.status_code == 401
    assert ApiToken.objects.get().last_used_at is None


def test_token_stops_working_when_its_holder_loses_the_staff_role(client, staff):
    issued = services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=30
    )
    staff.memberships.all().delete()

    response = client.get("/api/test/staff", **bearer(issued.clear))

    assert response.status_code == 401


def test_member_of_the_public_cannot_get_a_token():
    public = MembershipFactory(role=Role.PUBLIC).user
    nobody = UserFactory()

    for user in (public, nobody):
        with pytest.raises(PermissionDeniedError) as caught:
            services.issue_api_token(
                user=user, name="脚本", actor=None, expires_in_days=30
            )
        assert caught.value.code == "token_requires_staff"

    assert not ApiToken.objects.exists()
    assert not AuditEntry.objects.filter(action="api_token.issue").exists()


def test_token_needs_a_name_and_a_positive_validity(staff):
    with pytest.raises(DomainError, match="用途"):
        services.issue_api_token(user=staff, name="  ", actor=None, expires_in_days=30)
    with pytest.raises(DomainError) as caught:
        services.issue_api_token(user=staff, name="x", actor=None, expires_in_days=0)

    assert caught.value.code == "token_expiry_invalid"
    assert not ApiToken.objects.exists()


def test_revoking_an_unknown_or_revoked_token_is_refused(staff):
    issued = services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=30
    )
    services.revoke_api_token(prefix=issued.token.prefix, actor=None)
    entries = AuditEntry.objects.count()

    with pytest.raises(NotFoundError):
        services.revoke_api_token(prefix="00000000", actor=None)
    with pytest.raises(DomainError) as caught:
        services.revoke_api_token(prefix=issued.token.prefix, actor=None)

    assert caught.value.code == "token_already_revoked"
    assert AuditEntry.objects.count() == entries


def test_session_of_a_staff_member_is_accepted_and_writes_need_csrf(staff):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff)

    read = browser.get("/api/test/staff")
    write = browser.post("/api/test/staff")

    assert read.status_code == 200
    assert write.status_code == 403
    assert write.json()["code"] == "csrf_failed"


def test_bearer_token_needs_no_csrf_for_writes(staff):
    from django.test import Client

    issued = services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=30
    )

    response = Client(enforce_csrf_checks=True).post(
        "/api/test/staff", **bearer(issued.clear)
    )

    assert response.status_code == 200


def test_session_of_a_member_of_the_public_is_forbidden(client):
    client.force_login(MembershipFactory(role=Role.PUBLIC).user)

    response = client.get("/api/test/staff")

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_optional_auth_lets_anonymous_and_logged_in_users_through(client, staff):
    anonymous = client.get("/api/test/optional").json()
    client.force_login(staff)
    logged_in = client.get("/api/test/optional").json()

    assert anonymous == {"authenticated": False}
    assert logged_in == {"authenticated": True}


def test_optional_auth_still_needs_csrf_for_a_logged_in_write(staff):
    from django.test import Client

    anonymous = Client(enforce_csrf_checks=True)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff)

    anonymous_write = anonymous.post("/api/test/optional")
    logged_in_write = browser.post("/api/test/optional")

    assert anonymous_write.status_code == 200
    assert logged_in_write.status_code == 403
    assert logged_in_write.json()["code"] == "csrf_failed"


def test_token_command_issues_and_revokes(staff):
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "token", "issue", staff.username, "--name", "导入脚本", stdout=out, stderr=err
    )
    token = ApiToken.objects.get()
    call_command("token", "revoke", token.prefix, stdout=io.StringIO())

    assert out.getvalue().strip().startswith(f"fzh_{token.prefix}_")
    assert "只显示这一次" in err.getvalue()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.expires_at is not None


def test_token_command_reports_a_refusal_in_both_languages():
    user = UserFactory()

    with pytest.raises(CommandError) as caught:
        call_command(
            "token", "issue", user.username, "--name", "x", stderr=io.StringIO()
        )

    assert "工作角色" in str(caught.value)
    assert "staff role" in str(caught.value)
    assert not ApiToken.objects.exists()


def test_token_reads_holder_and_memberships_in_one_query(
    staff, django_assert_num_queries
):
    from fazhi.core.scope import memberships_of

    other = MembershipFactory(user=staff, role=Role.SUPERVISOR)
    issued = services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=30
    )
    ApiToken.objects.update(last_used_at=timezone.now())

    with django_assert_num_queries(1):
        user = services.use_api_token(clear=issued.clear)
        held = memberships_of(user)  # kept from the same query

    assert user == staff
    assert [(m.organization_id, m.role) for m in held] == list(
        staff.memberships.order_by("pk").values_list("organization_id", "role")
    )
    assert other.organization_id in {m.organization_id for m in held}


def test_each_token_of_a_holder_is_judged_on_its_own(client, staff):
    revoked = services.issue_api_token(
        user=staff, name="旧脚本", actor=None, expires_in_days=30
    )
    expiring = services.issue_api_token(
        user=staff, name="临时脚本", actor=None, expires_in_days=1
    )
    live = services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=30
    )
    services.revoke_api_token(prefix=revoked.token.prefix, actor=None)

    with time_machine.travel(timezone.now() + dt.timedelta(days=1, seconds=1)):
        answers = [
            client.get("/api/test/staff", **bearer(t.clear)).status_code
            for t in (revoked, expiring, live)
        ]
        # the secret of one token does not open another token's prefix
        swapped = f"fzh_{revoked.token.prefix}_" + live.clear.split("_", 2)[2]
        answers.append(client.get("/api/test/staff", **bearer(swapped)).status_code)

    assert answers == [401, 401, 200, 401]


@pytest.fixture
def clock(monkeypatch):
    """The clock the token cache reads, moved by hand."""
    now = [1000.0]
    monkeypatch.setattr(services, "_clock", lambda: now[0])
    return now


def test_changes_made_through_the_services_apply_to_the_next_request(
    client, staff, clock
):
    issued = services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=30
    )
    second = services.issue_api_token(
        user=staff, name="脚本二", actor=None, expires_in_days=30
    )
    assert client.get("/api/test/staff", **bearer(issued.clear)).status_code == 200
    assert client.get("/api/test/staff", **bearer(second.clear)).status_code == 200

    services.revoke_api_token(prefix=issued.token.prefix, actor=None)
    revoked = client.get("/api/test/staff", **bearer(issued.clear)).status_code
    membership = staff.memberships.get()
    membership.organization.save()  # a saved organization: all is read again
    still = client.get("/api/test/staff", **bearer(second.clear)).status_code
    membership.delete()
    removed = client.get("/api/test/staff", **bearer(second.clear)).status_code

    assert (revoked, still, removed) == (401, 200, 401)


def test_changes_behind_the_services_apply_within_the_cache_bound(client, staff, clock):
    issued = services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=30
    )
    assert client.get("/api/test/staff", **bearer(issued.clear)).status_code == 200

    # as another process would: no signal reaches this one
    staff.memberships.update(role=Role.PUBLIC)
    clock[0] += services.TOKEN_CACHE_SECONDS - 0.5
    within = client.get("/api/test/staff", **bearer(issued.clear)).status_code
    clock[0] += 0.5
    after = client.get("/api/test/staff", **bearer(issued.clear)).status_code
    ApiToken.objects.update(revoked_at=timezone.now())
    staff.memberships.update(role=Role.STAFF)
    clock[0] += services.TOKEN_CACHE_SECONDS
    revoked = client.get("/api/test/staff", **bearer(issued.clear)).status_code

    assert (within, after, revoked) == (200, 401, 401)


def test_a_remembered_token_still_expires_on_time(client, staff, clock):
    issued = services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=1
    )
    assert client.get("/api/test/staff", **bearer(issued.clear)).status_code == 200

    with time_machine.travel(timezone.now() + dt.timedelta(days=1, seconds=1)):
        response = client.get("/api/test/staff", **bearer(issued.clear))

    assert response.status_code == 401


def test_each_request_gets_its_own_user_and_memberships(staff, clock):
    from fazhi.core.scope import memberships_of

    issued = services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=30
    )
    first = services.use_api_token(clear=issued.clear)
    memberships_of(first).clear()
    first.display_name = "改过"
    second = services.use_api_token(clear=issued.clear)

    assert second is not first
    assert second.display_name == staff.display_name
    assert [m.pk for m in memberships_of(second)] == [
        m.pk for m in staff.memberships.all()
    ]


def test_deactivated_holder_is_refused_at_once(client, staff, clock):
    issued = services.issue_api_token(
        user=staff, name="脚本", actor=None, expires_in_days=30
    )
    assert client.get("/api/test/staff", **bearer(issued.clear)).status_code == 200

    staff.is_active = False
    staff.save(update_fields=["is_active"])

    assert client.get("/api/test/staff", **bearer(issued.clear)).status_code == 401
