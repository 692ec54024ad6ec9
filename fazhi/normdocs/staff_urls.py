"""Staff pages of the module, mounted under the workbench (``/workbench/normdocs/``)."""

from django.urls import path

from fazhi.normdocs.views import staff

app_name = "normdocs-staff"

urlpatterns = [
    path("", staff.home, name="home"),
    path("documents/", staff.documents, name="documents"),
    path("documents/new/", staff.create, name="create"),
    path("documents/<int:pk>/", staff.document, name="document"),
    path("documents/<int:pk>/act/<str:name>/", staff.act, name="act"),
    path("reviews/<int:pk>/", staff.review, name="review"),
    path("filings/<int:pk>/", staff.filing, name="filing"),
    path("review-requests/<int:pk>/", staff.review_request, name="review_request"),
    path("numbering/", staff.numbering, name="numbering"),
    path("campaigns/", staff.campaigns, name="campaigns"),
    path("campaigns/<int:pk>/", staff.campaign, name="campaign"),
    path("campaigns/<int:pk>/act/<str:name>/", staff.campaign_act, name="campaign_act"),
]
