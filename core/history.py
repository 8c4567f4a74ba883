"""History of changes (django-simple-history): registration, the admin, and the diffs pages show.

Historical models are registered in each app's ready(), after modeltranslation has added the
per-language columns (title_en, title_de, …): a `HistoricalRecords()` attribute on the model class
would build the historical model before those columns exist and record only `title`.
Derived fields (mptt bounds, the seat counts) are left out: they change with every move of another
node and would bury the real changes.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Subquery
from django.dispatch import Signal
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.admin import SimpleHistoryAdmin

from .groups import is_hr_admin

MPTT_FIELDS = ("lft", "rght", "tree_id", "level")
HISTORY_TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
# How many changes an object page shows; the page reads one more to diff the oldest shown.
PAGE_CHANGES = 10


def last_saved(model: type[models.Model], field: str = "pk") -> Subquery:
    """The last historical row of `model` (its `field`), as a subquery to read with the rows a
    kept result depends on: every write that saves history moves it, so a result kept under it
    is current while it is the same (the scenario overlay, the edit form's roles, a role's seat
    counts). Read it in the same query as, or before, what it guards."""
    return Subquery(model.history.model.objects.order_by("-pk").values(field)[:1])


def register_history(
    model: type[models.Model], *, excluded: tuple[str, ...] = (), unindexed: tuple[str, ...] = ()
) -> None:
    """Keep the history of `model` (a no-op when it is already registered).

    `unindexed`: copied columns that get no index in the historical table. The model's foreign
    keys and unique fields would each get one there; history is only ever looked up by object
    (`id`), date and user, and every index is one more write for each historical row (a 100,000
    row import writes 300,000 of them)."""
    if hasattr(model, "history"):
        return
    register(
        model,
        app=model._meta.app_label,
        excluded_fields=list(excluded),
        no_db_index=list(unindexed),
    )


class HistoryAdmin(SimpleHistoryAdmin):
    """Per-object history in the admin; reverting is for HR admins (and superusers) only.

    A revert is an ordinary save of the old values through the admin's own save_model, so it
    goes through the same services (locks, cycle checks, counts) as an edit by hand.
    """

    def revert_disabled(self, request, obj=None) -> bool:
        return not is_hr_admin(request.user) or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not is_hr_admin(request.user):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@dataclass
class FieldChange:
    name: str
    label: str
    old: Any
    new: Any


@dataclass
class Change:
    when: Any
    who: str
    kind: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class _Ref:
    """A foreign key in a diff, named once every row is read (one query per related model)."""

    model: type[models.Model]
    pk: Any


def _shown(record, fld) -> Any:
    """A stored value as a person writes it: names for choices, yes/no, dates in the reader's
    format, lists joined; a foreign key is named later (_name_refs)."""
    value = getattr(record, fld.attname)
    if value is None or value == "" or value == []:
        return "—"
    if fld.choices:
        return dict(fld.flatchoices).get(value, value)
    if isinstance(fld, models.ForeignKey):
        return _Ref(fld.related_model, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value)
    if isinstance(value, list | tuple):
        names = _language_names() if fld.name == "languages" else {}
        return ", ".join(str(names.get(item, item)) for item in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items()) or "—"
    return value


def language_names(codes) -> str:
    """Language codes as a person writes them, in the reader's language: "German, English"."""
    names = _language_names()
    return ", ".join(str(names.get(code, code)) for code in codes)


def _language_names() -> dict[str, str]:
    names = {}
    for code in dict(settings.LANGUAGES) | {code: code for code in LANG_INFO}:
        try:
            names[code] = get_language_info(code)["name_translated"]
        except KeyError:  # a code Django knows only as a fallback
            continue
    return names


def _name_refs(changes: list["Change"]) -> None:
    """Replace each foreign key id in the diffs by the name of the row, or "#id" when the row is
    gone: one query per related model."""
    wanted: dict[type[models.Model], set] = {}
    for change in changes:
        for fc in change.changes:
            for value in (fc.old, fc.new):
                if isinstance(value, _Ref):
                    wanted.setdefault(value.model, set()).add(value.pk)
    found = {}
    for model, ids in wanted.items():
        # What a seat's name shows (its role and holder), read with it.
        names = {f.name for f in model._meta.get_fields()} & {"role", "holder"}
        found[model] = model._default_manager.select_related(*sorted(names)).in_bulk(ids)

    def name(value):
        if not isinstance(value, _Ref):
            return value
        row = found[value.model].get(value.pk)
        if row is None:
            return f"#{value.pk}"
        get_username = getattr(row, "get_username", None)
        return get_username() if get_username else str(row)

    for change in changes:
        for fc in change.changes:
            fc.old, fc.new = name(fc.old), name(fc.new)


