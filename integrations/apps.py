from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    """What changed since (the change feed and ?updated_since=) and webhooks."""

    name = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        # Signals, against the house rule, because they are how the history is written: every
        # path that records history (services, admin, reverts, the bulk import) is heard here,
        # inside its transaction, and the apps below need not know the feed exists.
        from django.db.models.signals import post_save
        from simple_history.signals import post_create_historical_record

        from core.history import snapshot_written
        from ladder.models import Promotion
        from planning.signals import planning_event, planning_events

        from . import events

        post_create_historical_record.connect(events.record_history, dispatch_uid="feed")
        snapshot_written.connect(events.record_snapshot, dispatch_uid="feed")
        post_save.connect(events.record_promotion, sender=Promotion, dispatch_uid="feed")
        planning_event.connect(events.record_planning, dispatch_uid="feed")
        planning_events.connect(events.record_planning_many, dispatch_uid="feed")
