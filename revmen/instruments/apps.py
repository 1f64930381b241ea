from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "revmen.instruments"
    label = "instruments"
    verbose_name = _("Instruments")

    def ready(self) -> None:
        from . import (  # noqa: F401
            jobs,  # the import kinds
            owndata,  # the answers sheet of own data
            reminders,  # instruments.remind
            retention,  # instruments.retention
            settle,  # instruments.settle
        )
