"""API tokens in the admin: visible and revocable there only through the command."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from fazhi.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "prefix",
        "name",
        "user",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "name", "user__username")
    readonly_fields = list_display
    exclude = ("secret_hash",)

    # Tokens are issued and revoked by ``fazhi token`` so that each step is audited.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: ApiToken | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: ApiToken | None = None
    ) -> bool:
        return False
