"""The staffing API under /api/v1/staffing/: forecasts (list, read, upload), queues and site
parameters, and the plan computed from the newest forecast (requirement, gap, waves).

Who: HR reads and writes everything; a manager reads the plan of the site of their own seat
(asking for another site is 403); everyone else is refused. The plan's what-if parameters are
the page's (`level`, `aht`, `shrinkage`, `span`): computed, never saved.
"""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.exceptions import ErrorDetail, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core import problems
from core.groups import is_hr, is_manager
from core.idempotency import IdempotentPosts
from core.lists import DeclaredParametersOnly, OrderingFilter, UnknownParameter
from core.rest import HRWrites, JSONParser
from people.api_import import UploadIn

from . import plan
from .access import plan_sites
from .erlang import ImpossibleTarget
from .models import Forecast, Queue, SiteStaffing
from .services import forecast_import

MAX_JSON_ROWS = 100_000


class PlanReaders(permissions.BasePermission):
    """HR, and managers holding a seat at a site (for that site's plan only)."""

    message = gettext_lazy("Staffing plans are for HR and for managers of a site.")

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return is_hr(request.user) or (
                is_manager(request.user) and bool(plan_sites(request.user))
            )
        return is_hr(request.user)


class QueueOut(serializers.ModelSerializer):
    class Meta:
        model = Queue
        fields = [
            "id",
            "code",
            "name",
            "channel",
            "role",
            "service_level",
            "service_seconds",
            "asa_seconds",
            "max_occupancy",
            "patience_seconds",
            "concurrency",
        ]


class SiteStaffingOut(serializers.ModelSerializer):
    shrinkage = serializers.FloatField(read_only=True, help_text=gettext_lazy("0-1, in all."))

    class Meta:
        model = SiteStaffing
        fields = [
            "id",
            "site",
            "holidays",
            "sickness",
            "training",
            "coaching",
            "shrinkage",
            "hours_per_fte",
            "team_leader_span",
            "agents_per_quality_checker",
            "agents_per_trainer",
            "agents_per_planner",
            "attrition_per_month",
            "weeks_to_hire",
            "nesting_weeks",
            "team_leader_weeks_to_hire",
            "team_leader_training_weeks",
            "quality_weeks_to_hire",
            "quality_training_weeks",
            "trainer_weeks_to_hire",
            "trainer_training_weeks",
            "planner_weeks_to_hire",
            "planner_training_weeks",
            "team_leader_role",
            "quality_role",
            "trainer_role",
            "planner_role",
        ]
        read_only_fields = ["site"]


class SiteStaffingIn(SiteStaffingOut):
    """What HR changes (PATCH): the parameters, not the site they belong to."""

    class Meta(SiteStaffingOut.Meta):
        fields = [f for f in SiteStaffingOut.Meta.fields if f not in ("id", "site", "shrinkage")]


class ForecastOut(serializers.ModelSerializer):
    class Meta:
        model = Forecast
        fields = [
            "id",
            "name",
            "interval_minutes",
            "first_day",
            "last_day",
            "intervals",
            "created_at",
        ]


class QueueViewSet(viewsets.ReadOnlyModelViewSet):
    """Queues (skills), the role answering each and their targets; edited in the admin."""

    permission_classes = [PlanReaders]
    queryset = Queue.objects.all()
    serializer_class = QueueOut
    filter_backends = [DeclaredParametersOnly, OrderingFilter]
    ordering_fields = ["code", "id"]
    ordering = ["code", "id"]


