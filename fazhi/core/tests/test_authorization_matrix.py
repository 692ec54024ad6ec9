"""The authorization matrix: every seat × every policy × every target organization.

The table below IS the design (ADR 0040, 0041). Each row names a seat (a role
held in one organization of the test tree), a policy, and the target
organizations the seat reaches for viewing and for changing. Everything not
listed must be denied. The tree (``factories.org_tree``)::

    P  河北省人民政府
    ├── C  石家庄市人民政府
    │   └── K  正定县人民政府
    │       ├── A  正定县市场监督管理局   ← the seat of most roles
    │       │   └── A_sub  稽查大队       (subordinate)
    │       └── B  正定县综合行政执法局   (sibling)
    └── C2 唐山市人民政府
        └── K2 滦南县市场监督管理局       (other region)

Each cell is checked through ``can`` (detail), ``scope`` (list membership),
``scope().count()`` (count) and, for the ACCOUNTS policy and the other HTTP
surfaces, through the API. A *leak* is a target the table denies but some
surface shows; a *miss* is a target the table allows but a surface refuses.
Both must be zero; the number of cells is reported at the end of the run.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from fazhi.core import scope
from fazhi.core.errors import PermissionDeniedError
from fazhi.core.models import Membership, Role
from fazhi.core.tests.factories import MembershipFactory, UserFactory, org_tree

pytestmark = pytest.mark.django_db

TARGETS = ("A", "B", "A_sub", "K", "C", "K2")
POLICIES = {
    "business": scope.BUSINESS,
    "accounts": scope.ACCOUNTS,
    "structure": scope.STRUCTURE,
    "audit": scope.AUDIT,
}

# fmt: off
# seat                    policy       view                      change
EXPECTED = [
    ("anonymous",             "business",  "",                       ""),
    ("anonymous",             "accounts",  "",                       ""),
    ("anonymous",             "structure", "",                       ""),
    ("anonymous",             "audit",     "",                       ""),
    ("public",                "business",  "",                       ""),
    ("public",                "accounts",  "",                       ""),
    ("public",                "structure", "",                       ""),
    ("public",                "audit",     "",                       ""),
    ("staff@A",               "business",  "A",                      "A"),
    ("staff@A",               "accounts",  "",                       ""),
    ("staff@A",               "structure", "",                       ""),
    ("staff@A",               "audit",     "",                       ""),
    ("legal_reviewer@A",      "business",  "A",                      "A"),
    ("legal_reviewer@A",      "accounts",  "",                       ""),
    ("legal_reviewer@A",      "structure", "",                       ""),
    ("legal_reviewer@A",      "audit",     "",                       ""),
    ("enforcement_officer@A", "business",  "A",                      "A"),
    ("enforcement_officer@A", "accounts",  "",                       ""),
    ("enforcement_officer@A", "structure", "",                       ""),
    ("enforcement_officer@A", "audit",     "",                       ""),
    ("supervisor@A",          "business",  "A A_sub",                "A"),
    ("supervisor@A",          "accounts",  "A A_sub",                ""),
    ("supervisor@A",          "structure", "",                       ""),
    ("supervisor@A",          "audit",     "A A_sub",                ""),
    ("org_admin@A",           "business",  "A",                      ""),
    ("org_admin@A",           "accounts",  "A",                      "A"),
    ("org_admin@A",           "structure", "",                       ""),
    ("org_admin@A",           "audit",     "",                       ""),
    ("system_admin@A",        "business",  "",                       ""),
    ("system_admin@A",        "accounts",  "A A_sub",                "A A_sub"),
    ("system_admin@A",        "structure", "A A_sub",                "A A_sub"),
    ("system_admin@A",        "audit",     "",                       ""),
    ("audit_admin@A",         "business",  "",                       ""),
    ("audit_admin@A",         "accounts",  "",                       ""),
    ("audit_admin@A",         "structure", "",                       ""),
    ("audit_admin@A",         "audit",     "A A_sub",                ""),
    ("supervisor@K",          "business",  "K A B A_sub",            "K"),
    ("supervisor@K",          "accounts",  "K A B A_sub",            ""),
    ("supervisor@K",          "structure", "",                       ""),
    ("supervisor@K",          "audit",     "K A B A_sub",            ""),
    ("supervisor@C",          "business",  "C K A B A_sub",          "C"),
    ("supervisor@C",          "accounts",  "C K A B A_sub",          ""),
    ("supervisor@C",          "structure", "",                       ""),
    ("supervisor@C",          "audit",     "C K A B A_sub",          ""),
    ("system_admin@C",        "business",  "",                       ""),
    ("system_admin@C",        "accounts",  "C K A B A_sub",          "C K A B A_sub"),
    ("system_admin@C",        "structure", "C K A B A_sub",          "C K A B A_sub"),
    ("system_admin@C",        "audit",     "",                       ""),
    ("audit_admin@C",         "business",  "",                       ""),
    ("audit_admin@C",         "accounts",  "",                       ""),
    ("audit_admin@C",         "structure", "",                       ""),
    ("audit_admin@C",         "audit",     "C K A B A_sub",          ""),
]
# fmt: on

SEATS = list(dict.fromkeys(row[0] for row in EXPECTED))


def expected(seat: str, policy: str, action: str) -> set[str]:
    for row_seat, row_policy, view, change in EXPECTED:
        if (row_seat, row_policy) == (seat, policy):
            return set((view if action == "view" else change).split())
    raise AssertionError(f"the table has no row for {seat} / {policy}")


def seat_user(seat: str, tree):
    if seat == "anonymous":
        return AnonymousUser()
    user = UserFactory(username=f"seat-{seat.replace('@', '-at-')}")
    if seat != "public":
        role, key = seat.split("@")
        MembershipFactory(user=user, organization=tree[key], role=role)
    return user


def target_members(tree) -> dict[str, Membership]:
    """One staff member in every target organization: the rows to find or not."""
    return {
        key: MembershipFactory(
            user=UserFactory(username=f"member-{key}"),
            organization=tree[key],
            role=Role.STAFF,
        )
        for key in TARGETS
    }


class Tally:
    def __init__(self) -> None:
        self.cells = 0
        self.leaks: list[str] = []
        self.misses: list[str] = []

    def check(self, label: str, allowed: bool, observed: bool) -> None:
        self.cells += 1
        if observed and not allowed:
            self.leaks.append(label)
        if allowed and not observed:
            self.misses.append(label)

    def report(self, record_property) -> None:
        record_property("authorization_matrix_cells", self.cells)
        record_property("authorization_matrix_leaks", len(self.leaks))
        assert self.leaks == []
        assert self.misses == []


def test_every_policy_lets_a_seat_reach_exactly_the_organizations_of_the_table(
    record_property,
):
    tree = org_tree()
    members = target_members(tree)
    target_rows = Membership.objects.filter(pk__in=[m.pk for m in members.values()])
    tally = Tally()

    for seat in SEATS:
        user = seat_user(seat, tree)
        for policy_name, policy in POLICIES.items():
            for action in ("view", "change"):
                allowed = expected(seat, policy_name, action)
                listed = set(
                    scope.scope(
                        target_rows, user, policy=policy, action=action
                    ).values_list("organization_id", flat=True)
                )
                counted = scope.scope(
                    target_rows, user, policy=policy, action=action
                ).count()
                for key in TARGETS:
                    label = f"{seat} {policy_name} {action} {key}"
                    organization = tree[key]
                    tally.check(
                        f"can: {label}",
                        key in allowed,
                        scope.can(user, organization, policy=policy, action=action),
                    )
                    tally.check(
                        f"list: {label}", key in allowed, organization.pk in listed
                    )
                tally.check(
                    f"count: {seat} {policy_name} {action}",
                    True,
                    counted == len(allowed),
                )
                if counted > len(allowed):
                    tally.leaks.append(f"count: {seat} {policy_name} {action}")

    tally.report(record_property)


def test_require_refuses_exactly_what_the_table_denies_for_change(record_property):
    tree = org_tree()
    tally = Tally()

    for seat in SEATS:
        user = seat_user(seat, tree)
        for policy_name, policy in POLICIES.items():
            allowed = expected(seat, policy_name, "change")
            for key in TARGETS:
                try:
                    scope.require(user, tree[key], policy=policy, action="change")
                except PermissionDeniedError:
                    passed = False
                else:
                    passed = True
                tally.check(
                    f"require: {seat} {policy_name} {key}", key in allowed, passed
                )

    tally.report(record_property)


@pytest.mark.parametrize("seat", SEATS)
def test_the_account_endpoints_show_and_change_exactly_what_the_table_allows(
    client, seat, record_property
):
    tree = org_tree()
    members = target_members(tree)
    user = seat_user(seat, tree)
    if seat != "anonymous":
        client.force_login(user)
    view = expected(seat, "accounts", "view")
    change = expected(seat, "accounts", "change")
    is_staff = seat not in ("anonymous", "public")
    refused = 401 if seat == "anonymous" else 403
    tally = Tally()

    listing = client.get("/api/v1/accounts", {"page_size": 200})
    count = client.get("/api/v1/accounts/count")
    if is_staff:
        listed = {a["username"] for a in listing.json()["items"]}
        for key in TARGETS:
            tally.check(f"list {seat} {key}", key in view, f"member-{key}" in listed)
        seat_visible = seat.split("@")[1] in view
        tally.check(
            f"count {seat}",
            True,
            count.json()["count"] == len(view) + (1 if seat_visible else 0),
        )
    else:
        tally.check(f"list {seat}", False, listing.status_code != refused)
        tally.check(f"count {seat}", False, count.status_code != refused)

    for key in TARGETS:
        account = members[key].user
        detail = client.get(f"/api/v1/accounts/{account.pk}")
        tally.check(f"detail {seat} {key}", key in view, detail.status_code == 200)
        if detail.status_code != 200:
            tally.check(
                f"detail status {seat} {key}",
                True,
                detail.status_code == (404 if is_staff else refused),
            )

    for key in TARGETS:
        created = client.post(
            "/api/v1/accounts",
            {
                "username": f"new-{key}",
                "password": "a sound passphrase 2026",
                "organization_id": tree[key].pk,
                "role": "staff",
            },
            content_type="application/json",
        )
        tally.check(f"create {seat} {key}", key in change, created.status_code == 201)

    for key in TARGETS:
        membership = members[key]
        revoked = client.delete(f"/api/v1/memberships/{membership.pk}")
        still_there = Membership.objects.filter(pk=membership.pk).exists()
        tally.check(f"revoke {seat} {key}", key in change, revoked.status_code == 204)
        tally.check(f"revoke kept {seat} {key}", key not in change, still_there)

    tally.report(record_property)


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"


@pytest.mark.parametrize("seat", SEATS)
def test_the_file_and_audit_endpoints_show_exactly_what_the_table_allows(
    client, seat, settings, tmp_path, record_property
):
    from fazhi.core.audit.models import AuditEntry
    from fazhi.core.files.services import store_file

    settings.FILES_ROOT = tmp_path / "files"
    tree = org_tree()
    members = target_members(tree)
    files = {
        key: store_file(
            actor=members[key].user,
            organization=tree[key],
            name=f"{key}.pdf",
            content=PDF + key.encode(),
        )
        for key in TARGETS
    }
    entries = {key: AuditEntry.objects.get(organization=tree[key]) for key in TARGETS}
    user = seat_user(seat, tree)
    if seat != "anonymous":
        client.force_login(user)
    is_staff = seat not in ("anonymous", "public")
    refused = 401 if seat == "anonymous" else 403
    tally = Tally()

    for policy, base, items, ids in (
        ("business", "/api/v1/files/", files, lambda o: o.pk),
        ("audit", "/api/v1/audit/entries", entries, lambda o: o.seq),
    ):
        view = expected(seat, policy, "view")
        listing = client.get(
            base.rstrip("/") + ("/" if base.endswith("/") else ""), {"page_size": 200}
        )
        count = client.get(base.rstrip("/") + "/count")
        if is_staff:
            listed = {item["organization_id"] for item in listing.json()["items"]}
            for key in TARGETS:
                tally.check(
                    f"{policy} list {seat} {key}", key in view, tree[key].pk in listed
                )
            tally.check(
                f"{policy} count {seat}", True, count.json()["count"] == len(view)
            )
        else:
            tally.check(f"{policy} list {seat}", False, listing.status_code != refused)
            tally.check(f"{policy} count {seat}", False, count.status_code != refused)
        for key in TARGETS:
            detail = client.get(f"{base.rstrip('/')}/{ids(items[key])}")
            tally.check(
                f"{policy} detail {seat} {key}", key in view, detail.status_code == 200
            )

    change = expected(seat, "business", "change")
    for key in TARGETS:
        uploaded = client.post(
            "/api/v1/files/",
            {"organization": tree[key].pk, "file": _upload(f"new-{key}.pdf")},
        )
        tally.check(f"upload {seat} {key}", key in change, uploaded.status_code == 201)

    tally.report(record_property)


def _upload(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF + name.encode(), content_type="application/pdf")
