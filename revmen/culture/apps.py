from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CultureConfig(AppConfig):
    name = "revmen.culture"
    label = "culture"
    verbose_name = _("Culture diagnosis")

    def ready(self) -> None:
        from revmen.instruments.services import AFTER_SUBMIT

        from . import exports, reminders, services  # noqa: F401  (register the job kinds)
        from .aggregates import schedule_fold_for_response

        AFTER_SUBMIT.append(schedule_fold_for_response)
