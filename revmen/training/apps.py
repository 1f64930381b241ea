from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "revmen.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        # Registers people scopes, import kinds and the person page's enrolments.
        from . import access, jobs, person_page  # noqa: F401
