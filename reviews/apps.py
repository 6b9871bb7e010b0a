from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from applications.signals import team_changed
        from reviews.receivers import on_team_changed

        team_changed.connect(on_team_changed, dispatch_uid="reviews.recheck_conflicts")
