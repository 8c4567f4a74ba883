"""Send webhook deliveries from the outbox: `make run` starts it beside the server."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from integrations import delivery


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
            queued = delivery.queue_new_events()
            sent = delivery.send_due()
            if (queued or sent) and options["verbosity"] > 1:
                self.stdout.write(f"queued {queued}, sent {sent}")
            if not sent:  # busy: go on at once; idle: wait (or stop)
                if once:
                    return
                time.sleep(interval)
                close_old_connections()  # a worker that runs for days: no stale connection
