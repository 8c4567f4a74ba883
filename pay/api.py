"""REST API of pay transparency: vacancies with their pay range for a careers site (Art. 5;
everyone signed in, as salary bands are); pay records and sex (HR only, read: 403 for everyone
else); and the pay import (HR only), which is how pay is written. Reports and requests stay on
HR's pages (docs/pay-transparency.md).

Vacancies are served here, not by people's API: people must not know about pay (the layering).
"""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy, ngettext
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core import problems
from core.groups import is_hr
from core.idempotency import IdempotentPosts
from core.rest import HRWrites, JSONParser
from people.api_import import UploadIn
from people.models import Person, Position
from roles import bands
from roles.models import SalaryBand

from . import imports
from .models import PayProfile, PayRecord, Sex

GENDER_NEUTRAL = {"de": "(m/w/d)", "pl": "(k/m)"}
MAX_JSON_ROWS = 100_000


class RangeOut(serializers.Serializer):
    currency = serializers.CharField()
    period = serializers.CharField(help_text=gettext_lazy("annual or hourly"))
    minimum = serializers.DecimalField(max_digits=12, decimal_places=2)
    maximum = serializers.DecimalField(max_digits=12, decimal_places=2)


class VacancyOut(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The seat's id."))
    role = serializers.IntegerField(source="role_id")
    title = serializers.CharField(source="role.title")
    title_de = serializers.CharField(
        help_text=gettext_lazy("The German title in gender-neutral form, e.g. “… (m/w/d)”.")
    )
    title_pl = serializers.CharField(
        help_text=gettext_lazy("The Polish title in gender-neutral form, e.g. “… (k/m)”.")
    )
    site = serializers.IntegerField(source="site_id", allow_null=True)
    country = serializers.CharField(allow_blank=True)
    pay_range = RangeOut(
        allow_null=True,
        help_text=gettext_lazy(
            "The band of the role at the seat's site (Directive (EU) 2023/970, Art. 5); null "
            "when the role has no band."
        ),
    )


def _vacancy(seat: Position) -> dict:
    country = seat.site.country if seat.site_id else ""
    band = bands.band_for(
        seat.role.salary_bands.all(), location=bands.location_for_country(country)
    )
    return {
        "id": seat.pk,
        "role_id": seat.role_id,
        "role": seat.role,
        "title_de": f"{seat.role.title_de or seat.role.title} {GENDER_NEUTRAL['de']}",
        "title_pl": f"{seat.role.title_pl or seat.role.title} {GENDER_NEUTRAL['pl']}",
        "site_id": seat.site_id,
        "country": country,
        "pay_range": None
        if band is None
        else {
            "currency": band.currency,
            "period": band.period,
            "minimum": band.minimum,
            "maximum": band.maximum,
        },
    }


class VacancyViewSet(viewsets.GenericViewSet):
    """Vacant seats with the pay range of their role at their site, for a careers site."""

    serializer_class = VacancyOut
    ordering_fields = ["id"]
    ordering = ["id"]

    def get_queryset(self):
        newest_first = SalaryBand.objects.order_by("-effective_from", "pk")
        return (
            Position.objects.vacant()
            .select_related("role", "site")
            .prefetch_related(Prefetch("role__salary_bands", queryset=newest_first))
        )

    @extend_schema(responses=VacancyOut(many=True))
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(VacancyOut([_vacancy(s) for s in page], many=True).data)


class PayImportIn(UploadIn):
    file = serializers.FileField(
        required=False, help_text=gettext_lazy("A CSV or .xlsx file (multipart upload).")
    )
    rows = serializers.ListField(
        child=serializers.DictField(
            child=serializers.CharField(allow_blank=True, allow_null=True, max_length=200)
        ),
        required=False,
        max_length=MAX_JSON_ROWS,
        help_text=gettext_lazy(
            "Instead of a file: rows as objects of column → text (employee_id, year, basic, …), "
            "read like a CSV whose header is their keys; rows[0] is row 2 in the problems."
        ),
    )
    year = serializers.IntegerField(
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=gettext_lazy("The reference year of rows without a year column."),
    )
    dry_run = serializers.BooleanField(
        default=False, help_text=gettext_lazy("Check only; write nothing.")
    )


class PayProblemOut(serializers.Serializer):
    row = serializers.IntegerField(help_text=gettext_lazy("1 is the header; 0: the whole file."))
    message = serializers.CharField()


class PayImportOut(serializers.Serializer):
    rows = serializers.IntegerField(help_text=gettext_lazy("Good rows."))
    written = serializers.IntegerField()
    problems = PayProblemOut(many=True)


class PayImportView(IdempotentPosts, APIView):
    """Import pay for a reference year (HR only): all or nothing, as the page and the command."""

    permission_classes = [HRWrites]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={"application/json": PayImportIn, "multipart/form-data": PayImportIn},
        responses={200: PayImportOut, 422: PayImportOut},
    )
    def post(self, request):
        given = PayImportIn(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        result = imports.import_pay(
            PayImportIn.content(data), year=data.get("year"), dry_run=data["dry_run"]
        )
        body = {
            "rows": len(result.rows),
            "written": result.written,
            "problems": [{"row": row, "message": message} for row, message in result.errors],
        }
        if not result.errors:
            return Response(body)
        detail = ngettext(
            "The file has %(n)d problem; nothing was written.",
            "The file has %(n)d problems; nothing was written.",
            len(result.errors),
        ) % {"n": len(result.errors)}
        unprocessable = status.HTTP_422_UNPROCESSABLE_ENTITY
        body = problems.problem(unprocessable, "import_has_problems", detail) | body
        return Response(body, status=unprocessable, content_type=problems.MEDIA_TYPE)


# ---------------------------------------------------------------- pay data: HR only


class HROnly(permissions.BasePermission):
    message = gettext_lazy("Pay data is for HR.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and is_hr(request.user))


class PayRecordOut(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    employee_id = serializers.CharField(source="person.employee_id")
    year = serializers.IntegerField()
    currency = serializers.CharField()
    basic = serializers.DecimalField(max_digits=12, decimal_places=2)
    bonus = serializers.DecimalField(max_digits=12, decimal_places=2)
    commission = serializers.DecimalField(max_digits=12, decimal_places=2)
    allowances = serializers.DecimalField(max_digits=12, decimal_places=2)
    weekly_hours = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text=gettext_lazy("Contractual hours a week.")
    )


class PayProfileOut(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    employee_id = serializers.CharField(source="person.employee_id")
    sex = serializers.ChoiceField(choices=Sex.choices, allow_blank=True)


class PayRecordFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(min_value=2000, max_value=2100)
    person = django_filters.ModelChoiceFilter(queryset=Person.objects.all())

    class Meta:
        model = PayRecord
        fields = ["year", "person"]


class PayProfileFilter(django_filters.FilterSet):
    person = django_filters.ModelChoiceFilter(queryset=Person.objects.all())
    sex = django_filters.ChoiceFilter(choices=Sex.choices)

    class Meta:
        model = PayProfile
        fields = ["person", "sex"]


class PayRecordViewSet(viewsets.GenericViewSet):
    """Pay per person and reference year (HR only; written by POST /api/v1/pay/imports/)."""

    permission_classes = [HROnly]
    serializer_class = PayRecordOut
    filterset_class = PayRecordFilter
    ordering_fields = ["id", "year"]
    ordering = ["id"]

    def get_queryset(self):
        return PayRecord.objects.select_related("person")

    @extend_schema(responses=PayRecordOut(many=True))
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(PayRecordOut(page, many=True).data)


class PayProfileViewSet(viewsets.GenericViewSet):
    """People's sex for the pay report (HR only; written by POST /api/v1/pay/imports/)."""

    permission_classes = [HROnly]
    serializer_class = PayProfileOut
    filterset_class = PayProfileFilter
    ordering_fields = ["id"]
    ordering = ["id"]

    def get_queryset(self):
        return PayProfile.objects.select_related("person")

    @extend_schema(responses=PayProfileOut(many=True))
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(PayProfileOut(page, many=True).data)
