"""Send webhook deliveries from the outbox: `make run` starts it beside the server."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection

from integrations import delivery

WORKER_LOCK = 0x7765_6268  # "webh": the session lock of the one running worker


def _one_worker() -> None:
    """One worker at a time keeps each object's events in order: on PostgreSQL a second one
    stops here. Asked each pass, as a new connection (after an idle wait) holds no lock yet."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [WORKER_LOCK])
        if not cursor.fetchone()[0]:
            raise CommandError("Another deliver_webhooks is running.")


class Command(BaseCommand):
    help = "Queue new change events for the webhook subscriptions and send what is due."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="send until nothing is due, then stop (cron, tests)"
        )
        parser.add_argument(
            "--interval", type=float, default=2.0, help="seconds between passes (default 2)"
        )

    def handle(self, *args, once: bool, interval: float, **options) -> None:
        while True:
            if not once:
                _one_worker()
            queued = delivery.queue_new_events()
            sent = delivery.send_due()
            if (queued or sent) and options["verbosity"] > 1:
                self.stdout.write(f"queued {queued}, sent {sent}")
            if not sent:  # busy: go on at once; idle: wait (or stop)
                if once:
                    return
                time.sleep(interval)
                close_old_connections()  # a worker that runs for days: no stale connection
