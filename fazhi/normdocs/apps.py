from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NormdocsConfig(AppConfig):
    name = "fazhi.normdocs"
    label = "normdocs"
    verbose_name = _("行政规范性文件")

    def ready(self) -> None:
        # Plug the module's worklist provider into the workbench.
        from fazhi.normdocs import worklist  # noqa: F401
