from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "revmen.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        # register the job kind
        from . import jobs  # noqa: F401
