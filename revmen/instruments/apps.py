from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "revmen.instruments"
    label = "instruments"
    verbose_name = _("Instruments")

    def ready(self) -> None:
        from . import (
            jobs,  # noqa: F401  (registers the import kinds)
            owndata,  # noqa: F401  (registers the answers sheet of own data)
            retention,  # noqa: F401  (registers instruments.retention)
        )
