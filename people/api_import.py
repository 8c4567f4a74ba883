"""The import over the REST API: upload a file (or JSON rows), see the plan, confirm it.

POST /imports/ checks (dry_run, the default) or applies a file; POST /imports/{token}/confirm/
applies the checked file. The same function, the same all-or-nothing rule and the same messages
as the command and the upload page (people/imports/).
"""

import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core import problems
from core.idempotency import IdempotentPosts
from core.rest import HRWrites, JSONParser

from .imports import ImportReport, import_people, pending
from .imports.formats import MAX_BYTES
from .imports.read import FIELDS
from .models import ImportMapping

MAX_JSON_ROWS = 100_000
OPTIONS = (
    "create_roles",
    "roles_under",
    "tops_under",
    "vacant_when",
    "withheld_when",
    "date_format",
    "snapshot",
    "sheet",
    "encoding",
    "delimiter",
    "mapping",
)


# What every import of the API takes (people, pay, forecasts): a file (multipart) or its rows as
# JSON objects, one of the two, the file no larger than the imports read. Subclasses give `file`
# and `rows` their own help texts; `content()` is the bytes to read either way. (A comment, not
# a docstring: the schema would give the subclasses its text as their description.)
class UploadIn(serializers.Serializer):
    file = serializers.FileField(
        required=False, help_text=gettext_lazy("A CSV or .xlsx file (multipart upload).")
    )
    rows = serializers.ListField(
        child=serializers.DictField(
            child=serializers.CharField(allow_blank=True, allow_null=True, max_length=200)
        ),
        required=False,
        max_length=MAX_JSON_ROWS,
    )

    def validate(self, data: dict) -> dict:
        if ("file" in data) == ("rows" in data):
            raise ValidationError({"file": [_("Send a file or rows, not both and not neither.")]})
        upload = data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            limit = MAX_BYTES // (1024 * 1024)
            message = _("The file is larger than %(mb)s MB.") % {"mb": limit}
            raise ValidationError({"file": [message]})
        return data

    @staticmethod
    def content(data: dict) -> bytes:
        upload = data.get("file")
        return upload.read() if upload is not None else rows_as_csv(data["rows"])


class ImportIn(UploadIn):
    file = serializers.FileField(
        required=False, help_text=gettext_lazy("A CSV or .xlsx file (multipart upload).")
    )
    rows = serializers.ListField(
        child=serializers.DictField(
            child=serializers.CharField(allow_blank=True, allow_null=True, max_length=131_072)
        ),
        required=False,
        max_length=MAX_JSON_ROWS,
        help_text=gettext_lazy(
            "Instead of a file: rows as objects of column → text, read like a CSV whose header "
            "is their keys. rows[0] is row 2 in the problems (row 1 is the header)."
        ),
    )
    dry_run = serializers.BooleanField(
        default=True, help_text=gettext_lazy("Check and answer the plan (default); write nothing.")
    )
    create_roles = serializers.BooleanField(default=False)
    roles_under = serializers.CharField(default="", allow_blank=True, max_length=120)
    tops_under = serializers.CharField(default="", allow_blank=True, max_length=40)
    vacant_when = serializers.ListField(
        child=serializers.CharField(max_length=80), required=False, max_length=100
    )
    withheld_when = serializers.ListField(
        child=serializers.CharField(max_length=80), required=False, max_length=100
    )
    date_format = serializers.CharField(required=False, max_length=40)
    snapshot = serializers.CharField(required=False, max_length=80)
    sheet = serializers.CharField(default="", allow_blank=True, max_length=80)
    encoding = serializers.ChoiceField(
        choices=["utf-8", "utf-8-sig", "cp1252", "cp1250", "iso-8859-2", "utf-16"], required=False
    )
    delimiter = serializers.ChoiceField(choices=[",", ";", "\t", "|"], required=False)
    mapping_name = serializers.CharField(
        required=False,
        max_length=80,
        help_text=gettext_lazy(
            "A mapping saved on the import page (or for the command's --mapping), by name; "
            "entries of `map` override it."
        ),
    )
    map = serializers.ListField(
        child=serializers.RegexField(r"^[a-z_]+=.{0,200}$"),
        required=False,
        max_length=len(FIELDS),
        help_text=gettext_lazy("FIELD=COLUMN, as the command's --map (empty COLUMN: ignore)."),
    )

    def validate(self, data: dict) -> dict:
        data = super().validate(data)
        mapping = {}
        if name := data.pop("mapping_name", None):
            saved = ImportMapping.objects.filter(name=name).first()
            if saved is None:
                names = ", ".join(ImportMapping.objects.values_list("name", flat=True))
                message = _("No mapping is called %(name)s; saved mappings: %(names)s.") % {
                    "name": name,
                    "names": names or _("none"),
                }
                raise ValidationError({"mapping_name": [message]})
            mapping.update(saved.columns)
        if "map" in data:
            mapping.update(item.split("=", 1) for item in data.pop("map"))
        if mapping:
            data["mapping"] = mapping
        return data


