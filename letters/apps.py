from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Award letters")

    def ready(self):
        from awards import page_links
        from awards.signals import award_terminated
        from letters.page_links import award_letters_link
        from letters.receivers import revoke_letters_of_terminated_award

        award_terminated.connect(
            revoke_letters_of_terminated_award, dispatch_uid="letters-award-terminated"
        )
        page_links.register(award_letters_link)
