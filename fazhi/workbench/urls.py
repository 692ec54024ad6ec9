from django.urls import path

from fazhi.workbench import views

app_name = "workbench"

urlpatterns = [
    path("", views.home, name="home"),
    path("lists/", views.lists, name="lists"),
]
