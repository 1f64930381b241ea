from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "revmen.learning"
    label = "learning"
    verbose_name = _("Affective learning")

    def ready(self) -> None:
        # Registers the analysis job, the programme-copy hook and the own-data sheets.
        from . import analysis, owndata, services  # noqa: F401
