from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayConfig(AppConfig):
    """EU pay transparency (Directive 2023/970): pay data, categories of workers, gap reports,
    requests for information.
    """

    name = "pay"
    verbose_name = _("Pay transparency")

    def ready(self) -> None:
        from core.history import register_history

        from .models import (
            EntitySite,
            GapExplanation,
            InformationRequest,
            JobEvaluation,
            LegalEntity,
            PayProfile,
            PayRecord,
            WorkerCategory,
        )

        register_history(PayProfile, unindexed=("person",))
        register_history(PayRecord, unindexed=("person",))
        register_history(EntitySite, unindexed=("site", "entity"))
        register_history(LegalEntity)
        for model in (JobEvaluation, WorkerCategory, GapExplanation, InformationRequest):
            register_history(model)
