"""REST API of scenarios, `/api/v1/scenarios/` (issue 17; docs/scenarios.md).

HR lists, creates, edits, submits, discards and applies them (apply: HR admin); a manager reads
those shared with them, without salaries; approvers decide. Thin views: one call of
planning/scenarios.py or planning/impact.py each, refusals as problem details (core/rest.py).
Someone who may not read a scenario gets 404, as for anything they cannot see.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.groups import is_hr
from core.idempotency import IdempotentPosts
from core.rest import Amount, IdField, row_id
from people.models import Person, Position, Site
from roles.models import Role

from . import impact as impacts
from . import scenarios
from .api import SeatId
from .models import Kind, PlannedChange, Scenario, ScenarioStatus, Status


class SignedIn(permissions.IsAuthenticated):
    pass


class ScenarioOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    effective_on = serializers.DateField()
    status = serializers.ChoiceField(choices=ScenarioStatus.choices)
    heads_approve = serializers.BooleanField()
    shared_with = serializers.SerializerMethodField()
    created_by = serializers.CharField(source="created_by.get_username")
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    applied_at = serializers.DateTimeField(allow_null=True)

    def get_shared_with(self, scenario) -> list[int]:
        return sorted(u.pk for u in scenario.shared_with.all())


class ScenarioIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    effective_on = serializers.DateField(help_text=gettext_lazy("After today."))
    heads_approve = serializers.BooleanField(required=False)
    shared_with = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=500,
        help_text=gettext_lazy("User ids of the managers who may read it."),
    )


class ScenarioPatch(ScenarioIn):
    name = serializers.CharField(max_length=200, required=False)
    effective_on = serializers.DateField(required=False)


class ScenarioChangeOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    step = serializers.IntegerField(allow_null=True)
    person = serializers.IntegerField(source="person_id", allow_null=True)
    position = serializers.IntegerField(source="position_id", allow_null=True)
    new_manager = serializers.IntegerField(source="new_manager_id", allow_null=True)
    role = serializers.IntegerField(source="role_id", allow_null=True)
    site = serializers.IntegerField(source="site_id", allow_null=True)
    salary = serializers.SerializerMethodField(
        help_text=gettext_lazy("Null unless you may see salaries.")
    )
    note = serializers.CharField()

    def get_salary(self, change) -> str | None:
        if change.salary is None or not self.context.get("salaries"):
            return None
        return str(change.salary)


class ChangeIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    person = IdField(queryset=Person.objects.all(), required=False)
    position = SeatId(queryset=Position.objects.all(), required=False)
    new_manager = SeatId(queryset=Position.objects.all(), required=False)
    role = IdField(queryset=Role.objects.all(), required=False)
    site = IdField(queryset=Site.objects.all(), required=False)
    salary = Amount(required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    exception_reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


class EditIn(serializers.Serializer):
    changes = ChangeIn(many=True, max_length=5000)


class StepOut(serializers.Serializer):
    count = serializers.IntegerField()


class ScenarioProblemOut(serializers.Serializer):
    kind = serializers.CharField()
    message = serializers.CharField()
    url = serializers.CharField()
    change_id = serializers.IntegerField(allow_null=True)


class ConflictOut(serializers.Serializer):
    change_id = serializers.IntegerField()
    kind = serializers.CharField()
    message = serializers.CharField()
    url = serializers.CharField()
    field = serializers.CharField()
    can_keep = serializers.BooleanField()


class ResolveIn(serializers.Serializer):
    change = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    keep = serializers.BooleanField()


class DecideIn(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class FiguresOut(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    url = serializers.CharField()
    headcount_before = serializers.IntegerField()
    headcount_after = serializers.IntegerField()
    vacancies_before = serializers.IntegerField()
    vacancies_after = serializers.IntegerField()


class ImpactOut(serializers.Serializer):
    branches = FiguresOut(many=True)
    sites = FiguresOut(many=True)
    spans = serializers.DictField()
    layers = serializers.DictField(child=serializers.IntegerField())
    new_managers = serializers.ListField(child=serializers.DictField())
    cost = serializers.DictField(
        allow_null=True,
        help_text=gettext_lazy(
            "Per currency: current, new_jobs, departures, comp_changes, proposed. Null unless "
            "you may see salaries."
        ),
    )


class CompareRow(serializers.Serializer):
    label = serializers.CharField()
    a = serializers.CharField(allow_null=True)
    b = serializers.CharField(allow_null=True)


class CompareOut(serializers.Serializer):
    rows = CompareRow(many=True)


def _impact_data(impact, salaries: bool) -> dict:
    data = ImpactOut(impact).data
    if not salaries:
        data["cost"] = None
    return data


class ScenarioViewSet(IdempotentPosts, viewsets.GenericViewSet):
    """Named drafts of a reorganisation (docs/scenarios.md)."""

    permission_classes = [SignedIn]
    serializer_class = ScenarioOut
    filter_backends: list = []

    def get_queryset(self):
        return (
            scenarios.visible_scenarios(self.request.user)
            .select_related("created_by")
            .prefetch_related("shared_with")
            .order_by("-updated_at", "-id")
        )

    def get_object(self) -> Scenario:
        try:
            return self.get_queryset().get(pk=row_id(self.kwargs["pk"]))
        except Scenario.DoesNotExist:
            raise NotFound() from None

    def _salaries(self) -> bool:
        return scenarios.may_see_scenario_salaries(self.request.user)

    def _out(self, scenario, code=status.HTTP_200_OK) -> Response:
        return Response(ScenarioOut(self.get_queryset().get(pk=scenario.pk)).data, status=code)

    def _refuse_unless_hr(self) -> None:
        if not is_hr(self.request.user):
            raise ValidationError(gettext_lazy("Only HR can change scenarios."), code="not_hr")

    @extend_schema(responses=ScenarioOut(many=True))
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ScenarioOut(page, many=True).data)

    @extend_schema(request=ScenarioIn, responses={201: ScenarioOut})
    def create(self, request):
        """Create an empty draft scenario (HR)."""
        data = ScenarioIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        shared = values.pop("shared_with", [])
        heads = values.pop("heads_approve", False)
        with transaction.atomic():
            scenario = scenarios.scenario_create(created_by=request.user, **values)
            scenarios.scenario_update(
                scenario=scenario, user=request.user, heads_approve=heads, shared_with=shared
            )
        return self._out(scenario, status.HTTP_201_CREATED)

    @extend_schema(responses=ScenarioOut)
    def retrieve(self, request, pk):
        return Response(ScenarioOut(self.get_object()).data)

    @extend_schema(request=ScenarioPatch, responses=ScenarioOut)
    def partial_update(self, request, pk):
        """Rename, re-date or re-share a draft (HR)."""
        scenario = self.get_object()
        data = ScenarioPatch(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        scenarios.scenario_update(scenario=scenario, user=request.user, **values)
        return self._out(scenario)

    @extend_schema(request=None, responses={204: None})
    def destroy(self, request, pk):
        """Discard the scenario (HR): its drafts are deleted, the record stays, discarded."""
        scenarios.scenario_discard(scenario=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(methods=["get"], responses=ScenarioChangeOut(many=True))
    @extend_schema(methods=["post"], request=EditIn, responses={201: ScenarioChangeOut(many=True)})
    @action(detail=True, methods=["get", "post"])
    def changes(self, request, pk):
        """GET: the scenario's changes (drafts and undone). POST: one edit of several changes,
        one undoable step; refused, nothing saved, when one could not apply (by index)."""
        scenario = self.get_object()
        context = {"salaries": self._salaries()}
        if request.method == "GET":
            rows = scenario.changes.filter(status__in=(Status.DRAFT, Status.UNDONE)).order_by(
                "step", "id"
            )
            return Response(ScenarioChangeOut(rows, many=True, context=context).data)
        self._refuse_unless_hr()
        data = EditIn(data=request.data)
        data.is_valid(raise_exception=True)
        made = scenarios.scenario_edit(
            scenario=scenario, user=request.user, changes=data.validated_data["changes"]
        )
        made = PlannedChange.objects.filter(pk__in=[c.pk for c in made]).order_by("id")
        return Response(
            ScenarioChangeOut(made, many=True, context=context).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses=StepOut)
    @action(detail=True, methods=["post"])
    def undo(self, request, pk):
        """Undo the last edit; count 0 when there is nothing to undo."""
        count = scenarios.scenario_undo(scenario=self.get_object(), user=request.user)
        return Response({"count": count})

    @extend_schema(request=None, responses=StepOut)
    @action(detail=True, methods=["post"])
    def redo(self, request, pk):
        """Redo the first undone edit; count 0 when there is nothing to redo."""
        count = scenarios.scenario_redo(scenario=self.get_object(), user=request.user)
        return Response({"count": count})

    @extend_schema(responses=ScenarioProblemOut(many=True))
    @action(detail=True, methods=["get"])
    def problems(self, request, pk):
        """What is wrong in the org as the scenario would make it, with links."""
        salaries = self._salaries()
        found = scenarios.scenario_problems(self.get_object(), salaries=salaries)
        return Response(
            ScenarioProblemOut([p for p in found if salaries or not p.restricted], many=True).data
        )

    @extend_schema(responses=ConflictOut(many=True))
    @action(detail=True, methods=["get"])
    def conflicts(self, request, pk):
        """Changes drafted over live values that have changed since."""
        return Response(
            ConflictOut(scenarios.scenario_conflicts(self.get_object()), many=True).data
        )

    @extend_schema(request=ResolveIn, responses=ConflictOut(many=True))
    @action(detail=True, methods=["post"], url_path="conflicts/resolve")
    def resolve(self, request, pk):
        """Keep the scenario's value (re-baseline; refused when it can no longer apply) or take
        the live one (the change is dropped). Answers the conflicts left."""
        scenario = self.get_object()
        data = ResolveIn(data=request.data)
        data.is_valid(raise_exception=True)
        scenarios.conflict_resolve(
            scenario, request.user, data.validated_data["change"], data.validated_data["keep"]
        )
        return Response(ConflictOut(scenarios.scenario_conflicts(scenario), many=True).data)

    @extend_schema(responses=ImpactOut)
    @action(detail=True, methods=["get"])
    def impact(self, request, pk):
        """Headcount, vacancies, spans, layers, new managers; the cost waterfall for HR."""
        salaries = self._salaries()
        impact = impacts.scenario_impact(self.get_object(), salaries=salaries)
        return Response(_impact_data(impact, salaries))

    @extend_schema(
        responses=CompareOut,
        parameters=[OpenApiParameter("with", int, required=True, description="Another scenario.")],
    )
    @action(detail=True, methods=["get"])
    def compare(self, request, pk):
        """This scenario and another side by side."""
        other_id = request.query_params.get("with", "")
        if not other_id.isdigit():
            raise ValidationError({"with": [gettext_lazy("Give another scenario's id.")]})
        try:
            other = self.get_queryset().get(pk=row_id(other_id))
        except Scenario.DoesNotExist:
            raise NotFound() from None
        result = impacts.scenario_compare(self.get_object(), other, salaries=self._salaries())
        rows = [
            {"label": r["label"], "a": _text(r["a"]), "b": _text(r["b"])} for r in result["rows"]
        ]
        return Response({"rows": rows})

    @extend_schema(request=None, responses=ScenarioOut)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk):
        """Submit for approval (HR); refused with problems or open conflicts."""
        return self._out(scenarios.scenario_submit(scenario=self.get_object(), user=request.user))

    @extend_schema(request=DecideIn, responses=ScenarioOut)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk):
        """Approve, or send back with a comment (an approver)."""
        scenario = self.get_object()
        data = DecideIn(data=request.data)
        data.is_valid(raise_exception=True)
        scenarios.scenario_decide(scenario=scenario, user=request.user, **data.validated_data)
        return self._out(scenario)

    @extend_schema(request=None, responses=ScenarioOut)
    @action(detail=True, methods=["post"])
    def apply(self, request, pk):
        """Apply an approved scenario (HR admin): its changes become pending on its day."""
        return self._out(scenarios.scenario_apply(scenario=self.get_object(), user=request.user))


def _text(value) -> str | None:
    return None if value is None else str(value)
