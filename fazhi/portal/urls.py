from django.http import HttpRequest, HttpResponse
from django.urls import path

app_name = "portal"


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("法治")


urlpatterns = [path("", home, name="home")]
