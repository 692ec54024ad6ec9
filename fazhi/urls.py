from django.contrib import admin
from django.urls import include, path

from fazhi.api.v1.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("fazhi.core.urls")),
    path("workbench/normdocs/", include("fazhi.normdocs.staff_urls")),
    path("workbench/enforcement/", include("fazhi.enforcement.staff_urls")),
    path("workbench/", include("fazhi.workbench.urls")),
    path("laws/", include("fazhi.laws.urls")),
    path("normdocs/", include("fazhi.normdocs.urls")),
    path("enforcement/", include("fazhi.enforcement.urls")),
    path("", include("fazhi.portal.urls")),
]
