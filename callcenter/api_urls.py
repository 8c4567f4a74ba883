"""The REST API under /api/v1/, its OpenAPI schema and its interactive docs.

Django's LoginRequiredMiddleware guards the pages; the API answers for itself (401/403 as JSON,
never a redirect to the login form), so every view here is marked login_not_required. The schema
and the docs are public: they describe the API and hold no data.
"""

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from core import auth_api, problems
from integrations import api as integrations_api
from ladder import api as ladder_api
from pay import api as pay_api
from people import api as people_api
from people import api_import
from planning import api as planning_api
from planning import scenario_api
from roles import api as roles_api
from staffing import api as staffing_api


class Router(DefaultRouter):
    include_format_suffixes = False  # one URL per resource; the format follows Accept


router = Router()
router.register("roles", roles_api.RoleViewSet, basename="role")
router.register("skills", roles_api.SkillViewSet, basename="skill")
router.register("people", people_api.PersonViewSet, basename="person")
router.register("people", ladder_api.CareerViewSet, basename="career")
# people's seats, with the projection of planned changes on `children?as_of=` a future day
router.register("positions", planning_api.PositionViewSet, basename="position")
router.register("sites", people_api.SiteViewSet, basename="site")
router.register("promotion-paths", ladder_api.PromotionPathViewSet, basename="promotion-path")
router.register("promotions", ladder_api.PromotionViewSet, basename="promotion")
router.register("webhooks", integrations_api.WebhookViewSet, basename="webhook")
router.register("planned-changes", planning_api.PlannedChangeViewSet, basename="planned-change")
router.register("scenarios", scenario_api.ScenarioViewSet, basename="scenario")
router.register("vacancies", pay_api.VacancyViewSet, basename="vacancy")
router.register("staffing/queues", staffing_api.QueueViewSet, basename="staffing-queue")
router.register("staffing/sites", staffing_api.SiteStaffingViewSet, basename="staffing-site")
router.register("staffing/forecasts", staffing_api.ForecastViewSet, basename="staffing-forecast")


@csrf_exempt
def not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    return problems.problem_response(404, "not_found", _("No such endpoint or record."))


def _exempt(patterns: list) -> list:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _exempt(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = login_not_required(pattern.callback)
    return patterns


def _browsable(patterns: list) -> list:
    """DRF's browsable API (HTML for a signed-in browser) has inline styles, no inline scripts:
    its pages may use inline styles; scripts stay 'self' only (CONTENT_SECURITY_POLICY)."""
    for pattern in patterns:
        pattern.callback = csp_update({"style-src": ["'unsafe-inline'"]})(pattern.callback)
    return patterns


v1 = _browsable(
    [
        path("auth/token/", auth_api.TokenView.as_view(), name="token"),
        path("auth/logout/", auth_api.LogoutView.as_view(), name="logout"),
        path("auth/logout-all/", auth_api.LogoutAllView.as_view(), name="logout-all"),
        path("org/export/", people_api.OrgExportView.as_view(), name="org-export"),
        path("changes/", integrations_api.ChangesView.as_view(), name="changes"),
        path("changes/head/", integrations_api.ChangesHeadView.as_view(), name="changes-head"),
        path("imports/", api_import.ImportView.as_view(), name="import"),
        path(
            "imports/<str:token>/confirm/",
            api_import.ImportConfirmView.as_view(),
            name="import-confirm",
        ),
        path("pay/imports/", pay_api.PayImportView.as_view(), name="pay-import"),
        path(
            "staffing/requirement/",
            staffing_api.RequirementView.as_view(),
            name="staffing-requirement",
        ),
        path("staffing/gap/", staffing_api.GapView.as_view(), name="staffing-gap"),
        path("staffing/waves/", staffing_api.WavesView.as_view(), name="staffing-waves"),
        *router.urls,
    ]
)

urlpatterns = _exempt(
    [
        path("v1/", include((v1, "api"))),
        path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
        # The split view serves its start-up script as a file: no inline script, so the docs
        # keep the site's Content Security Policy (templates/drf_spectacular/swagger_ui.html).
        path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
        path("problems/<str:code>", problems.problem_type, name="problem-type"),
        re_path(r"", not_found),  # unknown URLs under /api/ answer JSON too, not an HTML page
    ]
)
