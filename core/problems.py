"""Every error of the API in one shape: RFC 9457 problem details (application/problem+json).

    {"type": "/api/problems/duplicate_person_employee_id", "title": "Duplicate",
     "status": 409, "detail": "Person with this employee ID already exists.",
     "code": "duplicate_person_employee_id",
     "errors": [{"code": "unique", "detail": "…", "pointer": "/employee_id"}]}

`code` is the machine-readable cause and never changes with Accept-Language; `title` and
`detail` are for people and are translated. Bad input (400) lists each problem in `errors`, with
a JSON Pointer (RFC 6901) into the body (`/skills/0/level`) or the query `parameter` it is about.
Written here once rather than taken from a package: drf-standardized-errors, the maintained one,
has its own shape (no `status`/`title`, dotted `attr`), covers DRF views only (not the catch-all
404, Django's own 400/413/500, the sign-in lockout) and replaces drf-spectacular's AutoSchema,
so most of it would have been overridden.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "/api/problems/"

# code → (status, title). A duplicate's code is built from the model and the field(s):
# duplicate_<model>_<field> (see duplicate_code), all with 409 "Duplicate".
CODES: dict[str, tuple[int, Any]] = {
    "invalid": (400, gettext_lazy("Invalid input")),
    "parse_error": (400, gettext_lazy("Unreadable request")),
    "unknown_parameter": (400, gettext_lazy("Unknown parameter")),
    "invalid_filter": (400, gettext_lazy("Invalid filter")),
    "nul_in_query": (400, gettext_lazy("Invalid query string")),
    "not_authenticated": (401, gettext_lazy("Not signed in")),
    "authentication_failed": (401, gettext_lazy("Not signed in")),
    "permission_denied": (403, gettext_lazy("Not allowed")),
    "not_found": (404, gettext_lazy("Not found")),
    "method_not_allowed": (405, gettext_lazy("Method not allowed")),
    "not_acceptable": (406, gettext_lazy("Not acceptable")),
    "duplicate": (409, gettext_lazy("Duplicate")),
    "in_use": (409, gettext_lazy("In use")),
    "role_in_use": (409, gettext_lazy("In use")),
    "role_has_children": (409, gettext_lazy("In use")),
    "seat_held": (409, gettext_lazy("In use")),
    "seat_has_history": (409, gettext_lazy("In use")),
    "seat_has_archived_reports": (409, gettext_lazy("In use")),
    "seat_archived": (409, gettext_lazy("Archived")),
    "seat_has_reports": (409, gettext_lazy("In use")),
    "top_seat": (409, gettext_lazy("The top seat")),
    "top_seat_has_reports": (409, gettext_lazy("In use")),
    "reports_to_within_seat": (409, gettext_lazy("In use")),
    "concurrent_change": (409, gettext_lazy("Changed meanwhile")),
    "change_not_pending": (409, gettext_lazy("Not pending")),
    "busy": (409, gettext_lazy("Busy")),
    "conflict": (409, gettext_lazy("Conflict")),
    "idempotency_key_in_progress": (409, gettext_lazy("Still being answered")),
    "idempotency_key_reused": (422, gettext_lazy("Idempotency key used for another request")),
    "too_large": (413, gettext_lazy("Request too large")),
    "import_has_problems": (422, gettext_lazy("The file has problems")),
    "forecast_has_problems": (422, gettext_lazy("The file has problems")),
    "target_unreachable": (422, gettext_lazy("Target cannot be met")),
    "unsupported_media_type": (415, gettext_lazy("Unsupported media type")),
    "throttled": (429, gettext_lazy("Too many requests")),
    "locked_out": (429, gettext_lazy("Too many failed sign-ins")),
    "server_error": (500, gettext_lazy("Server error")),
}
# The codes a service's refusal (Django's ValidationError) carries that make it a 409.
CONFLICT_CODES = frozenset(code for code, (status, _title) in CODES.items() if status == 409)

FALLBACK = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
}


def is_conflict(code: str | None) -> bool:
    return bool(code) and (code in CONFLICT_CODES or code.startswith("duplicate"))


def duplicate_code(model_name: str, fields: list[str] | tuple[str, ...]) -> str:
    return "_".join(["duplicate", model_name, *fields])


def title_for(code: str, status: int) -> str:
    if code in CODES:
        return str(CODES[code][1])
    if code.startswith("duplicate"):
        return str(CODES["duplicate"][1])
    return str(CODES.get(FALLBACK.get(status, ""), (0, _("Error")))[1])


def problem(
    status: int, code: str, detail: str, errors: list[dict] | None = None, **extra: Any
) -> dict:
    """A problem document. Every 400 lists its problems in `errors` (one for a body that could
    not be read at all), so a client reads bad input one way."""
    body = {
        "type": TYPE_PREFIX + code,
        "title": title_for(code, status),
        "status": status,
        "detail": str(detail),
        "code": code,
    }
    if errors is None and status == 400:
        errors = [{"code": code, "detail": str(detail)}]
    if errors is not None:
        body["errors"] = errors
    return body | extra


def pointer(path: list[str | int]) -> str:
    """A JSON Pointer (RFC 6901) to a place in the request body."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def problem_response(
    status: int, code: str, detail: str, errors: list[dict] | None = None
) -> JsonResponse:
    """A problem answered outside DRF's views (the catch-all 404, Django's own errors)."""
    return JsonResponse(
        problem(status, code, detail, errors),
        status=status,
        content_type=MEDIA_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def problem_type(request: HttpRequest, code: str) -> JsonResponse:
    """What a problem's `type` points at (/api/problems/<code>): the code, its status and title;
    docs/api.md ("Errors") says more of each."""
    if code in CODES:
        status = CODES[code][0]
    elif code.startswith("duplicate_") and code.replace("_", "").isalnum():
        status = 409
    else:
        return problem_response(404, "not_found", _("No such problem type."))
    return JsonResponse(
        {
            "type": TYPE_PREFIX + code,
            "code": code,
            "status": status,
            "title": title_for(code, status),
        }
    )


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


# Django's own error views, for the requests no DRF view answered (callcenter/urls.py): under
# /api/ a problem document, elsewhere Django's pages.


def bad_request(request: HttpRequest, exception: Exception | None = None):
    from django.core.exceptions import RequestDataTooBig
    from django.views import defaults

    if not is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20
        message = _("The request body is larger than %(mb)g MB.") % {"mb": megabytes}
        return problem_response(413, "too_large", message)
    return problem_response(400, "parse_error", _("The request could not be read."))


def server_error(request: HttpRequest):
    from django.views import defaults

    if not is_api(request):
        return defaults.server_error(request)
    return problem_response(
        500, "server_error", _("Something went wrong on our side; it has been logged.")
    )
