from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo org: seed content, a generated org and the demo accounts; `load_demo` loads it."""

    name = "demo"