class ProblemOut(serializers.Serializer):
    row = serializers.IntegerField(help_text=gettext_lazy("1 is the header; 0: the whole file."))
    column = serializers.CharField()
    message = serializers.CharField()


class ChangeOut(serializers.Serializer):
    row = serializers.IntegerField()
    status = serializers.CharField()
    who = serializers.CharField()
    what = serializers.CharField()


class ImportOut(serializers.Serializer):
    token = serializers.CharField(
        allow_null=True,
        help_text=gettext_lazy("Confirm with POST /imports/{token}/confirm/ (after a dry run)."),
    )
    applied = serializers.BooleanField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    people_created = serializers.IntegerField()
    people_updated = serializers.IntegerField()
    seats_created = serializers.IntegerField()
    seats_updated = serializers.IntegerField()
    moves = serializers.IntegerField(help_text=gettext_lazy("People who change seats."))
    exits = serializers.IntegerField(help_text=gettext_lazy("People who lose their seat."))
    vacancies = serializers.IntegerField()
    withheld = serializers.IntegerField()
    new_roles = serializers.ListField(child=serializers.CharField())
    notes = serializers.ListField(child=serializers.CharField())
    problems = ProblemOut(many=True)
    changes = ChangeOut(many=True)


def _answer(report: ImportReport, token: str | None) -> Response:
    body = {
        "token": token,
        "applied": report.applied,
        "rows": report.rows,
        "created": len(report.created),
        "updated": len(report.updated),
        "unchanged": len(report.unchanged),
        "people_created": report.people_created,
        "people_updated": report.people_updated,
        "seats_created": report.seats_created,
        "seats_updated": report.seats_updated,
        "moves": report.moves,
        "exits": report.exits,
        "vacancies": report.vacancies,
        "withheld": report.withheld,
        "new_roles": report.new_roles,
        "notes": report.notes,
        "problems": [
            {"row": e.row, "column": e.column, "message": e.message} for e in report.errors
        ],
        "changes": [{"row": r, "status": s, "who": w, "what": c} for r, s, w, c in report.changes],
    }
    if report.ok:
        return Response(body)
    # 422, not 400: the request was well formed; the file it carries has problems, by row. A
    # problem document like every refusal, with the plan's members beside its own (RFC 9457
    # allows members of its own to a problem type).
    detail = ngettext(
        "The file has %(n)d problem; nothing was written.",
        "The file has %(n)d problems; nothing was written.",
        len(report.errors),
    ) % {"n": len(report.errors)}
    unprocessable = status.HTTP_422_UNPROCESSABLE_ENTITY
    body = problems.problem(unprocessable, "import_has_problems", detail) | body
    return Response(body, status=unprocessable, content_type=problems.MEDIA_TYPE)


def rows_as_csv(rows: list[dict[str, str]]) -> bytes:
    """JSON rows as the CSV they stand for: the header is every key, in the order first seen."""
    header = list(dict.fromkeys(key for row in rows for key in row))
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(header)
    writer.writerows([row.get(key) or "" for key in header] for row in rows)
    return stream.getvalue().encode()


class ImportView(IdempotentPosts, APIView):
    """Check (dry run) or apply an HRIS export: all or nothing, HR only."""

    permission_classes = [HRWrites]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={"application/json": ImportIn, "multipart/form-data": ImportIn},
        responses={200: ImportOut, 422: ImportOut},
    )
    def post(self, request):
        given = ImportIn(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        content = ImportIn.content(data)
        options = {k: data[k] for k in OPTIONS if k in data}
        if "rows" in data:
            options.pop("encoding", None)
            options["delimiter"] = ","
        report = import_people(data=content, dry_run=data["dry_run"], actor=request.user, **options)
        token = None
        if report.ok and not report.applied:
            token = pending.keep(content, options, request.user.pk)
        return _answer(report, token)


class ImportConfirmView(IdempotentPosts, APIView):
    """Apply a checked file: the one the dry run answered with this token."""

    permission_classes = [HRWrites]

    @extend_schema(request=None, responses={200: ImportOut, 422: ImportOut})
    def post(self, request, token: str):
        kept = pending.load(token, request.user.pk)
        if kept is None:
            raise NotFound(_("No checked import has this token (or it has expired)."))
        content, options = kept
        report = import_people(data=content, actor=request.user, **options)
        if report.applied:
            pending.drop(token)
        return _answer(report, None)
