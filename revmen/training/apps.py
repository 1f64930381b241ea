from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "revmen.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        # Registers people scopes, import kinds, the person page's enrolments and own data.
        from . import access, jobs, owndata, person_page  # noqa: F401
