from programmes import api
from programmes.routers import Router

router = Router()
router.register("programmes", api.ProgrammeViewSet, basename="api-programme")
router.register("calls", api.CallViewSet, basename="api-call")
urlpatterns = router.urls
