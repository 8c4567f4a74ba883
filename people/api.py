"""REST API for people and seats: lists, the lazy chart, chains, subtrees, moves, the flat export.

Thin views: check access, validate the shape of the input with a small serializer, call one
function of people/services.py (or a read of people/tree.py), answer. Tree reads are plain rows
from one query each, rendered by orjson; no per-object serializer on them.
"""

import django_filters
import pycountry
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response
from rest_framework.views import APIView

from core.groups import is_hr
from core.idempotency import IdempotentPosts
from core.inputs import CURRENCIES, EXTERNAL_ID_MAX_LENGTH, check_external_id
from core.rest import (
    Amount,
    Conflict,
    DateInWindow,
    HRWrites,
    IdField,
    ORJSONRenderer,
    RelatedValues,
    conflict,
    refuse_taken_external_id,
    row_id,
    save_model,
)
from roles.models import Role, Track

from . import as_of, services, tree
from .access import can_see_hire_date, can_see_salary, managed_seat_ids
from .models import AssignmentReason, Person, Position, Site
from .org_export import org_export_json

# ---------------------------------------------------------------- people


class PersonStatus(models.TextChoices):
    SEATED = "seated", gettext_lazy("in a seat")
    UNSEATED = "unseated", gettext_lazy("employed, without a seat")
    LEFT = "left", gettext_lazy("left the company")


def external_id_field(**kwargs) -> serializers.CharField:
    """An integration's key for the record: unique where set; empty for none."""
    return serializers.CharField(
        max_length=EXTERNAL_ID_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        validators=[check_external_id],
        help_text=gettext_lazy(
            "Your system's key for the record (letters, digits, . _ : ~ -); unique; empty for none."
        ),
        **kwargs,
    )


EXTERNAL_ID_PATH = OpenApiParameter(
    "external_id",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description=gettext_lazy("Your system's key: letters, digits and . _ : ~ -, 1-100 of them."),
)


class PersonOut(serializers.Serializer):
    id = serializers.IntegerField()
    employee_id = serializers.CharField()
    external_id = serializers.CharField()
    is_leaver = serializers.BooleanField(
        help_text=gettext_lazy("true once the person has left (the exit date stays restricted).")
    )
    status = serializers.SerializerMethodField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    full_name = serializers.CharField()
    name_withheld = serializers.BooleanField(
        help_text=gettext_lazy("The seat is filled; the source did not disclose who holds it.")
    )
    email = serializers.CharField()
    hire_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "HR, the person and their managers only; absent otherwise. null: unknown."
        ),
    )
    site = serializers.IntegerField(source="site_id", allow_null=True)
    languages = serializers.ListField(child=serializers.CharField())
    photo_url = serializers.CharField()
    position = serializers.IntegerField(source="seat_id", allow_null=True)
    role = serializers.IntegerField(source="seat_role_id", allow_null=True)
    role_slug = serializers.CharField(source="seat_role_slug", allow_null=True)
    salary = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        required=False,
        help_text=gettext_lazy("HR only (and the person themself); absent otherwise."),
    )
    salary_currency = serializers.CharField(required=False, help_text=gettext_lazy("HR only."))

    @extend_schema_field(serializers.ChoiceField(choices=PersonStatus.choices))
    def get_status(self, person: Person) -> str:
        if person.left_on is not None:
            return PersonStatus.LEFT
        return PersonStatus.SEATED if person.seat_id is not None else PersonStatus.UNSEATED

    def to_representation(self, person: Person) -> dict:
        data = super().to_representation(person)
        user = self.context["request"].user
        if not can_see_salary(user, person):
            del data["salary"], data["salary_currency"]
        if not can_see_hire_date(user, person, self.context.get("team")):
            del data["hire_date"]
        return data


class PersonIn(serializers.Serializer):
    employee_id = serializers.CharField(max_length=40)
    external_id = external_id_field()
    first_name = serializers.CharField(max_length=80)
    last_name = serializers.CharField(max_length=80, allow_blank=True, default="")
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
    hire_date = DateInWindow(required=False, allow_null=True, default=None)
    site = IdField(queryset=Site.objects.all(), required=False, allow_null=True, default=None)
    languages = serializers.ListField(
        child=serializers.CharField(max_length=10), required=False, default=list, max_length=20
    )
    photo_url = serializers.URLField(max_length=200, required=False, allow_blank=True, default="")
    salary = Amount(required=False, allow_null=True, default=None)
    salary_currency = serializers.ChoiceField(
        choices=CURRENCIES,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("An ISO 4217 code, e.g. EUR or PLN; empty for none."),
    )


