from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "revmen.followup"
    label = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from . import periodic  # noqa: F401  (registers the daily run)
