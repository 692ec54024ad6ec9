"""The calendar years in the admin, read-only.

Loading and amending go through ``fazhi calendar load`` / ``fazhi calendar
amend`` (the services), so that every change is in the full-process record and
the dependent deadlines are recomputed; the admin only shows the rows.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from fazhi.core.calendar.models import CalendarYear


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("year", "origin", "source", "loaded_at", "loaded_by")
    readonly_fields = (
        "year",
        "source",
        "rest_days",
        "working_days",
        "origin",
        "loaded_at",
        "loaded_by",
        "updated_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: CalendarYear | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: CalendarYear | None = None
    ) -> bool:
        return False
