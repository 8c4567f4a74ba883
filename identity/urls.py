"""The sign-in through the identity provider: always routed; each view answers 404 while OpenID
Connect is not configured (docs/identity.md)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views

sign_in = [
    path(
        "oidc/authenticate/",
        login_not_required(views.authenticate),
        name="oidc_authentication_init",
    ),
    path("oidc/callback/", login_not_required(views.callback), name="oidc_authentication_callback"),
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", views.sign_out, name="logout"),
]
