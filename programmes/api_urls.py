from rest_framework.routers import SimpleRouter

from programmes import api

router = SimpleRouter()
router.register("programmes", api.ProgrammeViewSet, basename="api-programme")
router.register("calls", api.CallViewSet, basename="api-call")
urlpatterns = router.urls
