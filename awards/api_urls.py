from rest_framework.routers import SimpleRouter

from awards import api

router = SimpleRouter()
router.register("awards", api.AwardViewSet, basename="award")
router.register("disbursements", api.DisbursementViewSet, basename="disbursement")
urlpatterns = router.urls
