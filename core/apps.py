from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The basement: groups, locks, history and REST helpers every app builds on; one table of
    its own, the answers kept for idempotent retries (core/models.py)."""

    name = "core"
