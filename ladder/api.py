"""REST API for the career ladder: promotion paths, promotions, a person's career options.

Everyone signed in reads (salary only for HR and the person themself); HR writes paths and promotes
people, through ladder/services.py.
"""

import django_filters
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.groups import is_hr
from core.idempotency import IdempotentPosts
from core.rest import DateInWindow, HRWrites, IdField, save_model
from people.access import can_see_readiness, can_see_salary, people_with_visible_dates
from people.models import Person, Position
from roles.models import PayPeriod, Role, Track

from . import readiness, services
from .models import Criterion, PathKind, PathSkill, Promotion, PromotionPath

# ---------------------------------------------------------------- promotion paths


class PathSkillOut(serializers.Serializer):
    skill = serializers.IntegerField(source="skill_id")
    slug = serializers.CharField(source="skill.slug")
    name = serializers.CharField(source="skill.name")
    level = serializers.IntegerField()


class CriterionOut(serializers.Serializer):
    metric = serializers.CharField()
    label = serializers.CharField()
    threshold = serializers.DecimalField(max_digits=10, decimal_places=2)
    unit = serializers.CharField()


class PathOut(serializers.Serializer):
    id = serializers.IntegerField()
    from_role = serializers.IntegerField(source="from_role_id")
    to_role = serializers.IntegerField(source="to_role_id")
    kind = serializers.ChoiceField(choices=PathKind.choices)
    min_months = serializers.IntegerField()
    skills = PathSkillOut(many=True)
    criteria = CriterionOut(many=True)


class PathIn(serializers.Serializer):
    from_role = IdField(queryset=Role.objects.all())
    to_role = IdField(queryset=Role.objects.all())
    kind = serializers.ChoiceField(choices=PathKind.choices)
    min_months = serializers.IntegerField(min_value=0, max_value=600, required=False, default=0)


class PathFilter(django_filters.FilterSet):
    from_role = django_filters.ModelChoiceFilter(queryset=Role.objects.all())
    to_role = django_filters.ModelChoiceFilter(queryset=Role.objects.all())
    kind = django_filters.ChoiceFilter(choices=PathKind.choices)
    track = django_filters.ChoiceFilter(
        field_name="to_role__track", choices=Track.choices, label=gettext_lazy("track of to_role")
    )
    search = django_filters.CharFilter(method="search_text", label=gettext_lazy("role slug"))

    class Meta:
        model = PromotionPath
        fields = ["from_role", "to_role", "kind", "track", "search"]

    def search_text(self, queryset, name, value):
        text = value.strip()
        return queryset.filter(
            Q(from_role__slug__icontains=text) | Q(to_role__slug__icontains=text)
        )


class PromotionPathViewSet(IdempotentPosts, viewsets.GenericViewSet):
    """Promotion paths between roles: everyone signed in reads; HR writes."""

    permission_classes = [HRWrites]
    filterset_class = PathFilter
    ordering_fields = ["id", "min_months"]
    ordering = ["id"]
    serializer_class = PathOut

    def get_queryset(self):
        return PromotionPath.objects.prefetch_related(
            Prefetch("skills", queryset=PathSkill.objects.select_related("skill")),
            Prefetch("criteria", queryset=Criterion.objects.order_by("metric")),
        )

    @extend_schema(responses=PathOut(many=True))
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(PathOut(page, many=True).data)

    @extend_schema(responses=PathOut)
    def retrieve(self, request, pk: int):
        return Response(PathOut(self.get_object()).data)

    @extend_schema(request=PathIn, responses={201: PathOut})
    def create(self, request):
        path = self._fill(PromotionPath(), request, partial=False)
        return Response(PathOut(self.get_queryset().get(pk=path.pk)).data, status=201)

    @extend_schema(request=PathIn, responses=PathOut)
    def update(self, request, pk: int):
        path = self._fill(self.get_object(), request, partial=False)
        return Response(PathOut(self.get_queryset().get(pk=path.pk)).data)

    @extend_schema(request=PathIn(partial=True), responses=PathOut)
    def partial_update(self, request, pk: int):
        path = self._fill(self.get_object(), request, partial=True)
        return Response(PathOut(self.get_queryset().get(pk=path.pk)).data)

    def _fill(self, path: PromotionPath, request, *, partial: bool) -> PromotionPath:
        serializer = PathIn(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        for name, value in serializer.validated_data.items():
            setattr(path, name, value)
        return save_model(path)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk: int):
        """Refused with 409 while promotions refer to the path."""
        self.get_object().delete()  # PROTECT: ProtectedError becomes 409 in core.rest
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- promotions


class PromotionOut(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    from_position = serializers.IntegerField(source="from_position_id", allow_null=True)
    to_position = serializers.IntegerField(source="to_position_id")
    path = serializers.IntegerField(source="path_id", allow_null=True)
    effective = serializers.DateField()
    approved_by = serializers.CharField(source="approved_by.username")
    note = serializers.CharField(
        required=False, help_text=gettext_lazy("HR only; absent otherwise.")
    )
    exception_reason = serializers.CharField(
        required=False, help_text=gettext_lazy("HR only; absent otherwise.")
    )
    created_at = serializers.DateTimeField()

    def to_representation(self, promotion: Promotion) -> dict:
        data = super().to_representation(promotion)
        if not is_hr(self.context["request"].user):  # HR's working notes on the decision
            del data["note"], data["exception_reason"]
        return data


class PromoteIn(serializers.Serializer):
    person = IdField(queryset=Person.objects.all())
    to_position = IdField(queryset=Position.objects.all(), help_text=gettext_lazy("A vacant seat."))
    effective = DateInWindow(help_text=gettext_lazy("Today or a past date."))
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    exception_reason = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("Required when no promotion path leads to the seat's role."),
    )


