from rest_framework.routers import SimpleRouter

from allocations import api

router = SimpleRouter()
router.register("gpu-pool", api.GpuPoolViewSet, basename="gpu-pool")
router.register("allocations", api.AllocationViewSet, basename="allocation")
router.register("usage", api.UsageViewSet, basename="usage")
urlpatterns = router.urls
