from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The basement: groups, locks, history and REST helpers every app builds on; no models."""

    name = "core"
