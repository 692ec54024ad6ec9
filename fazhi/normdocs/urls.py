"""Public pages of the module (``/normdocs/``)."""

from django.urls import path

from fazhi.normdocs.views import public

app_name = "normdocs"

urlpatterns = [
    path("", public.index, name="index"),
    path("consultations/", public.consultations, name="consultations"),
    path("consultations/<int:pk>/", public.consultation, name="consultation"),
    path("statements/", public.statements, name="statements"),
    path("statements/<int:pk>/", public.statement, name="statement"),
    path("documents/", public.documents, name="documents"),
    path("documents/<int:pk>/", public.document, name="document"),
    path(
        "documents/<int:pk>/review-request/",
        public.review_request,
        name="review_request",
    ),
    path("review-requests/", public.receipt_lookup, name="receipt_lookup"),
    path("review-requests/<str:code>/", public.receipt, name="receipt"),
    path("catalogues/<str:kind>/", public.catalogue, name="catalogue"),
    path("cleanups/", public.campaigns, name="campaigns"),
    path("cleanups/<int:pk>/", public.campaign, name="campaign"),
]
