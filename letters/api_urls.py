from django.urls import path
from rest_framework.routers import SimpleRouter

from letters import api

router = SimpleRouter()
urlpatterns = [
    path("awards/<int:award_id>/letter/", api.AwardLetterView.as_view(), name="api-award-letter"),
    *router.urls,
]
