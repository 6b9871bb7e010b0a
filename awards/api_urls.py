from awards import api
from programmes.routers import Router

router = Router()
router.register("awards", api.AwardViewSet, basename="award")
router.register("disbursements", api.DisbursementViewSet, basename="disbursement")
urlpatterns = router.urls
