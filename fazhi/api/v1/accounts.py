"""Organizations (public), the caller, accounts and memberships (scoped)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import Field

from fazhi.api.v1.pagination import FazhiPagination
from fazhi.api.v1.security import staff_auth
from fazhi.core import selectors, services
from fazhi.core.errors import PermissionDeniedError
from fazhi.core.models import Membership, Organization, Role, User

router = Router(tags=["组织与账户"])


class DivisionOut(Schema):
    code: str
    name: str
    level: str


class OrganizationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    kind_label: str
    division: DivisionOut
    parent_id: int | None
    is_active: bool

    @staticmethod
    def resolve_kind_label(obj: Organization) -> str:
        return str(obj.get_kind_display())


class MembershipOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    role: str
    role_label: str

    @staticmethod
    def resolve_organization_name(obj: Membership) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_role_label(obj: Membership) -> str:
        return str(obj.get_role_display())


class AccountOut(Schema):
    id: int
    username: str
    display_name: str
    is_active: bool
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj: User) -> list[Membership]:
        return list(getattr(obj, "visible_memberships", []))


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    memberships: list[MembershipOut]
    otp_verified: bool

    @staticmethod
    def resolve_memberships(obj: User) -> list[Membership]:
        return selectors.list_own_memberships(user=obj)

    @staticmethod
    def resolve_otp_verified(obj: User) -> bool:
        return bool(getattr(obj, "is_verified", lambda: False)())


class CountOut(Schema):
    count: int


class AccountIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=256)
    display_name: str = Field(default="", max_length=64)
    organization_id: int
    role: Role


class MembershipIn(Schema):
    account_id: int
    organization_id: int
    role: Role


@router.get(
    "/organizations",
    response=list[OrganizationOut],
    operation_id="organizations_list",
    summary="组织列表（公开）",
)
@paginate(FazhiPagination)
def list_organizations(request: HttpRequest) -> list[Organization]:
    return selectors.list_organizations(user=request.user)  # type: ignore[return-value]


@router.get(
    "/organizations/{organization_id}",
    response=OrganizationOut,
    operation_id="organizations_get",
    summary="组织详情（公开）",
)
def get_organization(request: HttpRequest, organization_id: int) -> Organization:
    return selectors.get_organization(organization_id=organization_id)


@router.get(
    "/me", response=MeOut, auth=staff_auth, operation_id="me_get", summary="当前账户"
)
def get_me(request: HttpRequest) -> User:
    return _actor(request)


@router.get(
    "/accounts",
    response=list[AccountOut],
    auth=staff_auth,
    operation_id="accounts_list",
    summary="账户列表（按可见范围）",
)
@paginate(FazhiPagination)
def list_accounts(request: HttpRequest) -> list[User]:
    return selectors.list_accounts(user=request.user)  # type: ignore[return-value]


@router.get(
    "/accounts/count",
    response=CountOut,
    auth=staff_auth,
    operation_id="accounts_count",
    summary="账户数量（按可见范围）",
)
def count_accounts(request: HttpRequest) -> dict[str, int]:
    return {"count": selectors.count_accounts(user=request.user)}


@router.get(
    "/accounts/{account_id}",
    response=AccountOut,
    auth=staff_auth,
    operation_id="accounts_get",
    summary="账户详情",
)
def get_account(request: HttpRequest, account_id: int) -> User:
    return selectors.get_account(user=request.user, account_id=account_id)


@router.post(
    "/accounts",
    response={201: AccountOut},
    auth=staff_auth,
    operation_id="accounts_create",
    summary="创建账户并授予首个角色",
)
def create_account(request: HttpRequest, payload: AccountIn) -> Status[User]:
    actor = _actor(request)
    organization = selectors.get_organization(organization_id=payload.organization_id)
    user = services.create_account(
        actor=actor,
        username=payload.username,
        password=payload.password,
        display_name=payload.display_name,
        organization=organization,
        role=payload.role,
    )
    return Status(201, selectors.get_account(user=actor, account_id=user.pk))


@router.post(
    "/memberships",
    response={201: MembershipOut},
    auth=staff_auth,
    operation_id="memberships_create",
    summary="授予角色",
)
def create_membership(
    request: HttpRequest, payload: MembershipIn
) -> Status[Membership]:
    actor = _actor(request)
    organization = selectors.get_organization(organization_id=payload.organization_id)
    account = selectors.get_account(user=actor, account_id=payload.account_id)
    membership = services.grant_membership(
        actor=actor, user=account, organization=organization, role=payload.role
    )
    return Status(201, membership)


@router.delete(
    "/memberships/{membership_id}",
    response={204: None},
    auth=staff_auth,
    operation_id="memberships_delete",
    summary="撤销角色",
)
def delete_membership(request: HttpRequest, membership_id: int) -> Status[None]:
    actor = _actor(request)
    membership = selectors.get_membership(user=actor, membership_id=membership_id)
    services.revoke_membership(actor=actor, membership=membership)
    return Status(204, None)


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # pragma: no cover - staff_auth ran first
        raise PermissionDeniedError(
            "需要登录。", "Log in first.", code="not_authenticated"
        )
    return user
