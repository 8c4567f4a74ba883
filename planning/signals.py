"""The signal planning sends when a scenario is created, approved or applied, and when a planned
change takes effect: the feed (integrations/events.py) turns it into a webhook event in the same
transaction. Dataless, as every event: a type, the object and related ids, never a salary."""

from django.dispatch import Signal

# Sent with type, object_type, object_id, related (dict of ids) and effective_on (a date).
planning_event = Signal()
# The same for many at once (a scenario's changes taking effect together): sent with `events`, a
# list of dicts of those keywords; the feed writes them in one INSERT.
planning_events = Signal()
