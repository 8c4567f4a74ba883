"""Indexes for search and the people list (issue 21).

On PostgreSQL, trigram GIN indexes (pg_trgm) under the columns search compares: first and last
name (people.search's case-insensitive regular expressions, which spell each letter every way
it may be written, so "Bottcher" finds "Böttcher"; pg_trgm reads trigrams out of a regular
expression), the upper-cased e-mail (`icontains` is `UPPER(email) LIKE UPPER('%…%')`) and the
upper-cased employee id (`iexact`). Without them every search read every person: 18 req/s under
16 clients at 100k. SQLite has no trigram index; its search still reads every person.

They are raw SQL that runs on PostgreSQL only, outside the models' state, so the SQLite schema
and `makemigrations --check` are the same on both databases. The people list's order index is
an ordinary model index (Person.Meta.indexes), on both.
"""

from django.db import migrations, models

TRIGRAM_INDEXES = {
    "people_person_first_name_trgm": "first_name gin_trgm_ops",
    "people_person_last_name_trgm": "last_name gin_trgm_ops",
    "people_person_email_trgm": "UPPER(email) gin_trgm_ops",
}
EMPLOYEE_ID_INDEX = "people_person_employee_id_upper"


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON people_person USING gin ({expression})"
        )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {EMPLOYEE_ID_INDEX} ON people_person (UPPER(employee_id))"
    )


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in [*TRIGRAM_INDEXES, EMPLOYEE_ID_INDEX]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("people", "0010_constraint_messages")]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["last_name", "first_name", "id"], name="people_person_name_order"
            ),
        ),
    ]
