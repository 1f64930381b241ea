from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "revmen.core"
    label = "core"

    def ready(self) -> None:
        from . import retention  # noqa: F401  (registers the periodic job core.retention)
