"""Staff pages of the module, mounted under the workbench."""

from django.urls import path  # noqa: F401

app_name = "enforcement-staff"

urlpatterns: list[object] = []
