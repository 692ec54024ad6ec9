from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    name = "fazhi.core.calendar"
    label = "workcalendar"
    verbose_name = _("工作日历")

    def ready(self) -> None:
        from fazhi.core.calendar.checks import TAG, check_next_year_loaded

        checks.register(check_next_year_loaded, TAG)
