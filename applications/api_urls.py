from rest_framework.routers import SimpleRouter

from applications import api

router = SimpleRouter()
router.register("applications", api.ApplicationViewSet, basename="api-application")
router.register("teams", api.TeamViewSet, basename="api-team")
router.register("attachments", api.AttachmentViewSet, basename="api-attachment")
urlpatterns = router.urls
