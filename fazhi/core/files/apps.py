from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    name = "fazhi.core.files"
    label = "files"
    verbose_name = _("证据材料")
