"""The record in the admin: readable, never addable, changeable or deletable.

No account can change it, superusers included (三员分立: the system
administrator administers accounts, not the record).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from fazhi.core.audit.models import AuditEntry
from fazhi.core.audit.selectors import list_entries


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("seq", "occurred_at", "actor_label", "action", "object_label")
    list_filter = ("action",)
    search_fields = ("object_type", "object_id", "action", "actor_label")
    ordering = ("-seq",)
    actions = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEntry]:
        return list_entries(user=request.user)

    def get_readonly_fields(
        self, request: HttpRequest, obj: AuditEntry | None = None
    ) -> list[str]:
        return [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: AuditEntry | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: AuditEntry | None = None
    ) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)
