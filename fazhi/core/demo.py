"""Demonstration data for ``fazhi demo``: a small real-looking region and one account per role.

Idempotent: running it again finds what exists and adds only what is missing.
Other modules add their own demonstration data with :func:`register`; the
command imports the ``demo`` module of every installed app, so a module only
has to call ``register`` at import time::

    from fazhi.core.demo import DemoContext, register

    @register
    def load_laws(context: DemoContext) -> None:
        ...

Passwords are fixed, printed on screen and meant only for a local trial; the
command refuses to run where ``settings.FAZHI_DEMO_ALLOWED`` is false
(production).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from tqdm import tqdm

from fazhi.core import services
from fazhi.core.errors import DomainError
from fazhi.core.models import Division, Membership, Organization, Role, User

Kind = Organization.Kind


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    password: str
    display_name: str
    role: str
    organization: str  # key in DemoContext.organizations, "" for none


@dataclass
class DemoContext:
    """What the core demonstration created, for later loaders to build on."""

    divisions: dict[str, Division] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    accounts: dict[str, User] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1


Loader = Callable[[DemoContext], Any]
_LOADERS: list[Loader] = []


def register(loader: Loader) -> Loader:
    """Add ``loader`` to ``fazhi demo``; it runs after the core data, once per run.

    A loader must itself be idempotent: ``fazhi demo`` may run many times.
    """
    if loader not in _LOADERS:
        _LOADERS.append(loader)
    return loader


def loaders() -> list[Loader]:
    return list(_LOADERS)


class DemoNotAllowedError(DomainError):
    code = "demo_not_allowed"
    status = 403


# GB/T 2260 codes: 河北省 130000, 石家庄市 130100, 正定县 130123.
DIVISIONS: list[tuple[str, str, str, str | None]] = [
    ("130000", "河北省", Division.Level.PROVINCE, None),
    ("130100", "石家庄市", Division.Level.CITY, "130000"),
    ("130123", "正定县", Division.Level.COUNTY, "130100"),
]

# key, name, kind, division code, parent key
ORGANIZATIONS: list[tuple[str, str, str, str, str | None]] = [
    ("province", "河北省人民政府", Kind.GOVERNMENT, "130000", None),
    ("province_justice", "河北省司法厅", Kind.LEGAL_INSTITUTION, "130000", "province"),
    ("province_samr", "河北省市场监督管理局", Kind.DEPARTMENT, "130000", "province"),
    ("city", "石家庄市人民政府", Kind.GOVERNMENT, "130100", "province"),
    ("city_justice", "石家庄市司法局", Kind.LEGAL_INSTITUTION, "130100", "city"),
    (
        "city_reconsideration",
        "石家庄市人民政府行政复议办公室",
        Kind.RECONSIDERATION_BODY,
        "130100",
        "city_justice",
    ),
    ("city_samr", "石家庄市市场监督管理局", Kind.DEPARTMENT, "130100", "city"),
    ("city_ecology", "石家庄市生态环境局", Kind.DEPARTMENT, "130100", "city"),
    ("city_transport", "石家庄市交通运输局", Kind.DEPARTMENT, "130100", "city"),
    ("county", "正定县人民政府", Kind.GOVERNMENT, "130123", "city"),
    ("county_justice", "正定县司法局", Kind.LEGAL_INSTITUTION, "130123", "county"),
    (
        "county_reconsideration",
        "正定县人民政府行政复议办公室",
        Kind.RECONSIDERATION_BODY,
        "130123",
        "county_justice",
    ),
    (
        "county_samr",
        "正定县市场监督管理局",
        Kind.ENFORCEMENT_AGENCY,
        "130123",
        "county",
    ),
    (
        "county_enforcement",
        "正定县综合行政执法局",
        Kind.ENFORCEMENT_AGENCY,
        "130123",
        "county",
    ),
    ("county_transport", "正定县交通运输局", Kind.DEPARTMENT, "130123", "county"),
    (
        "county_ecology",
        "石家庄市生态环境局正定县分局",
        Kind.ENFORCEMENT_AGENCY,
        "130123",
        "city_ecology",
    ),
]

ACCOUNTS: list[DemoAccount] = [
    DemoAccount("staff", "demo-staff-2026!", "王工作", Role.STAFF, "county_samr"),
    DemoAccount(
        "reviewer", "demo-reviewer-2026!", "李审核", Role.LEGAL_REVIEWER, "county_samr"
    ),
    DemoAccount(
        "officer",
        "demo-officer-2026!",
        "张执法",
        Role.ENFORCEMENT_OFFICER,
        "county_enforcement",
    ),
    DemoAccount(
        "supervisor", "demo-supervisor-2026!", "赵监督", Role.SUPERVISOR, "county"
    ),
    DemoAccount(
        "orgadmin", "demo-orgadmin-2026!", "孙管理", Role.ORG_ADMIN, "county_samr"
    ),
    DemoAccount("sysadmin", "demo-sysadmin-2026!", "周系统", Role.SYSTEM_ADMIN, "city"),
    DemoAccount("auditor", "demo-auditor-2026!", "吴审计", Role.AUDIT_ADMIN, "city"),
    DemoAccount("citizen", "demo-citizen-2026!", "陈公民", Role.PUBLIC, ""),
]


def ensure_allowed() -> None:
    if not getattr(settings, "FAZHI_DEMO_ALLOWED", False):
        raise DemoNotAllowedError(
            "此环境不允许加载演示数据（FAZHI_DEMO_ALLOWED 为假，生产环境总是如此）。",
            "Demonstration data is not allowed here (FAZHI_DEMO_ALLOWED is false, "
            "as it always is in production).",
        )


def load(*, progress: bool = False) -> DemoContext:
    """Create (or find) the demonstration region, accounts and every registered loader's data."""
    ensure_allowed()
    context = DemoContext()
    steps = len(DIVISIONS) + len(ORGANIZATIONS) + len(ACCOUNTS) + len(_LOADERS)
    with tqdm(total=steps, disable=not progress, desc="fazhi demo", unit="步") as bar:
        with transaction.atomic():
            for code, name, level, parent_code in DIVISIONS:
                _division(context, code, name, level, parent_code)
                bar.update()
            for key, name, kind, code, parent_key in ORGANIZATIONS:
                _organization(context, key, name, kind, code, parent_key)
                bar.update()
            for account in ACCOUNTS:
                _account(context, account)
                bar.update()
        for loader in list(_LOADERS):
            with transaction.atomic():
                loader(context)
            bar.update()
    return context


