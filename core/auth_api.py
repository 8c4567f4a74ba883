"""Tokens for integrations (django-rest-knox: stored hashed, with an expiry, revocable)."""

from django.contrib.auth import authenticate, user_logged_in
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from knox import views as knox_views
from knox.models import get_token_model
from knox.settings import knox_settings
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .idempotency import IdempotentPosts
from .rest import ScopedRateThrottle


class TokenIn(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


TokenOut = inline_serializer(
    "Token",
    {
        "token": serializers.CharField(help_text="Send it as `Authorization: Token <token>`."),
        "expiry": serializers.DateTimeField(),
    },
)


class TokenView(APIView):
    """Trade a username and password for an API token (shown once; it expires)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=TokenIn, responses=TokenOut, auth=[])
    def post(self, request):
        serializer = TokenIn(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The Django request, not DRF's wrapper: django-axes marks a lockout on it, and its
        # middleware answers 429 for it (core/lockout.py).
        user = authenticate(request._request, **serializer.validated_data)
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Unable to sign in with this username and password.")]}
            )
        # What django.contrib.auth.login does for the sign-in forms (and knox's own LoginView):
        # django-axes resets the failure count on it, Django records last_login.
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        instance, token = get_token_model().objects.create(
            user=user, expiry=knox_settings.TOKEN_TTL
        )
        return Response({"token": token, "expiry": instance.expiry})


class LogoutView(IdempotentPosts, knox_views.LogoutView):
    """Revoke the token this request is signed with."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format)


class LogoutAllView(IdempotentPosts, knox_views.LogoutAllView):
    """Revoke every token of the signed-in user."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format)
