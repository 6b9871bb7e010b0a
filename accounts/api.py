from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import ScopedRateThrottle


class ObtainToken(ObtainAuthToken):
    """POST {"username", "password"} → {"token"}; throttled, and django-axes locks repeated
    failures exactly as on the login page."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"
