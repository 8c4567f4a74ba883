from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = _("Job architecture")

    def ready(self) -> None:
        # After modeltranslation (first in INSTALLED_APPS) has added title_en, title_de, …
        from core.history import MPTT_FIELDS, register_history

        from .models import Responsibility, Role, RoleSkill, SalaryBand, Skill

        register_history(Role, excluded=MPTT_FIELDS)
        for model in (Responsibility, RoleSkill, SalaryBand, Skill):
            register_history(model)
