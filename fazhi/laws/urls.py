"""Public pages and permalinks: ``/laws/<slug>/<date>/art/33/``."""

from django.urls import path

from fazhi.laws import views

app_name = "laws"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("search/", views.search, name="search"),
    path("<str:slug>/", views.instrument, name="instrument"),
    path("<str:slug>/compare/<str:old>/<str:new>/", views.compare, name="compare"),
    path("<str:slug>/<str:date>/", views.version, name="version"),
    path("<str:slug>/<str:date>/print/", views.printable, name="print"),
    path("<str:slug>/<str:date>/art/<str:article>/", views.article, name="article"),
]
