"""Helpers of the import and export tests: files in the import's columns, and the org in terms
that survive a round trip."""

import csv
import io
from pathlib import Path

from django.db import connection

from bench.import_100k import org_tables
from people.imports.export import write_csv
from people.models import Person, Position
from roles.models import RoleAlias
from tests.roles.factories import RoleFactory

ORACLE = Path(__file__).resolve().parent.parent / "data" / "oracle-hr-sample.csv"
LOCK_QUERIES = 1 if connection.vendor == "postgresql" else 0  # the advisory lock of the tree
# Applying an import on PostgreSQL: its 3 bulk inserts are COPYs, which Django's query log does
# not see, and the lock and the id sequence add 2; the open assignments of nobody are not read
# (SQLite's loop over chunks of ids made no query for none either).
APPLY_QUERIES_PG = -2 if connection.vendor == "postgresql" else 0


def first_import_queries() -> int:
    """A first import on PostgreSQL (an empty org) checks each foreign key as a set and builds
    the indexes no constraint needs once (people/imports/keys.py): the probe, the keys and the
    indexes listed, the pending checks run, a savepoint with a lock timeout to drop the keys
    (one ALTER TABLE a table, four tables) and the indexes, one CREATE INDEX an index, and one
    ALTER TABLE a table to add the keys again."""
    if connection.vendor != "postgresql":
        return 0
    from people.imports.keys import indexes_to_build
    from people.imports.write import ORG_MODELS

    return 18 + len(indexes_to_build([m._meta.db_table for m in ORG_MODELS]))


HEADER = ["employee_id", "first_name", "last_name", "email", "job_title", "manager_id", "hire_date"]


def csv_bytes(rows: list[list], header: list[str] = HEADER, delimiter: str = ",") -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return stream.getvalue().encode()


def org_rows() -> list[list]:
    return [
        ["E1", "Hanna", "Berg", "hanna@cc.example", "Head of Call Center", "", "2020-01-06"],
        ["E2", "Tomasz", "Lis", "tomasz@cc.example", "Team Leader", "E1", "2021-02-01"],
        [
            "E3",
            "Ola",
            "Nowak",
            "ola@cc.example",
            "customer  service REPRESENTATIVE",
            "E2",
            "2022-03-01",
        ],
        ["E4", "Jan", "Kowal", "jan@cc.example", "Kundenbetreuer", "E2", "2022-04-01"],
    ]


def exported(*, with_salary: bool = True) -> list[dict]:
    stream = io.StringIO()
    write_csv(stream, with_salary=with_salary)
    return list(csv.DictReader(io.StringIO(stream.getvalue())))


def snapshot() -> dict:
    """The org in terms that survive a round trip: ids of seats, employee IDs of people.

    The export has one row a seat, so people without a seat are not in it."""
    return {
        "people": set(
            Person.objects.filter(position__isnull=False).values_list(
                "employee_id",
                "first_name",
                "last_name",
                "email",
                "hire_date",
                "site__code",
                "salary",
                "salary_currency",
            )
        ),
        "seats": set(
            Position.objects.values_list(
                "id",
                "role_id",
                "manager_id",
                "holder__employee_id",
                "site__code",
                "direct_count",
                "seat_count",
                "headcount",
            )
        ),
        "dotted": set(
            Position.dotted_line_managers.through.objects.values_list(
                "from_position_id", "to_position_id"
            )
        ),
        "vacancies": set(Position.objects.vacant().values_list("id", flat=True)),
    }


def empty_the_org() -> None:
    """People, seats, assignments and every row pointing into them (bench/import_100k.py)."""
    with connection.cursor() as cursor:
        for table in org_tables():
            cursor.execute(f"DELETE FROM {table}")


def import_roles() -> None:
    """The roles the import tests' files name: a head, a team leader, two agent titles."""
    head = RoleFactory(title="Head of Call Center")
    lead = RoleFactory(title="Team Leader", parent=head)
    RoleFactory(title="Consultant", title_de="Kundenbetreuer", parent=lead)
    RoleFactory(title="Customer Service Representative", parent=lead)


def corpus_roles() -> dict:
    """The roles the files of tests/data/ match by title or alias (the rest they create)."""
    head = RoleFactory(title="Head of Call Center", slug="head-of-call-center")
    lead = RoleFactory(title="Team Leader", title_de="Teamleiter", parent=head)
    agent = RoleFactory(title="Consultant", title_de="Kundenbetreuer", parent=lead)
    RoleAlias.objects.create(role=agent, name="Customer Service Representative", language="en")
    ceo = RoleFactory(title="Chief Executive Officer")
    cto = RoleFactory(title="Chief Technology Officer", parent=ceo)
    RoleAlias.objects.create(role=cto, name="CTO", language="en")
    return {"head": head, "lead": lead, "agent": agent, "ceo": ceo, "cto": cto}
