"""The HR upload page (dry-run preview, then confirm) and the CSV download of the org.

The uploaded bytes wait in a private temporary file (core/private_files.py: this process's user
only) named by their SHA-256 between preview and confirm;
the session remembers the hash, so confirm applies exactly the file that was previewed, checked
again under the lock.
"""

import hashlib
import shlex
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core import private_files
from core.groups import is_hr
from people.imports import import_people
from people.imports.export import csv_pieces
from people.imports.read import FIELDS, detect_columns
from people.models import ImportMapping

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOADS = "callcenter-imports"  # a folder of core.private_files
SESSION_KEY = "people_import"
ENCODINGS = {
    "": gettext_lazy("detect"),
    "utf-8-sig": "UTF-8",
    "cp1252": "Windows-1252",
    "cp1250": "Windows-1250",
    "iso-8859-2": "ISO-8859-2",
    "utf-16": "UTF-16",
}

# The mapping step's menu: what each field of the import is, in the reader's language; the key
# (what --map and the API's `map` take) stays beside it.
FIELD_LABELS = {
    "employee_id": gettext_lazy("Employee ID"),
    "post_id": gettext_lazy("Post ID (one row a seat)"),
    "full_name": gettext_lazy("Full name (one column)"),
    "first_name": gettext_lazy("First name"),
    "last_name": gettext_lazy("Last name"),
    "email": gettext_lazy("Work e-mail"),
    "job_title": gettext_lazy("Job title"),
    "manager_id": gettext_lazy("Manager's employee or post ID"),
    "manager_email": gettext_lazy("Manager's e-mail"),
    "manager_position_id": gettext_lazy("Manager's seat number"),
    "department": gettext_lazy("Department or unit"),
    "site": gettext_lazy("Site"),
    "hire_date": gettext_lazy("Hire date"),
    "salary": gettext_lazy("Salary"),
    "snapshot": gettext_lazy("Snapshot date"),
    "currency": gettext_lazy("Currency"),
    "position_id": gettext_lazy("Seat number"),
    "is_vacancy": gettext_lazy("Vacancy (yes/no)"),
    "dotted_line_manager_id": gettext_lazy("Dotted-line manager's ID"),
}


def _stored(digest: str) -> Path:
    return private_files.folder(UPLOADS) / f"{digest}.csv"


