from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from awards import receivers, work_items
        from programmes import workqueue
        from reviews.signals import stage_gate_decided

        stage_gate_decided.connect(receivers.end_award_at_stage_gate, dispatch_uid="awards-gate")
        workqueue.register(work_items.awards_work)
