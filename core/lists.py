"""What every list of the API shares: only the query parameters it declares, an order that ends in
the primary key, and two ways to page (page numbers, or a cursor that never repeats or skips a
row while rows are added between reads).

The parameters a list accepts are the ones its filter backends and its paginator declare in the
schema (get_schema_operation_parameters; for django-filter the filters of its FilterSet), so a
filter added to a FilterSet, or a backend added to a view, is accepted, and documented, without
a list kept here.
"""

import base64
import binascii
from typing import Any

import orjson
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from rest_framework import exceptions, filters
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE_SIZE = 500
# Parameters any view reads: DRF's format override.
EVERYWHERE = frozenset({"format"})
TIE_BREAKERS = frozenset({"pk", "-pk", "id", "-id"})


class InvalidFilter(exceptions.ValidationError):
    """A filter, ordering or cursor value a list cannot use (400, code invalid_filter)."""

    problem_code = "invalid_filter"


class UnknownParameter(exceptions.ValidationError):
    problem_code = "unknown_parameter"


def _refusal(cls, name: str, message: str, code: str):
    return cls({name: [exceptions.ErrorDetail(message, code=code)]})


def declared_parameters(view) -> set[str]:
    names = set(EVERYWHERE)
    for backend_class in getattr(view, "filter_backends", []):
        backend = backend_class()
        if hasattr(backend, "get_filterset_class"):  # django-filter left its schema to others
            filterset_class = backend.get_filterset_class(view, view.get_queryset())
            names |= set(filterset_class.base_filters) if filterset_class else set()
        elif hasattr(backend, "get_schema_operation_parameters"):
            names |= {p["name"] for p in backend.get_schema_operation_parameters(view)}
    paginator = getattr(view, "paginator", None)
    if paginator is not None:
        names |= {p["name"] for p in paginator.get_schema_operation_parameters(view)}
    return names


class DeclaredParametersOnly(filters.BaseFilterBackend):
    """A list refuses a query parameter it does not declare (400, code unknown_parameter): a
    misspelt filter would otherwise return the whole list as if it had filtered."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", "list") != "list":
            return queryset
        declared = declared_parameters(view)
        unknown = sorted(set(request.query_params) - declared)
        if unknown:
            message = _("This list takes no parameter “%(name)s”. It takes: %(names)s.") % {
                "name": unknown[0],
                "names": ", ".join(sorted(declared)),
            }
            raise _refusal(UnknownParameter, unknown[0], message, "unknown_parameter")
        return queryset


class OrderingFilter(filters.OrderingFilter):
    """DRF's ordering, strict and stable: an ordering a list does not offer is a 400 (not silently
    the default order), and every order ends in the primary key, so rows with equal sort keys
    keep their places between pages."""

    def get_ordering(self, request, queryset, view) -> list[str]:
        asked = request.query_params.get(self.ordering_param, "")
        terms = [term.strip() for term in asked.split(",") if term.strip()]
        if terms:
            valid = self.remove_invalid_fields(queryset, terms, view, request)
            wrong = [term for term in terms if term not in valid]
            if wrong:
                offered = self.get_valid_fields(queryset, view, {"request": request})
                message = _("“%(term)s” is not an ordering of this list. It offers: %(names)s.")
                names = ", ".join(name for name, _label in offered)
                raise _refusal(
                    InvalidFilter,
                    self.ordering_param,
                    message % {"term": wrong[0], "names": names},
                    "invalid_ordering",
                )
            ordering = terms
        else:
            ordering = list(self.get_default_ordering(view) or [])
        if not TIE_BREAKERS & set(ordering):
            ordering.append("pk")
        return ordering


class Pagination(PageNumberPagination):
    """`?page=N&page_size=M` (with a count), or `?cursor=` (empty for the first page, then the
    `next` link): keyset pages on the list's order, which ends in the primary key, so a row
    added or removed between two reads neither repeats nor skips another."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.cursor_mode = self.cursor_query_param in request.query_params
        if not self.cursor_mode:
            return super().paginate_queryset(queryset, request, view)
        if self.page_query_param in request.query_params:
            message = _("Use either page or cursor, not both.")
            raise _refusal(InvalidFilter, self.page_query_param, message, "invalid")
        self.request = request
        keys = _order_keys(queryset)
        after = _decode(request.query_params[self.cursor_query_param], len(keys))
        if after is not None:
            try:
                queryset = queryset.filter(_after(keys, after))
            except (TypeError, ValueError, DjangoValidationError):  # a forged cursor
                _decode("-", 0)
        size = self.get_page_size(request)
        rows = list(queryset[: size + 1])
        page, more = rows[:size], len(rows) > size
        self.next_cursor = (
            _encode([_value(page[-1], name) for name, _desc in keys]) if more else None
        )
        return page

    def get_paginated_response(self, data) -> Response:
        if not self.cursor_mode:
            return super().get_paginated_response(data)
        return Response({"next": self._next_cursor_link(), "previous": None, "results": data})

    def _next_cursor_link(self) -> str | None:
        if self.next_cursor is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, self.next_cursor)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        cursor = {
            "name": self.cursor_query_param,
            "required": False,
            "in": "query",
            "description": _(
                "Keyset paging: empty for the first page, then follow `next`. No count; rows "
                "added or removed meanwhile never make another repeat or go missing."
            ),
            "schema": {"type": "string"},
        }
        return [*super().get_schema_operation_parameters(view), cursor]

    def get_paginated_response_schema(self, schema: dict) -> dict:
        answer = super().get_paginated_response_schema(schema)
        answer["required"] = ["results"]
        answer["properties"]["count"]["description"] = "Absent when paging with `cursor`."
        return answer


def _order_keys(queryset) -> list[tuple[str, bool]]:
    """The list's order as (field, descending), every field one a keyset can compare."""
    keys = []
    for term in queryset.query.order_by:
        if not isinstance(term, str):
            raise _refusal(
                InvalidFilter, "cursor", _("This order cannot be paged by cursor."), "invalid"
            )
        name, descending = term.lstrip("-"), term.startswith("-")
        name = queryset.model._meta.pk.name if name == "pk" else name
        try:
            field = queryset.model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if field is None or field.null:
            message = _("Ordering by “%(name)s” cannot be paged by cursor; use page.") % {
                "name": name
            }
            raise _refusal(InvalidFilter, "cursor", message, "invalid")
        keys.append((field.attname, descending))
    return keys


def _after(keys: list[tuple[str, bool]], values: list) -> Q:
    """Rows after the cursor: (a, b, id) > (x, y, z), each key in its own direction."""
    condition = Q()
    for index, (name, descending) in enumerate(keys):
        equal = Q(**{keys[j][0]: values[j] for j in range(index)})
        beyond = Q(**{f"{name}__{'lt' if descending else 'gt'}": values[index]})
        condition |= equal & beyond
    return condition


def _value(row, name: str) -> Any:
    value = getattr(row, name)
    return value if isinstance(value, str | int) else str(value)


def _encode(values: list) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(values)).decode().rstrip("=")


def _decode(token: str, length: int) -> list | None:
    if token == "":
        return None
    try:
        values = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, orjson.JSONDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != length:
        message = _("This cursor is not one this list gave; start again with an empty cursor.")
        raise _refusal(InvalidFilter, "cursor", message, "invalid")
    return values
