"""`?updated_since=` on every list of the API: the rows created or changed at or after a moment.

Read from the history django-simple-history already keeps (core/history.py; `history_date` is
indexed), so it costs a range scan of the changes since then, never a read of the whole table.
A row counts as changed when it, or a row it owns, has a historical row since then: a person with
their skills, seat and assignments; a role with its responsibilities, skills and bands; a path
with its skills. Deletions leave no row to list: they are in the change feed.

Who is not HR gets the changes of people and seats from the first day of that month: otherwise
bisecting the moment would tell when a salary, a hire or an exit was recorded (docs/access.md,
month resolution as in the org "as of" a date).
"""

import datetime

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.filters import BaseFilterBackend

from core.groups import is_hr

PARAMETER = "updated_since"

# model → (model whose history counts, the attname pointing at the listed row)
OWNED = {
    "people.person": [
        ("people.person", "id"),
        ("people.personskill", "person_id"),
        ("people.position", "holder_id"),
        ("people.assignment", "person_id"),
    ],
    "people.position": [("people.position", "id")],
    "roles.role": [
        ("roles.role", "id"),
        ("roles.responsibility", "role_id"),
        ("roles.roleskill", "role_id"),
        ("roles.salaryband", "role_id"),
    ],
    "ladder.promotionpath": [("ladder.promotionpath", "id"), ("ladder.pathskill", "path_id")],
}
# Dates of these tell of restricted facts (salary, hire, exit, seat changes): month resolution.
MONTHLY = {"people.person", "people.position"}
# Records that are written once and never change: their own creation time.
CREATED_AT = {"ladder.promotion": "created_at"}


# The moments a query can hold in any time zone (the month's first day of a local time too).
EARLIEST = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)
LATEST = datetime.datetime(9999, 12, 30, tzinfo=datetime.UTC)


def parse_moment(text: str) -> datetime.datetime:
    """An ISO 8601 date and time with its offset; ValidationError with what to send otherwise."""
    hint = _(
        "Give a date and time with its offset, e.g. 2026-11-30T08:00:00Z (a + in the offset "
        "must be URL-encoded)."
    )
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        raise exceptions.ValidationError({PARAMETER: [hint]}) from None
    if moment.tzinfo is None:
        raise exceptions.ValidationError({PARAMETER: [hint]})
    # In UTC: Python takes offsets up to ±23:59, PostgreSQL up to ±15:59 (a server error at
    # +20:40, found by schemathesis). Past the first or last day there is no history to find.
    try:
        moment = moment.astimezone(datetime.UTC)
    except OverflowError:  # 0001-01-01 east of UTC, 9999-12-31 west of it
        return EARLIEST if moment.year == 1 else LATEST
    return min(max(moment, EARLIEST), LATEST)


def changed_since(model, moment: datetime.datetime) -> Q | None:
    """Which rows of `model` changed at or after `moment`, or None if nothing tells."""
    label = model._meta.label_lower
    if label in CREATED_AT:
        return Q(**{f"{CREATED_AT[label]}__gte": moment})
    sources = OWNED.get(label) or ([(label, "id")] if hasattr(model, "history") else [])
    condition = Q()
    for source, attname in sources:
        history = apps.get_model(source).history.model
        ids = history.objects.filter(history_date__gte=moment).values(attname)
        condition |= Q(pk__in=ids)
    return condition if sources else None


def _first_of_month(moment: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(moment)
    if (local.year, local.month) == (1, 1):  # its first hour may be before the first day in UTC
        return EARLIEST
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


class UpdatedSince(BaseFilterBackend):
    """The list's rows changed at or after `updated_since` (ISO 8601 with an offset)."""

    description = gettext_lazy(
        "Only rows created or changed at or after this moment (ISO 8601 with an offset, e.g. "
        "2026-11-30T08:00:00Z; URL-encode a + in the offset). Deletions are in "
        "/api/v1/changes/. For anyone but HR, changes of people and seats count from the first "
        "day of that month."
    )

    def filter_queryset(self, request, queryset: QuerySet, view) -> QuerySet:
        text = request.query_params.get(PARAMETER)
        if text is None or getattr(view, "action", None) != "list":
            return queryset
        moment = parse_moment(text)
        model = queryset.model
        if model._meta.label_lower in MONTHLY and not is_hr(request.user):
            moment = _first_of_month(moment)
        condition = changed_since(model, moment)
        return queryset if condition is None else queryset.filter(condition)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is None:
            try:
                model = view.get_queryset().model
            except Exception:  # a view whose queryset needs a request: declare it anyway
                model = None
        if model is not None and changed_since(model, timezone.now()) is None:
            return []
        return [
            {
                "name": PARAMETER,
                "required": False,
                "in": "query",
                "description": str(self.description),
                "schema": {"type": "string", "format": "date-time"},
            }
        ]
