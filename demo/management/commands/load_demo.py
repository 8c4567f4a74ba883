import datetime
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo import generator
from demo.accounts import create_demo_accounts
from demo.pay import generate_pay
from demo.planning import plan_demo_changes
from demo.staffing import load_demo_forecast
from people.models import Person
from planning.models import PlannedChange
from roles.models import Role


class Command(BaseCommand):
    help = "Load the seed roles and ladders and generate a demo org of N people."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=300, help="people in the org (300)")
        parser.add_argument("--seed", type=int, default=1, help="random seed; same seed, same org")
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            default=None,
            help="the day the org is generated for, YYYY-MM-DD (today)",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already has roles or people",
        )
        parser.add_argument("--no-accounts", action="store_true", help="skip the demo accounts")
        parser.add_argument(
            "--no-pay",
            action="store_true",
            help="skip the invented pay transparency data (sex, pay, hours; demo/pay.py)",
        )

    def handle(self, *args, people, seed, as_of, if_empty, no_accounts, no_pay=False, **options):
        if people != 0 and not generator.MIN_PEOPLE <= people <= 500_000:
            raise CommandError(
                f"--people must be 0 (roles only) or between {generator.MIN_PEOPLE} and 500000."
            )
        if Role.objects.exists() or Person.objects.exists():
            if if_empty:
                self.stdout.write("The database already has an org; the demo was not loaded.")
                return
            raise CommandError(
                "The database already has roles or people; load the demo into an empty database "
                "(e.g. `python manage.py flush` first)."
            )
        started = time.perf_counter()
        generator.load_seed_content()
        counts = {"roles": Role.objects.count()}
        if people:
            day = as_of or datetime.date.today()
            counts |= generator.generate_org(people=people, seed=seed, as_of=day)
            # Invented pay, sex and hours for the pay transparency pages (demo/pay.py).
            if not no_pay:
                counts |= generate_pay(seed=seed, year=day.year)
            # an invented forecast for /planning/ (demo/staffing.py)
            counts["forecast_intervals"] = load_demo_forecast(as_of=day)
            # Fresh statistics, so the planner knows the tables are no longer empty (on PostgreSQL
            # a chart read went from 20 ms to 600 ms at 100k people without them).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo org in {elapsed:.1f} s: {summary}."))
        if not no_accounts and get_user_model().objects.count() == 0:
            self.stdout.write("Demo accounts (for a local demo only):")
            for username, password, what in create_demo_accounts():
                self.stdout.write(f"  {username:<10} {password:<22} {what}")
        hr = get_user_model().objects.filter(username="hr").first()
        if people and hr is not None and not PlannedChange.objects.exists():
            # invented changes a few weeks ahead, by the demo HR account (demo/planning.py)
            planned = plan_demo_changes(planned_by=hr)
            self.stdout.write(f"Planned {planned} invented changes for the coming weeks.")
