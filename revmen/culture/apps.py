from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CultureConfig(AppConfig):
    name = "revmen.culture"
    label = "culture"
    verbose_name = _("Culture diagnosis")

    def ready(self) -> None:
        # register the job kinds and the periodic fold
        from . import aggregates, exports, reminders, services  # noqa: F401
