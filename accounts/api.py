from axes.handlers.proxy import AxesProxyHandler
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle


class ObtainToken(ObtainAuthToken):
    """POST {"username", "password"} → {"token"}.

    Throttled per client, and django-axes locks repeated failures exactly as on the login page;
    a locked client is told so with 429 instead of a bare "wrong credentials".
    """

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    def post(self, request, *args, **kwargs):
        credentials = {"username": request.data.get("username", "")}
        if AxesProxyHandler.is_locked(request._request, credentials):
            return Response(
                {"detail": _("Too many failed attempts. Try again later.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        return super().post(request, *args, **kwargs)
