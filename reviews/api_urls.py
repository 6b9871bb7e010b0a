from rest_framework.routers import SimpleRouter

from reviews import api

router = SimpleRouter()
router.register("panels", api.PanelViewSet, basename="api-panel")
router.register("reviews", api.ReviewViewSet, basename="api-review")
urlpatterns = router.urls
