"""What every endpoint of the REST API shares: JSON rendering, pagination, errors, permissions.

The API (roles/api.py, people/api.py, ladder/api.py) holds no rules: it checks access, validates the
shape of the input, calls a service function and renders the answer. This module turns the
services' refusals (Django's ValidationError, ProtectedError) into JSON a person can act on.
"""

from decimal import Decimal
from typing import Any

import orjson
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions, renderers, serializers, status, throttling
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .client_ip import client_ip
from .groups import is_hr, is_hr_admin

MAX_PAGE_SIZE = 500
MAX_ID = 2**63 - 1


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Promise):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class ORJSONRenderer(renderers.BaseRenderer):
    """JSON through orjson: several times faster than the standard encoder on large trees."""

    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        return orjson.dumps(data, default=_default, option=orjson.OPT_NON_STR_KEYS)


def json_response(data: Any, status_code: int = 200) -> Response:
    return Response(data, status=status_code)


def row_id(value: str | int) -> int:
    """An id from a URL for raw SQL: anything that is not a stored-size integer is unknown (404)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise exceptions.NotFound() from None
    if not 0 < number <= MAX_ID:
        raise exceptions.NotFound()
    return number


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _messages(error: DjangoValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def validation_error_data(error: DjangoValidationError) -> dict[str, Any]:
    """Django's ValidationError as {field: [messages]}, or {"detail": message} without fields."""
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): [str(m) for m in msgs]
            for field, msgs in error.message_dict.items()
        }
    return {"detail": " ".join(_messages(error))}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, plus the refusals our services raise, all as JSON."""
    # Imported here: rest_framework.views reads the settings, which name this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_data(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict(_("Other records still use this one; change or remove them first."))
    elif isinstance(exc, IntegrityError):
        exc = Conflict(_("This conflicts with data already stored (a duplicate or a reference)."))
    elif isinstance(exc, ObjectDoesNotExist):
        exc = Http404()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)


def save_model(instance: models.Model) -> models.Model:
    """Validate with the model's own rules (full_clean) and save, for single-table records."""
    with transaction.atomic():
        instance.full_clean()
        instance.save()
    return instance


class _WritesNeed(permissions.BasePermission):
    """Signed-in users read; writes need the power in `allowed`."""

    allowed = staticmethod(lambda user: False)

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in permissions.SAFE_METHODS or self.allowed(request.user)


class HRWrites(_WritesNeed):
    """HR edits people, seats, paths and promotions."""

    allowed = staticmethod(is_hr)


class HRAdminWrites(_WritesNeed):
    """HR admins edit the job architecture (roles, skills)."""

    allowed = staticmethod(is_hr_admin)


ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` says what went wrong; a 400 for bad input names each field with a "
    'list of messages instead, e.g. {"manager": ["A seat cannot report to itself…"]}.',
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
ERRORS = {
    "400": "Bad input: the fields with what is wrong with each.",
    "401": "Not signed in: send `Authorization: Token <token>` or a session cookie.",
    "403": "Signed in, but this needs HR (or HR admin for roles and skills).",
    "404": "No such record (or page).",
    "409": "Refused: other records use this one, or it conflicts with stored data.",
}


def document_errors(result: dict, generator, request, public) -> dict:
    """drf-spectacular hook: document the JSON error answers every operation can give."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            codes = ["400", "401", "403", "404"]
            if method in ("post", "put", "patch", "delete"):
                codes.append("409")
            if path.endswith("/auth/token/"):
                codes = ["400", "429"]
            responses = operation.setdefault("responses", {})
            for code in codes:
                description = ERRORS.get(code, "Too many attempts; wait and try again.")
                responses.setdefault(
                    code,
                    {"description": description, "content": {"application/json": {"schema": ref}}},
                )
    return result


class RelatedValues(serializers.ListField):
    """One attribute of each prefetched related object, as a list (e.g. ids, texts)."""

    def __init__(self, attribute: str = "pk", **kwargs) -> None:
        self.attribute = attribute
        kwargs.setdefault("child", serializers.IntegerField())
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, related) -> list:
        return [getattr(obj, self.attribute) for obj in related.all()]


class _ClientAddress:
    """Throttle by the address core.client_ip finds, the one the sign-in lockout uses too."""

    def get_ident(self, request) -> str:
        return client_ip(request)


class AnonRateThrottle(_ClientAddress, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_ClientAddress, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(_ClientAddress, throttling.ScopedRateThrottle):
    pass
