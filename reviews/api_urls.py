from rest_framework.routers import SimpleRouter

from reviews import api, objection_api

router = SimpleRouter()
router.register("panels", api.PanelViewSet, basename="api-panel")
router.register("reviews", api.ReviewViewSet, basename="api-review")
router.register("objections", objection_api.ObjectionViewSet, basename="api-objection")
urlpatterns = router.urls
