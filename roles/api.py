"""REST API for the job architecture: roles (with their content), the role tree, skills.

Everyone signed in reads; HR admins write, through roles/services.py. Text fields come in the
language of the request (Accept-Language: en, de, pl), with English where a translation is missing,
and writes of text fields go to that language.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.idempotency import IdempotentPosts
from core.inputs import EXTERNAL_ID_MAX_LENGTH, check_external_id
from core.rest import (
    HRAdminWrites,
    IdField,
    RelatedValues,
    conflict,
    refuse_taken_external_id,
    save_model,
)

from . import services
from .models import PayPeriod, Role, RoleSkill, Skill, SkillCategory, Track

# ---------------------------------------------------------------- roles


class AliasOut(serializers.Serializer):
    name = serializers.CharField()
    language = serializers.CharField()


class RoleSkillOut(serializers.Serializer):
    skill = serializers.IntegerField(source="skill_id")
    slug = serializers.CharField(source="skill.slug")
    name = serializers.CharField(source="skill.name")
    level = serializers.IntegerField()


class BandOut(serializers.Serializer):
    currency = serializers.CharField()
    period = serializers.ChoiceField(choices=PayPeriod.choices)
    minimum = serializers.DecimalField(max_digits=12, decimal_places=2)
    midpoint = serializers.DecimalField(max_digits=12, decimal_places=2)
    maximum = serializers.DecimalField(max_digits=12, decimal_places=2)
    effective_from = serializers.DateField()
    location = serializers.CharField()


class RoleOut(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    level = serializers.IntegerField(help_text=gettext_lazy("depth in the role tree, 0 at the top"))
    track = serializers.ChoiceField(choices=Track.choices)
    career_level = serializers.IntegerField()
    education = serializers.CharField()
    min_experience_months = serializers.IntegerField()
    span_min = serializers.IntegerField(
        allow_null=True,
        help_text=gettext_lazy(
            "Span-of-control norm: fewest direct reports of a manager in this role; null: none."
        ),
    )
    span_max = serializers.IntegerField(
        allow_null=True,
        help_text=gettext_lazy(
            "Span-of-control norm: most direct reports of a manager in this role; null: the "
            "site-wide norm (SPAN_OF_CONTROL_NORM)."
        ),
    )
    aliases = AliasOut(many=True)
    responsibilities = RelatedValues("text", child=serializers.CharField())
    skills = RoleSkillOut(many=True, source="role_skills")
    salary_bands = BandOut(many=True)


class RoleIn(serializers.Serializer):
    title = serializers.CharField(max_length=120)
    slug = serializers.SlugField(max_length=120)
    parent = IdField(
        queryset=Role.objects.all(),
        allow_null=True,
        help_text=gettext_lazy("The role this one reports to; null only for the top role."),
    )
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    track = serializers.ChoiceField(choices=Track.choices)
    career_level = serializers.IntegerField(min_value=1, max_value=20)
    education = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    min_experience_months = serializers.IntegerField(
        min_value=0, max_value=600, required=False, default=0
    )
    external_id = serializers.CharField(
        max_length=EXTERNAL_ID_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        validators=[check_external_id],
        help_text=gettext_lazy(
            "Your system's key for the role (letters, digits, . _ : ~ -); unique; empty for none."
        ),
    )
    # The norm is HR admins' setting, not an HRIS field: left as it is when a write (a PUT from a
    # sync by external id, too) does not name it, so a sync never wipes it.
    span_min = serializers.IntegerField(
        min_value=0,
        max_value=1000,
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "Span-of-control norm: fewest direct reports; null for none; unchanged when omitted."
        ),
    )
    span_max = serializers.IntegerField(
        min_value=1,
        max_value=1000,
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "Span-of-control norm: most direct reports; null for the site-wide norm; unchanged "
            "when omitted."
        ),
    )


class RoleMoveIn(serializers.Serializer):
    parent = IdField(queryset=Role.objects.all(), allow_null=True)
    position = serializers.ChoiceField(choices=services.POSITIONS, default="last-child")


class RoleRow(serializers.Serializer):
    """A role as a plain row (tree endpoints); documents the shape, not used to render."""

    id = serializers.IntegerField()
    parent_id = serializers.IntegerField(allow_null=True)
    slug = serializers.CharField()
    title = serializers.CharField()
    track = serializers.ChoiceField(choices=Track.choices)
    career_level = serializers.IntegerField()
    level = serializers.IntegerField()


class TreeNode(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    track = serializers.ChoiceField(choices=Track.choices)
    career_level = serializers.IntegerField()
    level = serializers.IntegerField()
    children = serializers.ListField(
        child=serializers.DictField(), help_text=gettext_lazy("nodes of the same shape")
    )


ROW_FIELDS = ("id", "parent_id", "slug", "title", "track", "career_level", "level")


def role_tree(rows: list[dict]) -> list[dict]:
    """Nest rows (in tree order) into [{…, "children": [...]}]."""
    nodes = {row["id"]: {**row, "children": []} for row in rows}
    top = []
    for node in nodes.values():
        parent = nodes.get(node.pop("parent_id"))
        (parent["children"] if parent else top).append(node)
    return top


class RoleFilter(django_filters.FilterSet):
    track = django_filters.ChoiceFilter(choices=Track.choices)
    parent = django_filters.ModelChoiceFilter(queryset=Role.objects.all())
    career_level = django_filters.NumberFilter()
    external_id = django_filters.CharFilter(label=gettext_lazy("exactly this external ID"))
    search = django_filters.CharFilter(method="search_text", label=gettext_lazy("title or alias"))

    class Meta:
        model = Role
        fields = ["track", "parent", "career_level", "external_id", "search"]

    def search_text(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(title__icontains=text) | Q(aliases__name__icontains=text) | Q(slug__icontains=text)
        ).distinct()


class RoleViewSet(IdempotentPosts, viewsets.GenericViewSet):
    """Roles: everyone signed in reads; HR admins create, edit, move and delete them."""

    permission_classes = [HRAdminWrites]
    filterset_class = RoleFilter
    ordering_fields = ["title", "career_level", "slug", "id"]
    ordering = ["tree_id", "lft"]
    serializer_class = RoleOut

    def get_queryset(self):
        return Role.objects.prefetch_related(
            "aliases",
            "responsibilities",
            "salary_bands",
            Prefetch("role_skills", queryset=RoleSkill.objects.select_related("skill")),
        )

    @extend_schema(responses=RoleOut(many=True))
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(RoleOut(page, many=True).data)

    @extend_schema(responses=RoleOut)
    def retrieve(self, request, pk: int):
        return Response(RoleOut(self.get_object()).data)

    @extend_schema(request=RoleIn, responses={201: RoleOut})
    def create(self, request):
        role = Role()
        self._fill(role, request, partial=False)
        return Response(RoleOut(self.get_queryset().get(pk=role.pk)).data, status=201)

    @extend_schema(request=RoleIn, responses=RoleOut)
    def update(self, request, pk: int):
        role = self._fill(self.get_object(), request, partial=False)
        return Response(RoleOut(self.get_queryset().get(pk=role.pk)).data)

    @extend_schema(request=RoleIn(partial=True), responses=RoleOut)
    def partial_update(self, request, pk: int):
        role = self._fill(self.get_object(), request, partial=True)
        return Response(RoleOut(self.get_queryset().get(pk=role.pk)).data)

    def _fill(self, role: Role, request, *, partial: bool, data=None) -> Role:
        serializer = RoleIn(data=request.data if data is None else data, partial=partial)
        serializer.is_valid(raise_exception=True)
        external_id = serializer.validated_data.get("external_id", "")
        refuse_taken_external_id(Role.objects, external_id, pk=role.pk)
        for name, value in serializer.validated_data.items():
            setattr(role, name, value)  # translated fields: the request's language
        return services.role_save(role=role)

    @extend_schema(
        request=RoleIn,
        responses={200: RoleOut, 201: RoleOut},
        parameters=[
            OpenApiParameter(
                "external_id",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description=gettext_lazy(
                    "Your system's key: letters, digits and . _ : ~ -, 1-100 of them."
                ),
            )
        ],
        filters=False,
    )
    @action(
        detail=False,
        methods=["put"],
        url_path=r"by-external-id/(?P<external_id>[^/]+)",
        lookup_field="external_id",  # OPTIONS (the browsable API) looks the record up by it
        filter_backends=[],
    )
    def by_external_id(self, request, external_id: str):
        """Create or update the role with this external ID: 201 when created, 200 when changed
        (a new parent moves it with its subtree)."""
        role = Role.objects.filter(external_id=external_id).first()
        created = role is None
        body = request.data.dict() if hasattr(request.data, "dict") else request.data
        body = {**body, "external_id": external_id} if isinstance(body, dict) else {}
        role = self._fill(role or Role(), request, partial=False, data=body)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(RoleOut(self.get_queryset().get(pk=role.pk)).data, status=code)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk: int):
        """Refused with 409 while seats or paths use the role or other roles report to it."""
        try:
            services.role_delete(role=self.get_object())
        except ValidationError as refusal:
            raise conflict(refusal) from refusal
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=RoleMoveIn, responses=RoleOut)
    @action(detail=True, methods=["post"])
    def move(self, request, pk: int):
        """Move the role with its subtree: `first-child`/`last-child` of `parent`, or `left`/`right`
        of it as a sibling."""
        role = self.get_object()
        serializer = RoleMoveIn(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.role_move(role=role, target=data["parent"], position=data["position"])
        return Response(RoleOut(self.get_queryset().get(pk=role.pk)).data)

    @extend_schema(responses=TreeNode(many=True), filters=False)
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def tree(self, request):
        """The whole role tree, nested, in one query."""
        rows = list(Role.objects.order_by("tree_id", "lft").values(*ROW_FIELDS))
        return Response(role_tree(rows))

    @extend_schema(responses=RoleRow(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def ancestors(self, request, pk: int):
        """The roles above this one, from the top down."""
        role = self.get_object()
        return Response(list(role.get_ancestors().values(*ROW_FIELDS)))

    @extend_schema(responses=RoleRow(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def descendants(self, request, pk: int):
        """Every role below this one, in tree order."""
        role = self.get_object()
        return Response(list(role.get_descendants().values(*ROW_FIELDS)))


# ---------------------------------------------------------------- skills


class SkillOut(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    category = serializers.ChoiceField(choices=SkillCategory.choices)
    description = serializers.CharField()


class SkillIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    slug = serializers.SlugField(max_length=120)
    category = serializers.ChoiceField(choices=SkillCategory.choices, default=SkillCategory.CORE)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class SkillFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=SkillCategory.choices)
    search = django_filters.CharFilter(method="search_text", label=gettext_lazy("name or slug"))

    class Meta:
        model = Skill
        fields = ["category", "search"]

    def search_text(self, queryset, name, value):
        text = value.strip()
        return queryset.filter(Q(name__icontains=text) | Q(slug__icontains=text))


class SkillViewSet(IdempotentPosts, viewsets.GenericViewSet):
    """Skills: everyone signed in reads; HR admins write. A skill in use cannot be deleted."""

    permission_classes = [HRAdminWrites]
    queryset = Skill.objects.all()
    filterset_class = SkillFilter
    ordering_fields = ["name", "slug", "id"]
    ordering = ["name", "id"]
    serializer_class = SkillOut

    @extend_schema(responses=SkillOut(many=True))
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(SkillOut(page, many=True).data)

    @extend_schema(responses=SkillOut)
    def retrieve(self, request, pk: int):
        return Response(SkillOut(self.get_object()).data)

    @extend_schema(request=SkillIn, responses={201: SkillOut})
    def create(self, request):
        return Response(SkillOut(self._fill(Skill(), request, partial=False)).data, status=201)

    @extend_schema(request=SkillIn, responses=SkillOut)
    def update(self, request, pk: int):
        return Response(SkillOut(self._fill(self.get_object(), request, partial=False)).data)

    @extend_schema(request=SkillIn(partial=True), responses=SkillOut)
    def partial_update(self, request, pk: int):
        return Response(SkillOut(self._fill(self.get_object(), request, partial=True)).data)

    def _fill(self, skill: Skill, request, *, partial: bool) -> Skill:
        serializer = SkillIn(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        for name, value in serializer.validated_data.items():
            setattr(skill, name, value)
        return save_model(skill)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk: int):
        """Refused with 409 while roles, people or paths use the skill."""
        self.get_object().delete()  # PROTECT: ProtectedError becomes 409 in core.rest
        return Response(status=status.HTTP_204_NO_CONTENT)
