from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "revmen.accounts"
    label = "accounts"
    verbose_name = _("People and agencies")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import jobs  # noqa: F401  (registers the import kinds)
        from .otp import otp_stamp_login
        from .services import login_audit
        from .sessions import session_stamp_login

        user_logged_in.connect(login_audit, dispatch_uid="revmen.accounts.login_audit")
        user_logged_in.connect(session_stamp_login, dispatch_uid="revmen.accounts.session_stamp")
        user_logged_in.connect(otp_stamp_login, dispatch_uid="revmen.accounts.otp_stamp")
