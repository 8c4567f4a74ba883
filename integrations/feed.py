"""Reading the outbox in commit order: the change feed's cursor and what is safe to hand out.

Ids from a sequence are taken when a row is inserted, not when its transaction commits: a long
transaction (an import) can commit event 10 after a short one committed event 11. A reader that
had moved past 11 would never see 10. So on PostgreSQL events are ordered by the id of the
transaction that wrote them, then by id, and handed out only below the oldest transaction still
running (`pg_snapshot_xmin`): everything there has committed or never will, and nothing new can
appear before a cursor once it was handed out. A reader's own transaction's events count as
settled for itself. SQLite runs one writing transaction at a time (IMMEDIATE, see settings):
there the transaction id is 0 and id order is commit order.
"""

import base64
import binascii
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from .models import Event

START = "0"  # the cursor before every event


@dataclass(frozen=True, order=True)
class Cursor:
    txid: int
    id: int

    def __str__(self) -> str:
        if not (self.txid or self.id):
            return START
        text = f"{self.txid}.{self.id}".encode()
        return base64.urlsafe_b64encode(text).decode().rstrip("=")

    @classmethod
    def parse(cls, text: str) -> "Cursor":
        """A cursor this feed handed out; ValueError for anything else."""
        if text in ("", START):
            return cls(0, 0)
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
            txid, id_ = (int(part) for part in raw.split("."))
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise ValueError(text) from None
        if not (0 <= txid < 2**63 and 0 <= id_ < 2**63):
            raise ValueError(text)
        return cls(txid, id_)

    @classmethod
    def of(cls, event: Event) -> "Cursor":
        return cls(event.txid, event.id)


def settled() -> QuerySet:
    """Events no transaction can still add to or precede, in commit order."""
    events = Event.objects.order_by("txid", "id")
    if connection.vendor != "postgresql":
        return events
    horizon = RawSQL("(pg_snapshot_xmin(pg_current_snapshot())::text)::bigint", [])
    own = RawSQL("(pg_current_xact_id_if_assigned()::text)::bigint", [])
    return events.filter(Q(txid__lt=horizon) | Q(txid=own))


def after(cursor: Cursor) -> QuerySet:
    return settled().filter(Q(txid__gt=cursor.txid) | Q(txid=cursor.txid, id__gt=cursor.id))


def head() -> Cursor:
    """The cursor of the newest settled event: follow the feed from here for what comes next."""
    last = settled().order_by("-txid", "-id").only("txid", "id").first()
    return Cursor.of(last) if last else Cursor(0, 0)
