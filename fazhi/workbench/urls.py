from django.http import HttpRequest, HttpResponse
from django.urls import path

app_name = "workbench"


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("workbench")


urlpatterns = [path("", home, name="home")]
