"""Public pages of the module."""

from django.urls import path  # noqa: F401

app_name = "enforcement"

urlpatterns: list[object] = []