class SiteStaffingViewSet(viewsets.GenericViewSet):
    """Each site's shrinkage, spans, ratios and hiring times: HR reads and changes them."""

    permission_classes = [HRWrites, PlanReaders]
    serializer_class = SiteStaffingOut
    filter_backends = [DeclaredParametersOnly, OrderingFilter]
    ordering_fields = ["id"]
    ordering = ["id"]

    def get_queryset(self):
        return SiteStaffing.objects.filter(site__in=[s.pk for s in plan_sites(self.request.user)])

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(SiteStaffingOut(page, many=True).data)

    def retrieve(self, request, pk: int):
        return Response(SiteStaffingOut(self.get_object()).data)

    @extend_schema(request=SiteStaffingIn(partial=True), responses=SiteStaffingOut)
    def partial_update(self, request, pk: int):
        row = self.get_object()
        given = SiteStaffingIn(row, data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        for name, value in given.validated_data.items():
            setattr(row, name, value)
        try:
            row.full_clean()
        except DjangoValidationError as refusal:
            raise ValidationError(refusal.message_dict) from None
        row.save()
        return Response(SiteStaffingOut(row).data)


class ForecastIn(UploadIn):
    file = serializers.FileField(
        required=False, help_text=gettext_lazy("A CSV or .xlsx forecast (multipart upload).")
    )
    rows = serializers.ListField(
        child=serializers.DictField(
            child=serializers.CharField(allow_blank=True, allow_null=True, max_length=200)
        ),
        required=False,
        max_length=MAX_JSON_ROWS,
        help_text=gettext_lazy(
            "Instead of a file: rows as objects of column → text, read like a CSV whose header "
            "is their keys (site, queue, interval_start, interval_length, offered, aht, acw, "
            "agents_needed). rows[0] is row 2 in the problems."
        ),
    )
    name = serializers.CharField(default="", allow_blank=True, max_length=200)
    dry_run = serializers.BooleanField(default=False, help_text=gettext_lazy("Check only."))
    sheet = serializers.CharField(default="", allow_blank=True, max_length=80)
    delimiter = serializers.ChoiceField(choices=[",", ";", "\t", "|"], required=False)


class RowProblemOut(serializers.Serializer):
    row = serializers.IntegerField(help_text=gettext_lazy("1 is the header; 0: the whole file."))
    column = serializers.CharField()
    message = serializers.CharField()


class ForecastImportOut(serializers.Serializer):
    forecast = ForecastOut(allow_null=True)
    intervals = serializers.IntegerField()
    problems = RowProblemOut(many=True)


class ForecastViewSet(IdempotentPosts, viewsets.GenericViewSet):
    """Forecasts, newest first (the newest is the plan); HR uploads one as a file."""

    permission_classes = [PlanReaders]
    queryset = Forecast.objects.all()
    serializer_class = ForecastOut
    filter_backends = [DeclaredParametersOnly, OrderingFilter]
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(ForecastOut(page, many=True).data)

    def retrieve(self, request, pk: int):
        return Response(ForecastOut(self.get_object()).data)

    @extend_schema(
        request={"application/json": ForecastIn, "multipart/form-data": ForecastIn},
        responses={201: ForecastImportOut, 200: ForecastImportOut, 422: ForecastImportOut},
    )
    def create(self, request):
        given = ForecastIn(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            upload = data.get("file")
            reading, forecast = forecast_import(
                data=ForecastIn.content(data),
                name=data["name"] or (upload.name if upload else _("Forecast")),
                user=request.user,
                dry_run=data["dry_run"],
                sheet=data["sheet"],
                delimiter="," if upload is None else data.get("delimiter"),
            )
        except DjangoValidationError as refusal:
            body = problems.problem(422, "target_unreachable", " ".join(refusal.messages))
            return Response(body, status=422, content_type=problems.MEDIA_TYPE)
        body = {
            "forecast": ForecastOut(forecast).data if forecast else None,
            "intervals": reading.demand.intervals if reading.demand else 0,
            "problems": [
                {"row": e.row, "column": e.column, "message": e.message} for e in reading.errors
            ],
        }
        if reading.errors:
            count = len(reading.errors) + reading.more_errors
            detail = ngettext(
                "The file has %(n)d problem; nothing was stored.",
                "The file has %(n)d problems; nothing was stored.",
                count,
            ) % {"n": count}
            body = problems.problem(422, "forecast_has_problems", detail) | body
            return Response(body, status=422, content_type=problems.MEDIA_TYPE)
        return Response(body, status=status.HTTP_201_CREATED if forecast else status.HTTP_200_OK)


# ---------------------------------------------------------------- the plan


class PlanQuery(serializers.Serializer):
    """The plan's query parameters (documented in PLAN_PARAMETERS)."""

    site = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    week = serializers.DateField(required=False)
    level = serializers.IntegerField(required=False, min_value=1, max_value=99)
    aht = serializers.IntegerField(required=False, min_value=50, max_value=200)
    shrinkage = serializers.IntegerField(required=False, min_value=0, max_value=80)
    span = serializers.IntegerField(required=False, min_value=5, max_value=60)
    agents = serializers.ChoiceField(choices=["ours", "wfm"], required=False)

    def validate(self, data: dict) -> dict:
        if data.get("agents") == "wfm" and ("level" in data or data.get("aht", 100) != 100):
            raise ValidationError(
                {
                    "agents": [
                        _(
                            "A service level or handle time what-if computes our agents again; "
                            "the WFM tool's stay as imported. Choose one."
                        )
                    ]
                }
            )
        return data


PLAN_PARAMETERS = [
    OpenApiParameter("site", int, description="One site (default: every site you may see)."),
    OpenApiParameter(
        "week",
        OpenApiTypes.DATE,
        description="A day of the week to compute the seats for (default: the busiest week).",
    ),
    OpenApiParameter("level", int, description="What if: service level %, 1-99."),
    OpenApiParameter("aht", int, description="What if: handle time in % of the forecast, 50-200."),
    OpenApiParameter("shrinkage", int, description="What if: shrinkage %, 0-80."),
    OpenApiParameter("span", int, description="What if: agents per team leader, 5-60."),
    OpenApiParameter(
        "agents",
        str,
        enum=["ours", "wfm"],
        description="The agents needed the seats come from: ours (Erlang, the default) or the "
        "WFM tool's of the forecast file (ours for a queue without them). Not with level or aht.",
    ),
]


class WeekOut(serializers.Serializer):
    site = serializers.IntegerField()
    week = serializers.DateField(help_text=gettext_lazy("The Monday."))
    fte = serializers.FloatField(help_text=gettext_lazy("Agent FTE the week needs (from `basis`)."))
    ours_fte = serializers.FloatField(help_text=gettext_lazy("From our agents needed."))
    wfm_fte = serializers.FloatField(
        allow_null=True,
        help_text=gettext_lazy(
            "From the WFM tool's agents needed; null unless every queue has them that week."
        ),
    )
    difference = serializers.FloatField(
        allow_null=True, help_text=gettext_lazy("ours_fte - wfm_fte.")
    )


class IntervalOut(serializers.Serializer):
    start = serializers.CharField(
        help_text=gettext_lazy("2026-12-07T08:30: the site's local time, without an offset.")
    )
    ours = serializers.FloatField(help_text=gettext_lazy("Our agents needed, all queues."))
    wfm = serializers.FloatField(help_text=gettext_lazy("The WFM tool's agents needed."))
    difference = serializers.FloatField(help_text=gettext_lazy("ours - wfm."))


class RequirementOut(serializers.Serializer):
    forecast = serializers.IntegerField(allow_null=True)
    week = serializers.DateField(allow_null=True, help_text=gettext_lazy("The week of `needs`."))
    basis = serializers.ChoiceField(choices=["ours", "wfm"])
    weeks = WeekOut(many=True)
    intervals = IntervalOut(
        many=True,
        allow_null=True,
        help_text=gettext_lazy(
            "With `site`: each interval of `week`, ours beside the WFM tool's; null without "
            "`site` or when the forecast has no WFM figures for the whole week."
        ),
    )


class QueueNeedOut(serializers.Serializer):
    queue = serializers.IntegerField()
    fte = serializers.FloatField()


class NeedOut(serializers.Serializer):
    site = serializers.IntegerField()
    seat_type = serializers.ChoiceField(
        choices=["agent", "team_leader", "quality", "trainer", "planner"]
    )
    role = serializers.IntegerField(allow_null=True)
    queues = QueueNeedOut(many=True)
    fte = serializers.FloatField()
    seats = serializers.IntegerField(help_text=gettext_lazy("Seats needed."))
    have_seats = serializers.IntegerField(help_text=gettext_lazy("Active seats of the role now."))
    have_people = serializers.IntegerField(help_text=gettext_lazy("Of them held."))
    gap = serializers.IntegerField(help_text=gettext_lazy("Seats to open (+) or surplus (-)."))


class GapOut(serializers.Serializer):
    forecast = serializers.IntegerField(allow_null=True)
    week = serializers.DateField(allow_null=True)
    needs = NeedOut(many=True)


class WaveOut(serializers.Serializer):
    site = serializers.IntegerField()
    seat_type = serializers.ChoiceField(
        choices=["agent", "team_leader", "quality", "trainer", "planner"]
    )
    role = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("Null for agents: one class for all agent roles.")
    )
    start = serializers.DateField(help_text=gettext_lazy("Hiring starts."))
    first_day = serializers.DateField(help_text=gettext_lazy("The new hires' first day."))
    productive = serializers.DateField(
        help_text=gettext_lazy("Trained: agents take contacts alone, the others do their job.")
    )
    size = serializers.IntegerField()
    late = serializers.BooleanField(help_text=gettext_lazy("Should have started before today."))


class WavesOut(serializers.Serializer):
    forecast = serializers.IntegerField(allow_null=True)
    waves = WaveOut(many=True)


class PlanView(APIView):
    """A computed part of the staffing plan of the newest forecast (nothing stored)."""

    permission_classes = [PlanReaders]

    def _plan(self, request) -> plan.Plan:
        unknown = set(request.query_params) - set(PlanQuery().fields) - {"format"}
        if unknown:
            name = sorted(unknown)[0]
            message = ErrorDetail(_("Unknown parameter."), code="unknown_parameter")
            raise UnknownParameter({name: [message]})
        query = PlanQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        sites = plan_sites(request.user)
        if "site" in data:
            sites = [s for s in sites if s.pk == data["site"]]
            if not sites:
                raise PermissionDenied(_("You may not see the plan of this site."))
        what_if = plan.WhatIf(
            level=data["level"] / 100 if "level" in data else None,
            aht_factor=data.get("aht", 100) / 100,
            shrinkage=data["shrinkage"] / 100 if "shrinkage" in data else None,
            span=data.get("span"),
            theirs=data.get("agents") == "wfm",
        )
        try:
            return plan.build(sites=sites, week=_monday(data.get("week")), what_if=what_if)
        except ImpossibleTarget:
            raise ValidationError(
                {"level": [_("No number of agents meets this service level.")]}
            ) from None
        except plan.NoWfmAgents:
            raise ValidationError(
                {"agents": [_("This forecast has no agents needed from a WFM tool.")]}
            ) from None


def _monday(day: datetime.date | None) -> datetime.date | None:
    return day - datetime.timedelta(days=day.weekday()) if day else None


class RequirementView(PlanView):
    @extend_schema(parameters=PLAN_PARAMETERS, responses=RequirementOut)
    def get(self, request):
        figures = self._plan(request)
        weeks = []
        for (s, w), v in sorted(figures.weekly_fte.items(), key=lambda i: (i[0][1], i[0][0])):
            ours, theirs = figures.weekly_ours[(s, w)], figures.weekly_theirs.get((s, w))
            weeks.append(
                {
                    "site": s,
                    "week": w,
                    "fte": round(v, 2),
                    "ours_fte": round(ours, 2),
                    "wfm_fte": None if theirs is None else round(theirs, 2),
                    "difference": None if theirs is None else round(ours - theirs, 2),
                }
            )
        return Response(
            {
                "forecast": figures.forecast.pk if figures.forecast else None,
                "week": figures.week,
                "basis": "wfm" if figures.theirs else "ours",
                "weeks": weeks,
                "intervals": _intervals(figures) if "site" in request.query_params else None,
            }
        )


def _intervals(figures: plan.Plan) -> list[dict] | None:
    """The chosen week of the one site asked for, ours beside the WFM tool's."""
    if figures.forecast is None or not figures.week:
        return None
    site = figures.sites[0]
    agents = figures.intervals.get(site.pk) or plan.week_agents(
        figures.forecast, site, figures.week, plan.WhatIf(), {}
    )
    compared = plan.intervals_compared(agents, figures.week, figures.forecast.interval_minutes)
    if compared is None:
        return None
    return [
        {
            "start": start.isoformat(timespec="minutes"),
            "ours": float(o),
            "wfm": float(t),
            "difference": float(o - t),
        }
        for start, o, t in zip(compared.starts, compared.ours, compared.theirs, strict=True)
    ]


class GapView(PlanView):
    @extend_schema(parameters=PLAN_PARAMETERS, responses=GapOut)
    def get(self, request):
        figures = self._plan(request)
        needs = [
            {
                "site": n.site.pk,
                "seat_type": n.kind,
                "role": n.role_id,
                "queues": [{"queue": q.pk, "fte": round(f, 2)} for q, f in n.queues],
                "fte": round(n.fte, 2),
                "seats": n.seats,
                "have_seats": n.have_seats,
                "have_people": n.have_people,
                "gap": n.gap,
            }
            for n in figures.needs
        ]
        return Response(
            {
                "forecast": figures.forecast.pk if figures.forecast else None,
                "week": figures.week,
                "needs": needs,
            }
        )


class WavesView(PlanView):
    @extend_schema(parameters=PLAN_PARAMETERS, responses=WavesOut)
    def get(self, request):
        figures = self._plan(request)
        waves = [
            {
                "site": w.site.pk,
                "seat_type": w.kind,
                "role": w.role_id,
                "start": w.start,
                "first_day": w.first_day,
                "productive": w.productive,
                "size": w.size,
                "late": w.late,
            }
            for w in figures.waves
        ]
        return Response(
            {"forecast": figures.forecast.pk if figures.forecast else None, "waves": waves}
        )
