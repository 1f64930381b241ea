from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "revmen.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from . import access, jobs, owndata  # noqa: F401  (people scopes, import kinds, own data)
