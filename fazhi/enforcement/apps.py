from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "fazhi.enforcement"
    label = "enforcement"
    verbose_name = _("行政执法")

    def ready(self) -> None:
        from fazhi.core import worklist
        from fazhi.enforcement.worklist import provider

        worklist.register(provider)
