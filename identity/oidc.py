"""Sign-in through the company's identity provider (OpenID Connect), by mozilla-django-oidc.

Configured by environment variables (callcenter/settings.py, docs/identity.md), off unless
OIDC_DISCOVERY_URL (or OIDC_ISSUER) and OIDC_RP_CLIENT_ID are set. The provider's endpoints come
from its discovery document, read on the first sign-in and kept for the process, so a local
sign-in never waits for the provider (the backend reads nothing at construction).
"""

from functools import lru_cache
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import absolutify, import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from core.groups import EMPLOYEE, HR, HR_ADMIN, MANAGER

from .services import account_for_sign_in, account_signed_in

ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
GROUP_SETTINGS = {
    EMPLOYEE: "OIDC_GROUPS_EMPLOYEE",
    MANAGER: "OIDC_GROUPS_MANAGER",
    HR: "OIDC_GROUPS_HR",
    HR_ADMIN: "OIDC_GROUPS_HR_ADMIN",
}


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_ENABLED", False))


@lru_cache(maxsize=4)
def _discovery(url: str) -> dict:
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    return response.json()


def discovery() -> dict:
    return _discovery(settings.OIDC_DISCOVERY_URL)


def get_settings(attr: str, *args):
    if attr in ENDPOINTS:
        return discovery()[ENDPOINTS[attr]]
    return import_from_settings(attr, *args)


def app_groups(claims: dict) -> set[str]:
    """The app's groups the provider's group claim maps to (settings OIDC_GROUPS_*)."""
    values = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(values, str):
        values = [values]
    values = {str(value) for value in values}
    return {
        group
        for group, setting in GROUP_SETTINGS.items()
        if values & set(getattr(settings, setting, []))
    }


class Backend(OIDCAuthenticationBackend):
    """Finds the account by the linking claim (work e-mail or employee id), refuses or creates
    an unknown one as configured, and sets the account's groups from the group claim."""

    get_settings = staticmethod(get_settings)

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: get_settings("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: get_settings("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: get_settings("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        if not enabled():
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims) -> bool:
        """A subject, and no e-mail the provider says it has not verified when the e-mail is
        what links the account (else anyone who may set their e-mail there could take over a
        colleague's account here)."""
        if settings.OIDC_LINK_CLAIM == "email" and claims.get("email_verified") is False:
            return False
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            messages.error(
                self.request, _("The identity provider has not confirmed your e-mail address.")
            )
            return None
        user = account_for_sign_in(
            email=str(claims.get("email") or ""),
            employee_id=str(claims.get(settings.OIDC_EMPLOYEE_ID_CLAIM) or ""),
            link_by=settings.OIDC_LINK_CLAIM,
            first_name=str(claims.get("given_name") or ""),
            last_name=str(claims.get("family_name") or ""),
            create_unknown=settings.OIDC_UNKNOWN_USERS == "create",
        )
        if user is None:
            messages.error(
                self.request,
                _("Your account at %(company)s is not known here. Ask HR to add you.")
                % {"company": settings.OIDC_PROVIDER_NAME},
            )
            return None
        if not user.is_active:
            messages.error(self.request, _("This account has been deactivated."))
            return None
        account_signed_in(user=user, group_names=app_groups(claims))
        return user

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class AuthenticateView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(get_settings)

    def __init__(self, *args, **kwargs):  # endpoints read at the request, not at start-up
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        self.OIDC_OP_AUTH_ENDPOINT = get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(get_settings)

    @property
    def failure_url(self):
        return resolve_url(settings.LOGIN_URL)


def provider_logout_url(request) -> str:
    """Where sign-out goes after the app's session ends: the provider's end_session_endpoint
    (RP-initiated logout) when it has one and the session came from it, else the sign-in page."""
    back = absolutify(request, resolve_url(settings.LOGOUT_REDIRECT_URL))
    id_token = request.session.get("oidc_id_token")
    if not enabled() or not id_token:
        return resolve_url(settings.LOGOUT_REDIRECT_URL)
    end = discovery().get("end_session_endpoint")
    if not end:
        return resolve_url(settings.LOGOUT_REDIRECT_URL)
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": back,
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    return f"{end}?{query}"


def is_sign_in_callback(request, credentials=None) -> bool:
    """django-axes' whitelist: a refused sign-in through the provider is no password guess, and
    must not lock out the address (a whole call center signs in from one)."""
    return request.path == reverse("oidc_authentication_callback")
