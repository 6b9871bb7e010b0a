from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        # Connects the login receiver that stamps the session's authentication time.
        from accounts import two_factor  # noqa: F401
