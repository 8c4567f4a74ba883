"""What the exception handler (core/rest.py) makes of the refusals that are not DRF's own: the
services' ValidationError, duplicates, rows in use, database conflicts. And the list of field
errors of a 400, each with a JSON Pointer or the query parameter it is about."""

import re
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, OperationalError
from django.db.models import ProtectedError, RestrictedError, UniqueConstraint
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail

from . import problems

UNIQUE_CODES = ("unique", "unique_together")
BODYLESS = ("GET", "HEAD", "OPTIONS", "DELETE")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def too_large() -> TooLarge:
    megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20
    return TooLarge(_("The request body is larger than %(mb)g MB.") % {"mb": megabytes})


class Busy(Conflict):
    """The database is busy with another write (SQLite's lock timed out, a PostgreSQL deadlock or
    serialisation failure): nothing was written, the same request may succeed a moment later."""

    default_code = "busy"
    wait = 1  # Retry-After, as DRF sets it for a throttle's wait


def as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        return _from_validation_error(exc)
    if isinstance(exc, RequestDataTooBig):  # Django would answer an HTML 400 page
        return too_large()
    if isinstance(exc, SuspiciousOperation):  # too many fields or files: say no more than that
        return exceptions.ParseError(_("The request could not be read."))
    if isinstance(exc, ProtectedError | RestrictedError):
        return Conflict(
            _("Other records still use this one; change or remove them first."), "in_use"
        )
    if isinstance(exc, IntegrityError):
        return _from_integrity_error(exc)
    if isinstance(exc, OperationalError) and _is_busy(exc):
        return Busy(_("The data is being changed by another request; try again in a moment."))
    if isinstance(exc, ObjectDoesNotExist):
        return exceptions.NotFound()
    if isinstance(exc, Http404):  # get_object_or_404's message is English only
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def _is_busy(exc: OperationalError) -> bool:
    sqlstate = getattr(getattr(exc, "__cause__", None), "sqlstate", None)
    return sqlstate in ("40001", "40P01", "55P03") or "database is locked" in str(exc)


# ---------------------------------------------------------------- Django's ValidationError


def _from_validation_error(error: DjangoValidationError) -> exceptions.ValidationError:
    """Django's ValidationError as DRF's, each message with its code; a duplicate or a refusal
    whose code is a conflict (core/problems.py) makes it a 409."""
    if hasattr(error, "error_dict"):
        detail: Any = {
            ("non_field_errors" if field == NON_FIELD_ERRORS else field): [
                _detail(item) for item in items
            ]
            for field, items in error.error_dict.items()
        }
        items = [d for messages in detail.values() for d in messages]
    else:
        detail = [_detail(item) for item in error.error_list]
        items = detail
    refusal = exceptions.ValidationError(detail)
    conflicts = [d.code for d in items if problems.is_conflict(d.code)]
    if conflicts:
        refusal.status_code = status.HTTP_409_CONFLICT
        refusal.problem_code = conflicts[0]
    return refusal


def _detail(item: DjangoValidationError) -> ErrorDetail:
    message = item.message % item.params if item.params else item.message
    return ErrorDetail(str(message), code=_code(item, str(message)))


def _code(item: DjangoValidationError, message: str) -> str:
    params = item.params or {}
    if item.code in UNIQUE_CODES and "model_class" in params:
        return problems.duplicate_code(
            params["model_class"]._meta.model_name, list(params["unique_check"])
        )
    if item.code is None:
        constraint = _unique_constraint_with_message(message)
        if constraint is not None:
            return _constraint_code(*constraint)
    return item.code or "invalid"


def _unique_constraint_with_message(message: str) -> tuple[Any, UniqueConstraint] | None:
    """The unique constraint (with a condition or expressions) whose violation message this is:
    Django raises those without a code."""
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if (
                isinstance(constraint, UniqueConstraint)
                and str(constraint.get_violation_error_message()) == message
            ):
                return model, constraint
    return None


def _constraint_code(model, constraint: UniqueConstraint) -> str:
    if constraint.fields:
        return problems.duplicate_code(model._meta.model_name, list(constraint.fields))
    # people_person_unique_email → duplicate_person_email
    prefix = f"{model._meta.db_table}_unique_"
    name = constraint.name.removeprefix(prefix) if constraint.name.startswith(prefix) else "value"
    return problems.duplicate_code(model._meta.model_name, [name])


# ---------------------------------------------------------------- the database's own refusal

SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)")


def _from_integrity_error(exc: IntegrityError) -> Conflict:
    """A race the checks before the write could not see: the database refused it."""
    code = _integrity_code(exc)
    if code.startswith("duplicate"):
        return Conflict(_("This duplicates data already stored."), code)
    return Conflict(
        _("This conflicts with data already stored (a duplicate or a reference)."), code
    )


def _integrity_code(exc: IntegrityError) -> str:
    cause = exc.__cause__
    constraint_name = getattr(getattr(cause, "diag", None), "constraint_name", None)
    if getattr(cause, "sqlstate", None) == "23505" and constraint_name:
        for model in apps.get_models():
            for constraint in model._meta.constraints:
                if constraint.name == constraint_name and isinstance(constraint, UniqueConstraint):
                    return _constraint_code(model, constraint)
            for field in model._meta.fields:  # unique=True: <table>_<column>_<hash>_uniq / _key
                if field.unique and constraint_name.startswith(
                    f"{model._meta.db_table}_{field.column}_"
                ):
                    return problems.duplicate_code(model._meta.model_name, [field.name])
        return "duplicate"
    match = SQLITE_UNIQUE.search(str(exc))
    if match:
        columns = [part.strip().split(".") for part in match.group(1).split(",")]
        tables = {model._meta.db_table: model for model in apps.get_models()}
        model = tables.get(columns[0][0])
        if model is not None:
            return problems.duplicate_code(model._meta.model_name, [c[-1] for c in columns])
        return "duplicate"
    return "conflict"


# ---------------------------------------------------------------- a 400's list of errors


def validation_errors(detail: Any, request) -> list[dict]:
    """DRF's nested errors as a flat list: {"code", "detail", "pointer" | "parameter"}."""
    in_query = request is not None and request.method in BODYLESS
    found: list[dict] = []
    _flatten(detail, [], found, in_query)
    return found


def _flatten(detail: Any, path: list, found: list[dict], in_query: bool) -> None:
    if isinstance(detail, dict):
        for key, value in detail.items():
            _flatten(value, path if key == "non_field_errors" else [*path, key], found, in_query)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            nested = isinstance(value, dict | list)
            _flatten(value, [*path, index] if nested else path, found, in_query)
    else:
        error = {"code": getattr(detail, "code", None) or "invalid", "detail": str(detail)}
        if path and in_query:
            error["parameter"] = str(path[0])
        elif path:
            error["pointer"] = problems.pointer(path)
        found.append(error)
