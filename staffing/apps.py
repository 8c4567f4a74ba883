from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    """Staffing from demand: forecasts, Erlang C/A, seats needed per site and queue, hiring
    waves.
    """

    name = "staffing"
    verbose_name = _("Staffing")
