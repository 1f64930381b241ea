from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GradingConfig(AppConfig):
    name = "revmen.grading"
    label = "grading"
    verbose_name = _("Grading")

    def ready(self) -> None:
        # The periodic opening of reaction evaluations and the report export job.
        from . import jobs, reactions  # noqa: F401
