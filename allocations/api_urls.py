from allocations import api
from programmes.routers import Router

router = Router()
router.register("gpu-pool", api.GpuPoolViewSet, basename="gpu-pool")
router.register("allocations", api.AllocationViewSet, basename="allocation")
router.register("usage", api.UsageViewSet, basename="usage")
urlpatterns = router.urls
