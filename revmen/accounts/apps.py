from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "revmen.accounts"
    label = "accounts"
    verbose_name = _("People and agencies")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the import kinds)
