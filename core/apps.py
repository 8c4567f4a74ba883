from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The basement: groups, locks, history and REST helpers every app builds on; one table of
    its own, the answers kept for idempotent retries (core/models.py)."""

    name = "core"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed
        from simple_history.signals import pre_create_historical_record

        from .groups import on_groups_changed
        from .history import date_history_record

        m2m_changed.connect(
            on_groups_changed,
            sender=get_user_model().groups.through,
            dispatch_uid="core.groups.manager_staff",
        )
        # Not a rule in a signal: only the date, author and reason of the historical row that a
        # save is writing anyway, inside history_as() (an effective-dated change taking effect).
        pre_create_historical_record.connect(
            date_history_record, dispatch_uid="core.history.written_as"
        )
