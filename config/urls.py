from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import api as accounts_api
from letters.urls import verify_urlpatterns

api_v1 = [
    path("auth/token/", accounts_api.ObtainToken.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("programmes.api_urls")),
    path("", include("applications.api_urls")),
    path("", include("reviews.api_urls")),
    path("", include("awards.api_urls")),
    path("", include("letters.api_urls")),
    path("", include("allocations.api_urls")),
]

urlpatterns = [
    path("", include("programmes.urls")),
    path("accounts/", include("accounts.urls")),
    path("applications/", include("applications.urls")),
    path("reviews/", include("reviews.urls")),
    path("awards/", include("awards.urls")),
    path("letters/", include("letters.urls")),
    path("verify/", include(verify_urlpatterns)),
    path("allocations/", include("allocations.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(api_v1)),
    path("admin/", admin.site.urls),
]
