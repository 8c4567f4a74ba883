"""What is written to the outbox for each change: one `Event` per historical row.

Every write that keeps history (services, the admin, reverts) creates a historical row through
django-simple-history; its `post_create_historical_record` signal is the one place that sees them
all, in the writing transaction, so the event commits or rolls back with the change. The import
writes history in bulk without signals; `core.history.snapshot_written` tells us, and its events
are written the same way: one INSERT … SELECT per snapshot.

Events are dataless: a type, the object and the ids of related objects. No field value is kept,
so none can leak through the feed or a webhook.
"""

from django.db import connection, models
from django.utils import timezone

from .models import Event
from .sources import SOURCES


def _event(type_: str, object_type: str, object_id: int, when, related=None, effective=None):
    return Event(
        type=type_,
        object_type=object_type,
        object_id=object_id,
        related=related or {},
        occurred_at=when,
        # The day the change takes effect: today for a change applied now. Never a person's
        # hire, seat or exit date (restricted); future-dated changes (issue 17) will fire on
        # their day and carry it here.
        effective_on=effective or timezone.localdate(when),
    )


def events_for(instance: models.Model, record) -> list[Event]:
    """The events one historical row of `instance` stands for (none for models not followed)."""
    source = SOURCES.get(instance._meta.label_lower)
    if source is None:
        return []
    when = record.history_date
    related = {name: getattr(instance, attname) for name, attname in source.related}
    object_id = getattr(instance, source.id_field)
    type_ = source.type_for(record.history_type)
    effective = getattr(instance, "effective_from", None) if source.object_type == "band" else None
    extra = []
    if source.object_type == "assignment":
        type_, extra = _assignment(instance, record, type_)
    return [_event(type_, source.object_type, object_id, when, related, effective), *extra]


def _assignment(assignment, record, type_: str) -> tuple[str, list[Event]]:
    """A started hire also tells of a hired person; an ended exit, of a person who left."""
    when, person = record.history_date, assignment.person_id
    if record.history_type == "+" and assignment.reason == "hire":
        return type_, [_event("person.hired", "person", person, when)]
    if record.history_type == "~" and assignment.ended_on is not None:
        before = record.prev_record  # one query, only when an assignment with an end is saved
        if before is None or before.ended_on is None:
            left = [_event("person.left", "person", person, when)]
            return "assignment.ended", left if assignment.end_reason == "exit" else []
    return type_, []


def record_history(sender, instance, history_instance, **kwargs) -> None:
    """simple_history's post_create_historical_record: the change's events, in its transaction."""
    events = events_for(instance, history_instance)
    if len(events) == 1:
        events[0].save()
    elif events:
        Event.objects.bulk_create(events)


def record_promotion(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """post_save of a Promotion (a record with no history of its own): promotion.created."""
    if created and not raw:
        related = {"person": instance.person_id, "to_position": instance.to_position_id}
        if instance.from_position_id:
            related["from_position"] = instance.from_position_id
        when = instance.created_at or timezone.now()
        _event("promotion.created", "promotion", instance.pk, when, related).save()


def record_snapshot(sender, ids, history_type: str, history_date, **kwargs) -> None:
    """core.history.snapshot_written: the events of a bulk write, one INSERT … SELECT each."""
    from core.history import rows_by_id

    source = SOURCES.get(sender._meta.label_lower)
    if source is None:
        return
    qn = connection.ops.quote_name
    type_sql, type_params = "%s", [source.type_for(history_type)]
    if source.object_type == "assignment" and history_type == "~":
        type_sql = "CASE WHEN ended_on IS NULL THEN %s ELSE %s END"
        type_params = ["assignment.changed", "assignment.ended"]
    pairs = [(name, _column(sender, attname)) for name, attname in source.related]
    function = "jsonb_build_object" if connection.vendor == "postgresql" else "json_object"
    related = f"{function}({', '.join(f'%s, {qn(c)}' for _, c in pairs)})"
    related_params = [name for name, _ in pairs]
    id_column = qn(_column(sender, source.id_field))
    when = connection.ops.adapt_datetimefield_value(history_date)
    today = connection.ops.adapt_datefield_value(timezone.localdate(history_date))
    table = qn(Event._meta.db_table)
    insert = (
        f"INSERT INTO {table} (type, object_type, object_id, related, occurred_at, effective_on) "
        f"SELECT {type_sql}, %s, {id_column}, {related}, %s, %s "
        f"FROM {qn(sender._meta.db_table)} WHERE "
    )
    head = [*type_params, source.object_type, *related_params, when, today]
    with connection.cursor() as cursor:
        for where, params in rows_by_id(list(ids)):
            cursor.execute(insert + where, [*head, *params])


def _column(model: type[models.Model], attname: str) -> str:
    return next(f.column for f in model._meta.concrete_fields if f.attname == attname)


def record_planning(sender, type, object_type, object_id, related, effective_on, **kwargs):
    """planning.signals.planning_event: a scenario created, approved or applied, or a planned
    change taking effect (on its day, which is the event's effective_on). Ids only."""
    when = timezone.now()
    _event(type, object_type, object_id, when, dict(related), effective_on).save()


def record_planning_many(sender, events, **kwargs):
    """planning.signals.planning_events: many of record_planning's events, in one INSERT."""
    when = timezone.now()
    Event.objects.bulk_create(
        _event(
            e["type"], e["object_type"], e["object_id"], when, dict(e["related"]), e["effective_on"]
        )
        for e in events
    )
