from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from applications.signals import team_changed
        from programmes.workqueue import register
        from reviews.receivers import on_team_changed
        from reviews.workqueue import panel_work

        team_changed.connect(on_team_changed, dispatch_uid="reviews.recheck_conflicts")
        register(panel_work)