class PromotionFilter(django_filters.FilterSet):
    person = django_filters.ModelChoiceFilter(queryset=Person.objects.all())
    path = django_filters.ModelChoiceFilter(queryset=PromotionPath.objects.all())
    effective_after = django_filters.DateFilter(field_name="effective", lookup_expr="gte")
    effective_before = django_filters.DateFilter(field_name="effective", lookup_expr="lte")

    class Meta:
        model = Promotion
        fields = ["person", "path", "effective_after", "effective_before"]


class PromotionViewSet(IdempotentPosts, viewsets.GenericViewSet):
    """The promotion history; POST promotes a person into a vacant seat (HR).

    A promotion is part of a person's assignment history: HR reads all, a person their own, a
    manager those of their subtree (docs/access.md); others' answer 404. The note and the reason
    for an exception are HR's and absent for everyone else."""

    permission_classes = [HRWrites]
    filterset_class = PromotionFilter
    ordering_fields = ["effective", "id"]
    ordering = ["-effective", "-id"]
    serializer_class = PromotionOut

    def get_queryset(self):
        visible = people_with_visible_dates(self.request.user, via="person")
        return Promotion.objects.filter(visible).select_related("approved_by")

    @extend_schema(responses=PromotionOut(many=True))
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = {"request": request}
        return self.get_paginated_response(PromotionOut(page, many=True, context=context).data)

    @extend_schema(responses=PromotionOut)
    def retrieve(self, request, pk: int):
        return Response(PromotionOut(self.get_object(), context={"request": request}).data)

    @extend_schema(request=PromoteIn, responses={201: PromotionOut})
    def create(self, request):
        """Promote (or move sideways) a person into a vacant seat, approved by you."""
        serializer = PromoteIn(data=request.data)
        serializer.is_valid(raise_exception=True)
        promotion = services.promote_person(approved_by=request.user, **serializer.validated_data)
        promotion = self.get_queryset().get(pk=promotion.pk)
        return Response(PromotionOut(promotion, context={"request": request}).data, status=201)


# ---------------------------------------------------------------- career options


class SkillCheckOut(serializers.Serializer):
    skill_id = serializers.IntegerField()
    skill_slug = serializers.CharField()
    skill_name = serializers.CharField()
    required = serializers.IntegerField()
    actual = serializers.IntegerField()
    gap = serializers.IntegerField()
    met = serializers.BooleanField()


class CriterionCheckOut(serializers.Serializer):
    metric = serializers.CharField()
    label = serializers.CharField()
    threshold = serializers.DecimalField(max_digits=10, decimal_places=2)
    unit = serializers.CharField()
    value = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    met = serializers.BooleanField(allow_null=True)


class BandFitOut(serializers.Serializer):
    currency = serializers.CharField()
    period = serializers.ChoiceField(choices=PayPeriod.choices)
    minimum = serializers.DecimalField(max_digits=12, decimal_places=2)
    midpoint = serializers.DecimalField(max_digits=12, decimal_places=2)
    maximum = serializers.DecimalField(max_digits=12, decimal_places=2)
    salary = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text=gettext_lazy("HR and the person themself only; absent otherwise."),
    )
    position_pct = serializers.FloatField(required=False, allow_null=True)

    def to_representation(self, band) -> dict:
        data = super().to_representation(band)
        if not self.context.get("with_salary"):
            del data["salary"], data["position_pct"]
        return data


class ReadinessOut(serializers.Serializer):
    path_id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=PathKind.choices)
    to_role_id = serializers.IntegerField()
    to_role_slug = serializers.CharField()
    to_role_title = serializers.CharField()
    months_in_role = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("null: unknown (no hire date was imported).")
    )
    min_months = serializers.IntegerField()
    months_to_go = serializers.IntegerField(allow_null=True)
    tenure_met = serializers.BooleanField(allow_null=True)
    skills = SkillCheckOut(many=True)
    criteria = CriterionCheckOut(many=True)
    band = BandFitOut(allow_null=True)
    verdict = serializers.ChoiceField(choices=["ready", "nearly", "not_yet"])


class CareerOut(serializers.Serializer):
    person = serializers.IntegerField()
    options = ReadinessOut(many=True)


class CareerViewSet(IdempotentPosts, viewsets.GenericViewSet):
    """The next roles open to a person, with how ready they are for each."""

    queryset = Person.objects.all()
    serializer_class = CareerOut
    filter_backends = []
    pagination_class = None

    @extend_schema(responses=CareerOut)
    @action(detail=True, methods=["get"])
    def career(self, request, pk: int):
        """Readiness for the next roles: HR, the person themself and their managers (else 403)."""
        person = self.get_object()
        if not can_see_readiness(request.user, person):
            raise PermissionDenied(
                _("Only HR, the person and their managers may see this person's readiness.")
            )
        with_salary = can_see_salary(request.user, person)
        options = readiness.career_options(person, include_salary=with_salary)
        context = {"with_salary": with_salary}
        return Response(
            {"person": person.pk, "options": ReadinessOut(options, many=True, context=context).data}
        )