def _translated_bases(model: type[models.Model]) -> tuple[str, ...]:
    from modeltranslation.translator import NotRegistered, translator

    try:
        return tuple(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return ()


def recent_changes(
    model: type[models.Model],
    pk: int,
    *,
    hidden: tuple[str, ...] = (),
    hide_creation: bool = False,
    limit: int = PAGE_CHANGES,
) -> list[Change]:
    """The last `limit` changes of one object, newest first, each with its field-level diff.

    One query: limit + 1 historical rows with their users; each row is compared with the one
    before it. Fields in `hidden` (e.g. salary for someone not allowed to see it) are left out,
    and so is a change that changed nothing but hidden fields: its time would tell when they
    changed (a raise, an exit). `hide_creation` leaves out the creation too (a person's is
    usually recorded on their hire day).
    """
    history = model.history.model
    records = list(
        history.objects.filter(**{model._meta.pk.attname: pk})
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    # A translated field is shown per language ("title [de]"); its base column mirrors the
    # default language and would show every English change twice.
    withheld = [f for f in model.history.model.tracked_fields if {f.name, f.attname} & set(hidden)]
    hidden = (*hidden, *_translated_bases(model))
    tracked = [
        f
        for f in model.history.model.tracked_fields
        if f.name not in hidden and f.attname not in hidden and f.name != model._meta.pk.name
    ]
    result = []
    for index, record in enumerate(records[:limit]):
        before = records[index + 1] if index + 1 < len(records) else None
        user = record.history_user
        change = Change(
            when=record.history_date,
            who=user.get_username() if user else _("system"),
            kind=HISTORY_TYPES.get(record.history_type, record.history_type),
        )
        for fld in tracked:
            new = getattr(record, fld.attname)
            old = getattr(before, fld.attname) if before is not None else None
            if before is not None and old == new:
                continue
            if before is None and record.history_type == "+" and new in (None, "", []):
                continue
            if record.history_type == "-":
                continue
            change.changes.append(
                FieldChange(
                    name=fld.name,
                    label=str(fld.verbose_name),
                    old=_shown(before, fld) if before is not None else "—",
                    new=_shown(record, fld),
                )
            )
        if hide_creation and record.history_type == "+":
            continue
        if change.changes or not _changed_only(withheld, record, before):
            result.append(change)
    _name_refs(result)
    return result


def _changed_only(fields, record, before) -> bool:
    """Whether a changed row (not a creation) changed any of these fields."""
    if before is None or record.history_type != "~":
        return False
    return any(getattr(record, f.attname) != getattr(before, f.attname) for f in fields)


SNAPSHOT_CHUNK = 500

# Sent after snapshot() wrote its rows, with sender=model, ids, history_type and history_date:
# bulk writes fire no save signals, and what records each change (the change feed of
# integrations/) must still hear of them, in the same transaction.
snapshot_written = Signal()


def rows_by_id(ids: list[int]) -> Iterator[tuple[str, list]]:
    """WHERE conditions (with their parameters) that pick these ids, as few as the database
    allows: one BETWEEN for consecutive ids, one = ANY on PostgreSQL, else chunks of IN."""
    from django.db import connection

    low, high = min(ids), max(ids)
    if high - low + 1 == len(ids) == len(set(ids)):
        # Every id from low to high (new rows get consecutive reserved ids): a range, not a list
        # of 100,000 ids to send and look up.
        yield "id BETWEEN %s AND %s", [low, high]
        return
    # PostgreSQL takes the ids as one array (= ANY): one statement for 100,000 ids, not 200.
    if connection.vendor == "postgresql":
        yield "id = ANY(%s)", [ids]
        return
    for start in range(0, len(ids), SNAPSHOT_CHUNK):
        chunk = ids[start : start + SNAPSHOT_CHUNK]
        yield f"id IN ({', '.join(['%s'] * len(chunk))})", chunk


def snapshot(
    model: type[models.Model], ids, *, history_type: str, user_id: int | None, reason: str = ""
) -> int:
    """Write one historical row per id from the current rows, in bulk (INSERT … SELECT).

    For bulk writes that bypass save() (the import): the same rows save() would have written,
    at the cost of one statement per SNAPSHOT_CHUNK ids (one on PostgreSQL). Returns how many
    ids were given. Sends `snapshot_written` after.
    """
    from django.db import connection
    from django.utils import timezone

    ids = list(ids)
    if not ids:
        return 0
    history = model.history.model
    qn = connection.ops.quote_name
    columns = [f.column for f in history.tracked_fields]
    names = ", ".join(qn(c) for c in columns)
    when = timezone.now()
    now = connection.ops.adapt_datetimefield_value(when)
    insert = (
        f"INSERT INTO {qn(history._meta.db_table)} ({names}, history_date, history_type, "
        f"history_user_id, history_change_reason) "
        f"SELECT {names}, %s, %s, %s, %s FROM {qn(model._meta.db_table)} "
    )
    with connection.cursor() as cursor:
        for where, params in rows_by_id(ids):
            cursor.execute(
                f"{insert}WHERE {where}", [now, history_type, user_id, reason or None, *params]
            )
    snapshot_written.send(model, ids=ids, history_type=history_type, history_date=when)
    return len(ids)


# What the historical rows written inside history_as() carry instead of now and the request's user.
_written_as: ContextVar[tuple | None] = ContextVar("history_written_as", default=None)


@contextmanager
def history_as(*, when: datetime.datetime, user=None, reason: str = "") -> Iterator[None]:
    """Every historical row saved inside is dated `when`, by `user` (when given), with `reason`.

    For an effective-dated change applied by the worker: its rows say the day it took effect and
    who planned it, not the minute the worker ran. The services write as always; only the
    history's metadata changes (set on simple-history's pre_create_historical_record, below)."""
    token = _written_as.set((when, user, reason))
    try:
        yield
    finally:
        _written_as.reset(token)


def date_history_record(sender, history_instance, **kwargs) -> None:
    """pre_create_historical_record receiver: applies history_as()'s date, user and reason."""
    written_as = _written_as.get()
    if written_as is None:
        return
    when, user, reason = written_as
    history_instance.history_date = when
    if user is not None:
        history_instance.history_user = user
    if reason:
        history_instance.history_change_reason = reason[:100]