def _division(
    context: DemoContext, code: str, name: str, level: str, parent_code: str | None
) -> None:
    division = Division.objects.filter(code=code).first()
    if division is None:
        parent = context.divisions[parent_code] if parent_code else None
        division = services.create_division(
            actor=None, code=code, name=name, level=level, parent=parent
        )
        context.count("divisions")
    context.divisions[code] = division


def _organization(
    context: DemoContext,
    key: str,
    name: str,
    kind: str,
    code: str,
    parent_key: str | None,
) -> None:
    division = context.divisions[code]
    organization = Organization.objects.filter(name=name, division=division).first()
    if organization is None:
        organization = services.create_organization(
            actor=None,
            name=name,
            kind=kind,
            division=division,
            parent=context.organizations[parent_key] if parent_key else None,
        )
        context.count("organizations")
    context.organizations[key] = organization


def _account(context: DemoContext, account: DemoAccount) -> None:
    user = User.objects.filter(username=account.username).first()
    if user is None:
        user = services.create_account(
            actor=None,
            username=account.username,
            password=account.password,
            display_name=account.display_name,
        )
        context.count("accounts")
    if account.organization:
        organization = context.organizations[account.organization]
        if not Membership.objects.filter(
            user=user, organization=organization, role=account.role
        ).exists():
            services.grant_membership(
                actor=None, user=user, organization=organization, role=account.role
            )
            context.count("memberships")
    context.accounts[account.username] = user
