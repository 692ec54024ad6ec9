"""Staff pages of the module, mounted under the workbench (/workbench/enforcement/)."""

from django.urls import path

from fazhi.enforcement import staff_views as views

app_name = "enforcement-staff"

urlpatterns = [
    path("", views.cases, name="cases"),
    path("cases/new/", views.new_clue, name="new-clue"),
    path("cases/on-the-spot/", views.on_the_spot, name="on-the-spot"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/<slug:act>/", views.case_act, name="case-act"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:review_id>/", views.review, name="review"),
    path("supervision/", views.supervision, name="supervision"),
    path("subjects/", views.subjects, name="subjects"),
    path("officers/", views.officers, name="officers"),
    path("officers/new/", views.new_officer, name="new-officer"),
    path("officers/<int:officer_id>/", views.officer_detail, name="officer"),
    path(
        "officers/<int:officer_id>/<slug:act>/", views.officer_act, name="officer-act"
    ),
    path("measures/<int:measure_id>/", views.measure_detail, name="measure"),
    path(
        "measures/<int:measure_id>/<slug:act>/", views.measure_act, name="measure-act"
    ),
    path("transfers/<int:transfer_id>/", views.transfer_detail, name="transfer"),
    path(
        "transfers/<int:transfer_id>/<slug:act>/",
        views.transfer_act,
        name="transfer-act",
    ),
    path("complaints/", views.complaints, name="complaints"),
    path("complaints/new/", views.new_complaint, name="new-complaint"),
    path("complaints/<int:complaint_id>/", views.complaint_detail, name="complaint"),
    path(
        "complaints/<int:complaint_id>/<slug:act>/",
        views.complaint_act,
        name="complaint-act",
    ),
]
