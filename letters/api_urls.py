from django.urls import path

from letters import api
from programmes.routers import Router

router = Router()
urlpatterns = [
    path("awards/<int:award_id>/letter/", api.AwardLetterView.as_view(), name="api-award-letter"),
    *router.urls,
]
