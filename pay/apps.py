from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayConfig(AppConfig):
    """EU pay transparency (Directive 2023/970): pay data, categories of workers, gap reports,
    requests for information.
    """

    name = "pay"
    verbose_name = _("Pay transparency")