class PersonCreateIn(PersonIn):
    position = IdField(
        queryset=Position.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("A vacant seat to place the new person in (optional)."),
    )
    started_on = DateInWindow(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("First day in the seat; the hire date when left out."),
    )


class ExitIn(serializers.Serializer):
    left_on = DateInWindow(help_text=gettext_lazy("The last day of employment."))
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class PersonFilter(django_filters.FilterSet):
    role = django_filters.ModelChoiceFilter(
        field_name="position__role", queryset=Role.objects.all(), label=gettext_lazy("role")
    )
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.all())
    manager = django_filters.ModelChoiceFilter(
        field_name="position__manager",
        queryset=Position.objects.all(),
        label=gettext_lazy("the seat the person's seat reports to"),
    )
    track = django_filters.ChoiceFilter(field_name="position__role__track", choices=Track.choices)
    employee_id = django_filters.CharFilter(label=gettext_lazy("exactly this employee ID"))
    external_id = django_filters.CharFilter(label=gettext_lazy("exactly this external ID"))
    leaver = django_filters.BooleanFilter(
        field_name="left_on",
        lookup_expr="isnull",
        exclude=True,
        label=gettext_lazy("only people who left (true) or who did not (false)"),
    )
    search = django_filters.CharFilter(
        method="search_text", label=gettext_lazy("name, employee ID or e-mail")
    )

    class Meta:
        model = Person
        fields = [
            "role",
            "site",
            "manager",
            "track",
            "employee_id",
            "external_id",
            "leaver",
            "search",
        ]

    def search_text(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset


def _people():
    return Person.objects.annotate(
        seat_id=F("position__id"),
        seat_role_id=F("position__role_id"),
        seat_role_slug=F("position__role__slug"),
    )


class PersonViewSet(IdempotentPosts, viewsets.GenericViewSet):
    """People: everyone signed in reads; HR adds and edits. Salary is shown to HR only."""

    permission_classes = [HRWrites]
    filterset_class = PersonFilter
    ordering = ["last_name", "first_name", "id"]
    serializer_class = PersonOut

    @property
    def ordering_fields(self) -> list[str]:
        # Sorting by hire date would tell the order of hire dates one may not see: HR only.
        fields = ["last_name", "first_name", "employee_id", "id"]
        return [*fields, "hire_date"] if is_hr(self.request.user) else fields

    def get_queryset(self):
        return _people()

    @extend_schema(responses=PersonOut(many=True))
    def list(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        # A manager's team is read once for the page, not once a person.
        context = {"request": request, "team": managed_seat_ids(request.user)}
        return self.get_paginated_response(PersonOut(page, many=True, context=context).data)

    @extend_schema(responses=PersonOut)
    def retrieve(self, request, pk: int):
        return Response(PersonOut(self.get_object(), context={"request": request}).data)

    @extend_schema(request=PersonCreateIn, responses={201: PersonOut})
    def create(self, request):
        data = _valid(PersonCreateIn, request)
        refuse_taken_external_id(Person.objects, data["external_id"])
        seat, started_on = data.pop("position"), data.pop("started_on")
        person = services.person_create(
            fields=data, position=seat, started_on=started_on, approved_by=request.user
        )
        return self._answer(person.pk, status.HTTP_201_CREATED)

    @extend_schema(request=PersonIn, responses=PersonOut)
    def update(self, request, pk: int):
        return self._change(request, partial=False)

    @extend_schema(request=PersonIn(partial=True), responses=PersonOut)
    def partial_update(self, request, pk: int):
        return self._change(request, partial=True)

    def _change(self, request, *, partial: bool) -> Response:
        person = self.get_object()
        data = _valid(PersonIn, request, partial=partial)
        refuse_taken_external_id(Person.objects, data.get("external_id", ""), pk=person.pk)
        for name, value in data.items():
            setattr(person, name, value)
        save_model(person)
        return self._answer(person.pk)

    @extend_schema(
        request=PersonIn,
        responses={200: PersonOut, 201: PersonOut},
        parameters=[EXTERNAL_ID_PATH],
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
        """Create or update the person with this external ID: 201 when created, 200 when
        changed. The body is a full person (PUT); a seat is given with /positions/{id}/hire/."""
        data = _valid(
            PersonIn, request, data={**_as_dict(request.data), "external_id": external_id}
        )
        person, created = services.person_upsert(fields=data)
        return self._answer(person.pk, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=ExitIn, responses=PersonOut)
    @action(detail=True, methods=["post"])
    def exit(self, request, pk: int):
        """End the person's employment on `left_on`: their seat becomes vacant (its reports stay
        under it), their assignment ends with reason "exit", their user account is switched off.
        HR only. Nothing is deleted."""
        person = self.get_object()
        services.person_exit(person=person, **_valid(ExitIn, request))
        return self._answer(person.pk)

    def _answer(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        person = _people().get(pk=pk)
        return Response(PersonOut(person, context={"request": self.request}).data, status=code)


def _as_dict(data) -> dict:
    """A request body as a plain dict (a form post's QueryDict keeps one value a key)."""
    return data.dict() if hasattr(data, "dict") else dict(data) if isinstance(data, dict) else {}


def _valid(serializer_class, request, *, partial: bool = False, data=None) -> dict:
    serializer = serializer_class(data=request.data if data is None else data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# ---------------------------------------------------------------- positions


class PositionOut(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    archived_on = serializers.DateField(
        allow_null=True,
        help_text=gettext_lazy("The day the seat left the org, kept for its history; null."),
    )
    manager = serializers.IntegerField(source="manager_id", allow_null=True)
    role = serializers.IntegerField(source="role_id")
    role_slug = serializers.CharField(source="role.slug")
    role_title = serializers.CharField(source="role.title")
    holder = serializers.IntegerField(source="holder_id", allow_null=True)
    holder_name = serializers.CharField(source="holder.full_name", allow_null=True, default=None)
    site = serializers.IntegerField(source="site_id", allow_null=True)
    is_assistant = serializers.BooleanField()
    is_vacant = serializers.BooleanField()
    dotted_line_managers = RelatedValues()
    direct_count = serializers.IntegerField()
    seat_count = serializers.IntegerField()
    headcount = serializers.IntegerField()


class PositionIn(serializers.Serializer):
    role = IdField(queryset=Role.objects.all())
    manager = IdField(
        queryset=Position.objects.all(),
        allow_null=True,
        help_text=gettext_lazy("The seat this one reports to; null only for the top of the org."),
    )
    site = IdField(queryset=Site.objects.all(), required=False, allow_null=True, default=None)
    is_assistant = serializers.BooleanField(required=False, default=False)
    external_id = external_id_field()


class ArchiveIn(serializers.Serializer):
    archived_on = DateInWindow(
        required=False,
        default=None,
        help_text=gettext_lazy("The day the seat leaves the org; today when left out."),
    )


class MoveIn(serializers.Serializer):
    manager = IdField(
        queryset=Position.objects.all(),
        help_text=gettext_lazy("The seat the moved seat (and everyone below it) will report to."),
    )


class HireIn(serializers.Serializer):
    person = IdField(queryset=Person.objects.all())
    started_on = DateInWindow()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class VacateIn(serializers.Serializer):
    ended_on = DateInWindow()
    reason = serializers.ChoiceField(
        choices=[AssignmentReason.EXIT, AssignmentReason.TRANSFER], default=AssignmentReason.EXIT
    )


class AsOfIn(serializers.Serializer):
    as_of = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("YYYY-MM-DD: the seats as they were on that date; today if empty."),
    )

    def validate_as_of(self, value: str):
        asked = as_of.parse_as_of(value)
        if asked.problem:  # a future date is refused here: an API answer has no notice to show
            raise serializers.ValidationError(asked.problem)
        return asked.day


class DeleteIn(serializers.Serializer):
    reports_to = IdField(
        queryset=Position.objects.all(), required=False, allow_null=True, default=None
    )


class DepthIn(serializers.Serializer):
    depth = serializers.IntegerField(min_value=1, max_value=100, required=False, default=None)


class SeatRow(serializers.Serializer):
    """A seat as a plain row (tree endpoints); documents the shape, not used to render."""

    id = serializers.IntegerField()
    manager_id = serializers.IntegerField(allow_null=True)
    depth = serializers.IntegerField()
    role_id = serializers.IntegerField()
    role_slug = serializers.CharField()
    role_title = serializers.CharField()
    holder_id = serializers.IntegerField(allow_null=True)
    employee_id = serializers.CharField(allow_null=True)
    first_name = serializers.CharField(allow_null=True)
    last_name = serializers.CharField(allow_null=True)
    name_withheld = serializers.BooleanField(
        allow_null=True,
        help_text=gettext_lazy("true: the seat is filled by someone the source did not name."),
    )
    site_id = serializers.IntegerField(allow_null=True)
    is_assistant = serializers.BooleanField()
    direct_count = serializers.IntegerField()
    seat_count = serializers.IntegerField()
    headcount = serializers.IntegerField()


class ChildrenOut(serializers.Serializer):
    position = SeatRow()
    children = SeatRow(many=True)


class PositionFilter(django_filters.FilterSet):
    role = django_filters.ModelChoiceFilter(queryset=Role.objects.all())
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.all())
    manager = django_filters.ModelChoiceFilter(queryset=Position.objects.all())
    vacancy = django_filters.BooleanFilter(
        field_name="holder", lookup_expr="isnull", label=gettext_lazy("only vacant (or filled)")
    )
    track = django_filters.ChoiceFilter(field_name="role__track", choices=Track.choices)
    external_id = django_filters.CharFilter(label=gettext_lazy("exactly this external ID"))
    archived = django_filters.BooleanFilter(
        field_name="archived_on",
        lookup_expr="isnull",
        exclude=True,
        label=gettext_lazy("archived seats only (true); the org's seats are listed without it"),
    )
    search = django_filters.CharFilter(
        method="search_text", label=gettext_lazy("holder name, employee ID or role slug")
    )

    class Meta:
        model = Position
        fields = [
            "role",
            "site",
            "manager",
            "vacancy",
            "track",
            "external_id",
            "archived",
            "search",
        ]

    def search_text(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        holders = Person.objects.search(text).values("pk")
        return queryset.filter(Q(holder__in=holders) | Q(role__slug__icontains=text))


class PositionViewSet(IdempotentPosts, viewsets.GenericViewSet):
    """Seats: everyone signed in reads; HR creates, moves, fills, vacates and removes them."""

    permission_classes = [HRWrites]
    filterset_class = PositionFilter
    ordering_fields = ["id", "headcount", "seat_count", "direct_count"]
    ordering = ["id"]
    serializer_class = PositionOut

    def get_queryset(self):
        return Position.objects.select_related("role", "holder").prefetch_related(
            Prefetch("dotted_line_managers", queryset=Position.objects.only("id"))
        )

    @extend_schema(responses=PositionOut(many=True))
    def list(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        if "archived" not in request.query_params:  # archived seats only when asked for
            queryset = queryset.active()
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(PositionOut(page, many=True).data)

    @extend_schema(responses=PositionOut)
    def retrieve(self, request, pk: int):
        return Response(PositionOut(self.get_object()).data)

    @extend_schema(request=PositionIn, responses={201: PositionOut})
    def create(self, request):
        data = _valid(PositionIn, request)
        refuse_taken_external_id(Position.objects, data["external_id"])
        position = services.position_create(**data)
        return Response(PositionOut(self.get_queryset().get(pk=position.pk)).data, status=201)

    @extend_schema(request=PositionIn, responses=PositionOut)
    def update(self, request, pk: int):
        """Change the seat's role, site, assistant flag or external ID; a new manager moves it
        with everyone below it. Who holds it is changed with hire and vacate."""
        return self._change(request, partial=False)

    @extend_schema(request=PositionIn(partial=True), responses=PositionOut)
    def partial_update(self, request, pk: int):
        """Change only the fields sent (see PUT)."""
        return self._change(request, partial=True)

    def _change(self, request, *, partial: bool) -> Response:
        position = self.get_object()
        data = _valid(PositionIn, request, partial=partial)
        refuse_taken_external_id(Position.objects, data.get("external_id", ""), pk=position.pk)
        services.position_change(position=position, **data)
        return Response(PositionOut(self.get_queryset().get(pk=position.pk)).data)

    @extend_schema(
        request=PositionIn,
        responses={200: PositionOut, 201: PositionOut},
        parameters=[EXTERNAL_ID_PATH],
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
        """Create or update the seat with this external ID: 201 when created (vacant), 200 when
        changed (a new manager moves it with everyone below it)."""
        body = {**_as_dict(request.data), "external_id": external_id}
        data = _valid(PositionIn, request, data=body)
        position, created = services.position_upsert(**data)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(PositionOut(self.get_queryset().get(pk=position.pk)).data, status=code)

    @extend_schema(request=ArchiveIn, responses=PositionOut)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk: int):
        """Take a vacant seat without reports out of the org, keeping it for its history: it
        leaves the chart, the lists (unless `?archived=true`) and the counts. 409 when the seat
        is held, has reports, is the top seat or is archived already."""
        position = self.get_object()
        day = _valid(ArchiveIn, request)["archived_on"] or timezone.localdate()
        try:
            services.position_archive(position=position, on=day)
        except ValidationError as refusal:
            if hasattr(refusal, "error_dict"):
                raise  # a date before the last holder left: bad input, 400
            raise conflict(refusal) from refusal
        return Response(PositionOut(self.get_queryset().get(pk=position.pk)).data)

    @extend_schema(parameters=[DeleteIn], responses={204: None})
    def destroy(self, request, pk: int):
        position = self.get_object()
        data = _valid(DeleteIn, request, data=request.query_params)
        try:
            services.position_delete(position=position, reports_to=data["reports_to"])
        except ValidationError as refusal:
            raise conflict(refusal) from refusal
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=MoveIn, responses=PositionOut)
    @action(detail=True, methods=["post"])
    def move(self, request, pk: int):
        """Make this seat, with everyone below it, report to another seat (moves a team)."""
        position = self.get_object()
        services.position_move(position=position, new_manager=_valid(MoveIn, request)["manager"])
        return Response(PositionOut(self.get_queryset().get(pk=position.pk)).data)

    @extend_schema(request=HireIn, responses=PositionOut)
    @action(detail=True, methods=["post"])
    def hire(self, request, pk: int):
        """Place a person without a seat in this vacant seat."""
        position = self.get_object()
        services.person_hire(position=position, approved_by=request.user, **_valid(HireIn, request))
        return Response(PositionOut(self.get_queryset().get(pk=position.pk)).data)

    @extend_schema(request=VacateIn, responses=PositionOut)
    @action(detail=True, methods=["post"])
    def vacate(self, request, pk: int):
        """End the holder's assignment; the seat stays, vacant, with its reports."""
        position = self.get_object()
        services.position_vacate(position=position, **_valid(VacateIn, request))
        return Response(PositionOut(self.get_queryset().get(pk=position.pk)).data)

    @extend_schema(responses=ChildrenOut, filters=False, parameters=[AsOfIn])
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def children(self, request, pk: int):
        """The seat and its direct reports, each with direct and total headcount (1 query).

        With `as_of=YYYY-MM-DD`: as they were on that date, rebuilt from the history (holders
        from the assignments, reporting lines from the seats' recorded changes; a few queries
        that read the whole org). 404 when the seat did not exist then. People whose hire and exit
        dates you may not see are placed as on the first day of that month (docs/access.md)."""
        day = _valid(AsOfIn, request, data=request.query_params)["as_of"]
        if day is not None:
            rows = as_of.children_rows(as_of.load(day, viewer=request.user), row_id(pk))
        else:
            rows = tree.children_rows(row_id(pk))
        if not rows or rows[0]["depth"] != 0:
            raise NotFound()
        return Response({"position": rows[0], "children": rows[1:]})

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "depth", OpenApiTypes.INT, description=_("levels below the seat (1-100); all")
            )
        ],
        responses=SeatRow(many=True),
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        pagination_class=None,
        filter_backends=[],
        renderer_classes=[ORJSONRenderer],  # whole subtrees: never drawn as an HTML page
    )
    def subtree(self, request, pk: int):
        """The seat and every seat below it, down to `depth` levels, nearest levels first."""
        depth = _valid(DepthIn, request, data=request.query_params)["depth"]
        rows = tree.subtree_rows(row_id(pk), depth)
        if not rows:
            raise NotFound()
        return Response(rows)

    @extend_schema(responses=SeatRow(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def chain(self, request, pk: int):
        """The chain of command: the seat, its manager, theirs, … up to the top (1 query)."""
        rows = tree.chain_rows(row_id(pk))
        if not rows:
            raise NotFound()
        return Response(rows)


class ExportOut(serializers.Serializer):
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(
        child=serializers.ListField(),
        help_text=gettext_lazy("one list a seat, values in the order of `columns`"),
    )


class OrgExportView(APIView):
    """The whole org as flat rows, one query, not paginated: made for nightly syncs and BI.

    Salary columns are there for HR only. JSON only: the browsable API would draw 100,000 rows
    as one HTML page (a browser asking for HTML, with */*, gets the JSON). Streamed a chunk of
    rows at a time as the database writes their JSON (people/org_export.py), so a worker's
    memory stays flat whatever the size of the org, and no Response keeps the rows alive after
    it is sent: DRF's Response and its renderer context refer to each other, which left every
    export's rows to the cycle collector (issue 21)."""

    renderer_classes = [ORJSONRenderer]  # negotiation only: a browser's text/html is a 406

    @extend_schema(responses=ExportOut)
    def get(self, request):
        body = org_export_json(include_salary=is_hr(request.user))
        return StreamingHttpResponse(body, content_type="application/json")


# ---------------------------------------------------------------- sites

COUNTRIES = sorted(country.alpha_2 for country in pycountry.countries)


class SiteOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField()


class SiteIn(serializers.Serializer):
    code = serializers.CharField(max_length=12)
    name = serializers.CharField(max_length=80)
    city = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    country = serializers.ChoiceField(
        choices=COUNTRIES, help_text=gettext_lazy("An ISO 3166 code in capitals, e.g. DE or PL.")
    )


class SiteViewSet(IdempotentPosts, viewsets.GenericViewSet):
    """Sites (offices, call centers): everyone signed in reads; HR adds, edits and removes them.
    A site people or seats are at cannot be removed (409)."""

    permission_classes = [HRWrites]
    queryset = Site.objects.all()
    ordering_fields = ["name", "code", "id"]
    ordering = ["name", "id"]
    serializer_class = SiteOut
    filter_backends = [OrderingFilter]

    @extend_schema(responses=SiteOut(many=True))
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(SiteOut(page, many=True).data)

    @extend_schema(responses=SiteOut)
    def retrieve(self, request, pk: int):
        return Response(SiteOut(self.get_object()).data)

    @extend_schema(request=SiteIn, responses={201: SiteOut})
    def create(self, request):
        return Response(SiteOut(self._fill(Site(), request, partial=False)).data, status=201)

    @extend_schema(request=SiteIn, responses=SiteOut)
    def update(self, request, pk: int):
        return Response(SiteOut(self._fill(self.get_object(), request, partial=False)).data)

    @extend_schema(request=SiteIn(partial=True), responses=SiteOut)
    def partial_update(self, request, pk: int):
        return Response(SiteOut(self._fill(self.get_object(), request, partial=True)).data)

    def _fill(self, site: Site, request, *, partial: bool) -> Site:
        data = _valid(SiteIn, request, partial=partial)
        code = data.get("code")
        if code and Site.objects.filter(code__iexact=code).exclude(pk=site.pk).exists():
            raise Conflict(
                _("Another site already has the code “%(code)s”.") % {"code": code},
                code="duplicate_site_code",
            )
        for name, value in data.items():
            setattr(site, name, value)
        return save_model(site)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk: int):
        """Refused with 409 while people or seats are at the site."""
        site = self.get_object()
        if Person.objects.filter(site=site).exists() or Position.objects.filter(site=site).exists():
            raise Conflict(
                _("People or seats are at this site; give them another site first."),
                code="in_use",
            )
        site.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
