"""The sign-in page (the provider's button and, if allowed, the local form) and sign-out."""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

from . import oidc


class LocalSignInForm(AuthenticationForm):
    """With OIDC_LOCAL_SIGN_IN=false only superusers (break-glass) sign in with a password."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if oidc.enabled() and not settings.OIDC_LOCAL_SIGN_IN and not user.is_superuser:
            raise ValidationError(
                _("Sign in with %(company)s.") % {"company": settings.OIDC_PROVIDER_NAME},
                code="local_sign_in_off",
            )


class SignInView(LoginView):
    form_class = LocalSignInForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc"] = oidc.enabled()
        context["oidc_company"] = getattr(settings, "OIDC_PROVIDER_NAME", "")
        context["local_form"] = (
            not oidc.enabled() or settings.OIDC_LOCAL_SIGN_IN or "local" in self.request.GET
        )
        return context


def authenticate(request):
    if not oidc.enabled():
        raise Http404
    return oidc.AuthenticateView.as_view()(request)


def callback(request):
    if not oidc.enabled():
        raise Http404
    return oidc.CallbackView.as_view()(request)


def sign_out(request):
    """Ends the app's session, then the provider's when it came from there (POST only)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    target = oidc.provider_logout_url(request) if request.user.is_authenticated else None
    auth.logout(request)
    return HttpResponseRedirect(target or resolve_url(settings.LOGOUT_REDIRECT_URL))
