"""Public pages of the module (执法公示), mounted at ``/enforcement/``."""

from django.urls import path

from fazhi.enforcement import views

app_name = "enforcement"

urlpatterns = [
    path("", views.index, name="index"),
    path("subjects/", views.subjects, name="subjects"),
    path("subjects/<int:subject_id>/", views.subject, name="subject"),
    path("procedures/", views.procedures, name="procedures"),
    path("benchmarks/", views.benchmarks, name="benchmarks"),
    path("officers/", views.officer, name="officer"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/<int:publication_id>/", views.decision, name="decision"),
]