def _keep(data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    private_files.sweep(private_files.folder(UPLOADS), "*.csv")  # previews nobody confirmed
    private_files.write(_stored(digest), data)
    return digest


DATE_ORDERS = ("", "DD/MM/YYYY", "MM/DD/YYYY")


def _options(request: HttpRequest) -> dict:
    """The upload form's options, each as the command's option of the same name."""
    encoding = request.POST.get("encoding", "")
    date_format = request.POST.get("date_format", "")
    return {
        "create_roles": request.POST.get("create_roles") == "on",
        "encoding": encoding if encoding in ENCODINGS else "",
        "roles_under": request.POST.get("roles_under", "").strip()[:120],
        "tops_under": request.POST.get("tops_under", "").strip()[:40],
        "date_format": date_format if date_format in DATE_ORDERS else "",
        "snapshot": request.POST.get("snapshot", "").strip()[:80],
        "sheet": request.POST.get("sheet", "").strip()[:80],
    }


def _import_args(options: dict) -> dict:
    """The options as import_people takes them (an empty choice: detect)."""
    return options | {
        "encoding": options["encoding"] or None,
        "date_format": options.get("date_format") or None,
        "snapshot": options.get("snapshot") or None,
        "sheet": options.get("sheet", ""),
    }


def _chosen_mapping(request: HttpRequest, data: bytes, encoding: str) -> dict[str, str]:
    """The mapping step's choices: every field the form names, the others not read at all."""
    columns = detect_columns(data, encoding=encoding or None)
    chosen = {name: "" for name in FIELDS}
    for i, column in enumerate(columns):
        name = request.POST.get(f"field-{i}", "")
        if name in FIELDS:
            chosen[name] = column.header
    return chosen


def _upload(request: HttpRequest) -> tuple[bytes, str, dict, dict] | dict:
    """The file to check: a new upload (with a saved mapping, if chosen), or the stored one
    again with the mapping step's choices. (data, name, options, mapping), or a problem."""
    pending = request.session.get(SESSION_KEY) or {}
    if "remap" in request.POST:
        digest = request.POST.get("data", "")
        path = _stored(digest)
        if not digest or pending.get("data") != digest or not path.exists():
            return {"problem": _("This preview has expired; upload the file again.")}
        data, options = path.read_bytes(), {k: pending.get(k, "") for k in _options(request)}
        return (
            data,
            pending.get("name", ""),
            options,
            _chosen_mapping(request, data, options["encoding"]),
        )
    upload = request.FILES.get("file")
    if upload is None:
        return {"problem": _("Choose a CSV or .xlsx file to upload.")}
    if upload.size > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        return {"problem": _("The file is larger than %(mb)s MB.") % {"mb": limit}}
    name = request.POST.get("mapping", "")
    saved = ImportMapping.objects.filter(name=name).first() if name else None
    return upload.read(), upload.name, _options(request), dict(saved.columns) if saved else {}


def _preview(request: HttpRequest) -> tuple[dict, int]:
    found = _upload(request)
    if isinstance(found, dict):
        return found, 400
    data, name, options, mapping = found
    save_as = request.POST.get("save_as", "").strip()[:80]
    if save_as and mapping:
        chosen = {field: column for field, column in mapping.items() if column}
        ImportMapping.objects.update_or_create(
            name=save_as, defaults={"columns": chosen, "saved_by": request.user}
        )
    report = import_people(
        data=data, mapping=mapping, dry_run=True, actor=request.user, **_import_args(options)
    )
    digest = _keep(data)
    request.session[SESSION_KEY] = {
        "sha": digest if report.ok else "",  # only a file without problems may be confirmed
        "data": digest,
        "name": name,
        "mapping": mapping,
        **options,
    }
    columns = detect_columns(data, mapping=mapping, encoding=options["encoding"] or None)
    context = {
        "report": report,
        "name": name,
        "data": digest,
        "columns": columns,
        "saved_as": save_as,
        "map_args": " ".join(
            f"--map {c.field}={shlex.quote(c.header)}" for c in columns if c.field
        ),
        **options,
    }
    if report.ok:
        context["sha"] = digest
    return context, 200 if report.ok else 400


def _confirm(request: HttpRequest) -> tuple[dict, int]:
    pending = request.session.get(SESSION_KEY) or {}
    digest = request.POST.get("sha", "")
    path = _stored(digest)
    if not digest or pending.get("sha") != digest or not path.exists():
        return {"problem": _("This preview has expired; upload the file again.")}, 400
    options = {key: pending.get(key, "") for key in _options(request)}
    report = import_people(
        data=path.read_bytes(),
        mapping=pending.get("mapping") or None,
        actor=request.user,
        **_import_args(options | {"create_roles": bool(pending.get("create_roles"))}),
    )
    if report.applied:
        path.unlink(missing_ok=True)
        del request.session[SESSION_KEY]
    return {"report": report, "confirmed": True}, 200 if report.ok else 400


@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload an HRIS export, see what it would change, then confirm it (HR only)."""
    if not is_hr(request.user):
        raise PermissionDenied
    context, status = {}, 200
    if request.method == "POST":
        step = _confirm if "confirm" in request.POST else _preview
        context, status = step(request)
    context["max_mb"] = MAX_UPLOAD_BYTES // (1024 * 1024)
    context["encodings"] = ENCODINGS.items()
    context["date_orders"] = DATE_ORDERS[1:]
    context["fields"] = [(name, FIELD_LABELS.get(name, name)) for name in FIELDS]
    context["mappings"] = ImportMapping.objects.values_list("name", flat=True)
    return render(request, "people/import.html", context, status=status)


def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The org as a CSV in the import's columns; salaries and hire dates only for HR. Streamed:
    the rows are read as the file is sent, so the whole org is never in a worker's memory."""
    hr = is_hr(request.user)
    response = StreamingHttpResponse(
        csv_pieces(with_salary=hr, with_hire_dates=hr), content_type="text/csv; charset=utf-8"
    )
    filename = f"org-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
