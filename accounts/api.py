from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from accounts.two_factor import STAFF_ROLES


class ObtainToken(ObtainAuthToken):
    """POST {"username", "password"} → {"token"}; staff add {"otp_token"} under STAFF_TWO_FACTOR.

    Throttled per client, and django-axes locks repeated failures exactly as on the login page;
    a locked client is told so with 429 instead of a bare "wrong credentials". A token is as
    good as a session, so the staff roles' second factor is asked here too.
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
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if settings.STAFF_TWO_FACTOR and user.has_role(*STAFF_ROLES):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            code = str(request.data.get("otp_token", "")).strip()
            if device is None or not code.isdigit() or not device.verify_token(code):
                return Response(
                    {
                        "otp_token": [
                            _(
                                "Staff accounts need the current code of their authenticator "
                                "app (set it up by logging in to the site)."
                            )
                        ]
                    },
                    status=status.HTTP_400_BAD_REQUEST,
                )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
