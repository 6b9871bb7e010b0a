from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Award letters")

    def ready(self):
        from awards.signals import award_terminated
        from letters.receivers import revoke_letters_of_terminated_award

        award_terminated.connect(
            revoke_letters_of_terminated_award, dispatch_uid="letters-award-terminated"
        )
