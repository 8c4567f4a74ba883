from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LadderConfig(AppConfig):
    name = "ladder"
    verbose_name = _("Career ladder")

    def ready(self) -> None:
        from core.history import register_history

        from .models import PathSkill, PromotionPath

        register_history(PromotionPath)
        register_history(PathSkill)

        from .fit import connect

        connect()
