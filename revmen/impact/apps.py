from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "revmen.impact"
    label = "impact"
    verbose_name = _("Impact")

    def ready(self) -> None:
        from . import exports  # noqa: F401  (registers the PDF job)
