"""What every endpoint of the REST API shares: JSON rendering, pagination, errors, permissions.

The API (roles/api.py, people/api.py, ladder/api.py) holds no rules: it checks access, validates the
shape of the input, calls a service function and renders the answer. This module turns the
services' refusals (Django's ValidationError, ProtectedError) into JSON a person can act on.
"""

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import orjson
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.http import QueryDict
from django.template import loader
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework import (
    exceptions,
    parsers,
    permissions,
    renderers,
    serializers,
    throttling,
)
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response

from . import problems
from .client_ip import client_ip
from .groups import is_hr, is_hr_admin
from .inputs import check_date
from .lists import MAX_PAGE_SIZE, InvalidFilter, Pagination  # noqa: F401  (names of the API)
from .problem_errors import Conflict, as_api_exception, validation_errors
from .ratelimit import ReportsRateLimit, peek_throttles

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


def json_stream(head: dict, key: str, chunks: Iterable[list]) -> Iterator[bytes]:
    """`{**head, key: [...]}` as ORJSONRenderer writes it, one piece a chunk of the list: for a
    StreamingHttpResponse whose list is read in chunks, so no request holds all of it."""
    opening = orjson.dumps(head, default=_default, option=orjson.OPT_NON_STR_KEYS)[:-1]
    yield opening + (b"," if head else b"") + orjson.dumps(key) + b":["
    first = True
    for chunk in chunks:
        if chunk:
            body = orjson.dumps(chunk, default=_default, option=orjson.OPT_NON_STR_KEYS)[1:-1]
            yield body if first else b"," + body
            first = False
    yield b"]}"


class JSONParser(parsers.JSONParser):
    """JSON read by orjson, as the renderer writes it. The standard library's parser recursed
    until Python gave up on deeply nested input (`[[[[…`: a 500 before any view ran); orjson
    stops at 1,024 levels with an error, and refuses lone surrogates, NaN and infinities too."""

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            body = stream.read()
            return orjson.loads(
                body if encoding.lower() in ("utf-8", "utf8") else body.decode(encoding)
            )
        except (orjson.JSONDecodeError, UnicodeDecodeError, LookupError) as error:
            raise exceptions.ParseError(
                _("JSON parse error - %(error)s") % {"error": error}
            ) from None


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


def conflict(refusal: DjangoValidationError) -> Conflict:
    """A service's refusal as a 409, keeping the refusal's code (seat_held, role_in_use, …)."""
    codes = [e.code for e in refusal.error_list] if hasattr(refusal, "error_list") else []
    return Conflict(" ".join(refusal.messages), code=next(filter(None, codes), "conflict"))


def refuse_taken_external_id(queryset, external_id: str, *, pk: int | None = None) -> None:
    """409 when another record of the kind (seat, person, role) already has the external id."""
    if external_id and queryset.filter(external_id=external_id).exclude(pk=pk).exists():
        raise Conflict(
            _("Another record already has the external ID “%(id)s”.") % {"id": external_id},
            code=f"duplicate_{queryset.model._meta.model_name}_external_id",
        )


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Every refusal as RFC 9457 problem details (core/problems.py): DRF's exceptions, the
    services' ValidationError (400, or 409 for a duplicate or a conflict), database conflicts."""
    # Imported here: rest_framework.views reads the settings, which name this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    exc = as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    if request is not None:
        peek_throttles(request, context.get("view"))  # refused before the throttles counted
    response.data = problem_of(exc, response.status_code, request)
    if not isinstance(getattr(request, "accepted_renderer", None), renderers.BrowsableAPIRenderer):
        response.content_type = problems.MEDIA_TYPE
    return response


