"""The Django admin shows organizations and accounts; it changes nothing.

Every change of an organization, an account or a membership is audited and
checked against the actor's reach, so it goes through :mod:`fazhi.core.services`
(the API under ``/api/v1/`` and the ``fazhi`` commands), never through the
admin's generic forms. See ADR 0040.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fazhi.core.models import Division, Membership, Organization, User


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Division)
class DivisionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "division", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "credit_code"]
    list_select_related = ["division", "parent"]


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    fields = ("organization", "role", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = [
        "username",
        "display_name",
        "is_active",
        "failed_logins",
        "locked_until",
    ]
    search_fields = ["username", "display_name", "email"]
    exclude = ["password"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "organization__name"]
    list_select_related = ["user", "organization"]
