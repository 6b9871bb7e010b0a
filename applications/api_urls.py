from applications import api
from programmes.routers import Router

router = Router()
router.register("applications", api.ApplicationViewSet, basename="api-application")
router.register("teams", api.TeamViewSet, basename="api-team")
router.register("attachments", api.AttachmentViewSet, basename="api-attachment")
urlpatterns = router.urls