def problem_of(exc: exceptions.APIException, status_code: int, request) -> dict:
    if isinstance(exc, exceptions.ValidationError):
        errors = validation_errors(exc.detail, request)
        code = getattr(exc, "problem_code", None) or (
            "conflict" if status_code == 409 else "invalid"
        )
        if len(errors) == 1:
            detail = errors[0]["detail"]
        else:
            detail = ngettext(
                "The input has %(n)d problem, listed in errors.",
                "The input has %(n)d problems, each listed in errors.",
                len(errors),
            ) % {"n": len(errors)}
        return problems.problem(status_code, code, detail, errors)
    detail = exc.detail
    code = getattr(detail, "code", None) or exc.default_code
    if code == "error" or not isinstance(code, str):
        code = problems.FALLBACK.get(status_code, "error")
    if isinstance(detail, list | dict):  # an APIException raised with several messages
        detail = " ".join(str(m) for m in (detail.values() if isinstance(detail, dict) else detail))
    return problems.problem(status_code, code, str(detail))


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


class AnonRateThrottle(ReportsRateLimit, _ClientAddress, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ReportsRateLimit, _ClientAddress, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(ReportsRateLimit, _ClientAddress, throttling.ScopedRateThrottle):
    def applies(self, request, view) -> bool:
        self.scope = getattr(view, self.scope_attr, None)  # learnt from the view, as DRF does
        if not self.scope:
            return False
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().applies(request, view)


DIGITS = re.compile(r"[0-9]{1,19}")


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdField(serializers.PrimaryKeyRelatedField):
    """A related record by its id: a whole number. DRF's field would look up 1.5 as 1 and true as
    1; here JSON must send an integer, and a form (the browsable API) its digits. In HTML forms
    it is a number input, never a select of every row (a select of 40,000 seats stalls a worker).
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("style", {"base_template": "input.html", "input_type": "number"})
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        from_form = isinstance(getattr(self.root, "initial_data", None), QueryDict)
        if isinstance(data, str) and from_form and DIGITS.fullmatch(data):
            data = int(data)
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 < data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class FilterBackend(DjangoFilterBackend):
    """django-filter, strict: a value a filter cannot use is a 400 (code invalid_filter), also
    the ones django-filter reads as "no filter" (`?vacancy=maybe` listed every seat). Its HTML
    form (the browsable API's "Filters") shows a choice of related rows as a number input: a
    select listed every seat or person, one or two queries each."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise InvalidFilter(
                {
                    name: [
                        ErrorDetail(str(m), code=e.code or "invalid")
                        for e in errors.as_data()
                        for m in e.messages
                    ]
                    for name, errors in filterset.form.errors.items()
                }
            )
        unread = [
            name
            for name in filterset.form.fields
            if request.query_params.get(name, "").strip()
            and filterset.form.cleaned_data.get(name) is None
        ]
        if unread:
            message = _("“%(value)s” is not a value this filter takes.") % {
                "value": request.query_params[unread[0]]
            }
            raise InvalidFilter({unread[0]: [ErrorDetail(message, code="invalid")]})
        return filterset.qs

    def to_html(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return None
        for field in filterset.form.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.widget = forms.NumberInput(attrs={"min": 1})
        template = loader.get_template(self.template)
        return template.render({"filter": filterset}, request)


class DateInWindow(serializers.DateField):
    """A date of someone's working life: 1950-01-01 to one year from today (core/inputs.py)."""

    def __init__(self, **kwargs) -> None:
        window = gettext_lazy("From 1950-01-01 to one year from today.")
        help_text = kwargs.get("help_text")
        kwargs["help_text"] = format_lazy("{} {}", help_text, window) if help_text else window
        kwargs["validators"] = [*kwargs.get("validators", []), check_date]
        super().__init__(**kwargs)


@extend_schema_field(
    {"type": "string", "format": "decimal", "pattern": r"^\d{0,10}(?:\.\d{0,2})?$"}
)
class Amount(serializers.DecimalField):
    """A sum of money, 0 or more, up to 10 digits before the point and 2 after. (DRF's schema
    for a decimal allows a minus sign whatever min_value says.)"""

    def __init__(self, **kwargs) -> None:
        super().__init__(max_digits=12, decimal_places=2, min_value=0, **kwargs)
