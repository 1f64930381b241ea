from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "revmen.instruments"
    label = "instruments"
    verbose_name = _("Instruments")

    def ready(self) -> None:
        from . import jobs, settle  # noqa: F401  (register the import kinds, the settle job)
