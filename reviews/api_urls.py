from programmes.routers import Router
from reviews import api, objection_api

router = Router()
router.register("panels", api.PanelViewSet, basename="api-panel")
router.register("reviews", api.ReviewViewSet, basename="api-review")
router.register("objections", objection_api.ObjectionViewSet, basename="api-objection")
urlpatterns = router.urls
