from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "fazhi.workbench"
    label = "workbench"
