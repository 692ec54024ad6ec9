import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import override_settings

from fazhi.core import demo
from fazhi.core.models import Division, Membership, Organization, Role, User

pytestmark = pytest.mark.django_db


def counts():
    return (
        Division.objects.count(),
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


def test_the_demo_runs_twice_without_duplicates(capsys):
    call_command("demo", "--no-progress")
    first = counts()

    call_command("demo", "--no-progress")

    assert counts() == first
    assert first[0] == 3
    output = capsys.readouterr().out
    assert "demo-auditor-2026!" in output
    assert "正定县综合行政执法局" in output


def test_every_role_has_a_demo_account_that_can_log_in():
    demo.load()

    for account in demo.ACCOUNTS:
        user = authenticate(username=account.username, password=account.password)
        assert user is not None, account.username
        roles = set(user.memberships.values_list("role", flat=True))
        assert roles == (set() if account.role == Role.PUBLIC else {account.role})
    assert {a.role for a in demo.ACCOUNTS} == set(Role.values)


def test_the_demo_builds_a_real_looking_tree():
    context = demo.load()

    county_samr = context.organizations["county_samr"]
    assert county_samr.is_below(context.organizations["province"])
    assert county_samr.region_code == "130123"
    assert (
        context.organizations["county_reconsideration"].parent
        == context.organizations["county_justice"]
    )


@override_settings(FAZHI_DEMO_ALLOWED=False)
def test_the_demo_is_refused_where_it_is_not_allowed():
    with pytest.raises(CommandError, match="FAZHI_DEMO_ALLOWED"):
        call_command("demo", "--no-progress")

    assert counts() == (0, 0, 0, 0)


def test_a_registered_loader_runs_after_the_core_data():
    seen = []

    def loader(context):
        seen.append(context.organizations["county"].name)

    demo.register(loader)
    demo.register(loader)
    try:
        demo.load()
    finally:
        demo._LOADERS.remove(loader)

    assert seen == ["正定县人民政府"]
