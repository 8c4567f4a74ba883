from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from identity import urls as identity_urls
from pages import urls as pages

urlpatterns = [
    *pages.root,  # the chart at /, search
    path("", include((pages.people, "people"))),  # org/…, people/<id>/, people/import/, …
    *identity_urls.sign_in,  # the sign-in page, sign-out, OpenID Connect (docs/identity.md)
    # The language can be switched before signing in, on the login page.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("roles/", include((pages.roles, "roles"))),
    path("ladder/", include((pages.ladder, "ladder"))),
    path("planning/changes/", include((pages.planned, "planned"))),
    path("planning/scenarios/", include((pages.scenario_pages, "scenarios"))),
    path("pay/", include((pages.pay_pages, "pay"))),
    path("planning/", include((pages.staffing_pages, "staffing"))),
    path("admin/", admin.site.urls),
    path("api/", include("callcenter.api_urls")),
    path("scim/v2/", include("identity.scim.urls")),  # provisioning by identity providers
]

# Under /api/ Django's own errors (a body it refused to read, a crash) answer problem details
# like every API error; elsewhere its pages.
handler400 = "core.problems.bad_request"
handler500 = "core.problems.server_error"
