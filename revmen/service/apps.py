from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "revmen.service"
    label = "service"
    verbose_name = _("Public service")

    def ready(self) -> None:
        from . import exports  # noqa: F401  (registers the PDF job)
