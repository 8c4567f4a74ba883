from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The basement: groups, locks, history and REST helpers every app builds on; one table of
    its own, the answers kept for idempotent retries (core/models.py)."""

    name = "core"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed

        from .groups import on_groups_changed

        m2m_changed.connect(
            on_groups_changed,
            sender=get_user_model().groups.through,
            dispatch_uid="core.groups.manager_staff",
        )
