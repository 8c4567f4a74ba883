"""REST API of planned changes, `/api/v1/planned-changes/`: HR lists, plans, reads and cancels.

HR's only: a planned exit, hire or salary tells what docs/access.md keeps from employees and
managers, and HR is who plans. Thin views: a small input serializer, one call of
planning/services.py, problem details for its refusals (core/rest.py).
"""

import django_filters
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.groups import is_hr
from core.idempotency import IdempotentPosts
from core.rest import Amount, IdField, row_id
from people import api as people_api
from people import as_of
from people.models import Person, Position, Site
from roles.models import Role

from . import future, scenarios, services
from .models import NO_SUCH_SEAT, Kind, PlannedChange, Status
from .pending import describe


class HRPlans(permissions.BasePermission):
    message = gettext_lazy("Planned changes are for HR.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and is_hr(request.user))


class PlannedChangeOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    effective_on = serializers.DateField()
    person = serializers.IntegerField(source="person_id", allow_null=True)
    position = serializers.IntegerField(source="position_id", allow_null=True)
    new_manager = serializers.IntegerField(source="new_manager_id", allow_null=True)
    role = serializers.IntegerField(source="role_id", allow_null=True)
    site = serializers.IntegerField(source="site_id", allow_null=True)
    salary = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    note = serializers.CharField()
    exception_reason = serializers.CharField()
    description = serializers.SerializerMethodField(
        help_text=gettext_lazy("The change in words, in the language asked for.")
    )
    planned_by = serializers.CharField(source="planned_by.get_username")
    created_at = serializers.DateTimeField()
    applied_at = serializers.DateTimeField(allow_null=True)
    failure_reason = serializers.CharField(
        help_text=gettext_lazy("Why a failed change could not apply; empty otherwise.")
    )
    created_position = serializers.IntegerField(
        source="created_position_id",
        allow_null=True,
        help_text=gettext_lazy("The seat a new_seat change made."),
    )

    def get_description(self, change: PlannedChange) -> str:
        return describe(change, salary=True)


class SeatId(IdField):
    """A seat by its number; one that is not there gets planning's message, which says why a
    seat another planned change will open (a negative id on the projection) cannot be named."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as refusal:
            if refusal.detail[0].code != "does_not_exist":
                raise
            raise serializers.ValidationError(
                NO_SUCH_SEAT % {"value": data}, code="does_not_exist"
            ) from None


class PlannedChangeIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    effective_on = serializers.DateField(
        help_text=gettext_lazy("After today, at most a year ahead.")
    )
    person = IdField(queryset=Person.objects.all(), required=False)
    position = SeatId(
        queryset=Position.objects.all(),
        required=False,
        help_text=gettext_lazy("The seat the change is about (a hire's or promotion's target)."),
    )
    new_manager = SeatId(
        queryset=Position.objects.all(),
        required=False,
        help_text=gettext_lazy("A move's new manager; the manager of a new seat."),
    )
    role = IdField(queryset=Role.objects.all(), required=False)
    site = IdField(queryset=Site.objects.all(), required=False)
    salary = Amount(required=False, help_text=gettext_lazy("In the person's salary currency."))
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    exception_reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


class PlannedChangeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices)
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    person = django_filters.NumberFilter(field_name="person_id")
    position = django_filters.NumberFilter(field_name="position_id")
    effective_after = django_filters.DateFilter(field_name="effective_on", lookup_expr="gte")
    effective_before = django_filters.DateFilter(field_name="effective_on", lookup_expr="lte")

    class Meta:
        model = PlannedChange
        fields = ["status", "kind", "person", "position", "effective_after", "effective_before"]


class PlannedChangeViewSet(IdempotentPosts, viewsets.GenericViewSet):
    """Changes dated in the future (HR): each takes effect on its day (`apply_due_changes`);
    one that can no longer apply is `failed` with its `failure_reason`, nothing of it written."""

    permission_classes = [HRPlans]
    filterset_class = PlannedChangeFilter
    ordering_fields = ["effective_on", "id"]
    ordering = ["effective_on", "id"]
    serializer_class = PlannedChangeOut
    # A scenario's drafts are the scenario's (its own resource), not the org's planned changes.
    queryset = PlannedChange.objects.live().select_related(
        "person",
        "position__role",
        "position__holder",
        "new_manager__role",
        "new_manager__holder",
        "role",
        "site",
        "planned_by",
    )

    @extend_schema(responses=PlannedChangeOut(many=True))
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(PlannedChangeOut(page, many=True).data)

    @extend_schema(responses=PlannedChangeOut)
    def retrieve(self, request, pk: int):
        return Response(PlannedChangeOut(self.get_object()).data)

    @extend_schema(request=PlannedChangeIn, responses={201: PlannedChangeOut})
    def create(self, request):
        """Plan a change; refused when it could not apply on its day in the org as the live org
        and the pending changes before it will make it, or would stop a later one."""
        serializer = PlannedChangeIn(data=request.data)
        serializer.is_valid(raise_exception=True)
        change = services.change_plan(planned_by=request.user, **serializer.validated_data)
        change = self.get_queryset().get(pk=change.pk)
        return Response(PlannedChangeOut(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=PlannedChangeOut)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk: int):
        """Cancel a pending change (409 `change_not_pending` for any other)."""
        change = services.change_cancel(change=self.get_object(), cancelled_by=request.user)
        return Response(PlannedChangeOut(self.get_queryset().get(pk=change.pk)).data)


# ---------------------------------------------------------------- the org as it will be


class ChildrenAsOf(serializers.Serializer):
    as_of = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy(
            "YYYY-MM-DD: the seats as they were on that date, or, after today, as the planned "
            "changes will make them; today if empty."
        ),
    )
    scenario = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text=gettext_lazy(
            "A scenario's id: the seats on its day as its changes would make them (over the "
            "pending changes); 404 for a scenario you may not read. Overrides as_of."
        ),
    )


class PositionViewSet(people_api.PositionViewSet):
    """people's seats, whose `children` also answers a future `as_of`: the seat and its reports
    as the pending changes due by then will make them (planning/future.py). Wired in place of
    people's in callcenter/api_urls.py: people, below planning, cannot know of planned changes."""

    @extend_schema(responses=people_api.ChildrenOut, filters=False, parameters=[ChildrenAsOf])
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def children(self, request, pk: int):
        """The seat and its direct reports, each with direct and total headcount (1 query).

        With `as_of=YYYY-MM-DD` in the past: as they were on that date, rebuilt from the history
        (holders from the assignments, reporting lines from the seats' recorded changes). 404
        when the seat did not exist then. People whose hire and exit dates you may not see are
        placed as on the first day of that month (docs/access.md).

        With `as_of` after today: a projection, as the pending planned changes due by then will
        make it; planned hires, exits and moves of people only where you may see their dates. A
        planned new seat has the negative id of the change that opens it."""
        if "scenario" in request.query_params:
            asked = ChildrenAsOf(data=request.query_params)
            asked.is_valid(raise_exception=True)
            scenario = (
                scenarios.visible_scenarios(request.user)
                .filter(pk=asked.validated_data["scenario"])
                .first()
            )
            if scenario is None:
                raise NotFound()
            org = future.load(None, viewer=request.user, scenario=scenario)
            rows = as_of.children_rows(org, row_id(pk))
            if not rows or rows[0]["depth"] != 0:
                raise NotFound()
            return Response({"position": rows[0], "children": rows[1:]})
        asked = as_of.parse_as_of(request.query_params.get("as_of"))
        if asked.future is None:
            return super().children(request, pk)
        rows = as_of.children_rows(future.load(asked.future, viewer=request.user), row_id(pk))
        if not rows or rows[0]["depth"] != 0:
            raise NotFound()
        return Response({"position": rows[0], "children": rows[1:]})
