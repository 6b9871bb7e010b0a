from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationsConfig(AppConfig):
    name = "allocations"
    verbose_name = _("Allocations")

    def ready(self):
        from allocations.receivers import return_gpu_time_of_terminated_award
        from awards.models import Award
        from awards.signals import award_terminated

        award_terminated.connect(
            return_gpu_time_of_terminated_award,
            sender=Award,
            dispatch_uid="allocations-return-gpu-time",
        )
