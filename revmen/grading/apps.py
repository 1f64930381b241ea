from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GradingConfig(AppConfig):
    name = "revmen.grading"
    label = "grading"
    verbose_name = _("Grading")

    def ready(self) -> None:
        # The periodic jobs (reaction evaluations, expired deferrals) and the report export.
        from . import deferrals, jobs, reactions  # noqa: F401
