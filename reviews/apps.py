from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from programmes.workqueue import register
        from reviews.workqueue import panel_work

        register(panel_work)
