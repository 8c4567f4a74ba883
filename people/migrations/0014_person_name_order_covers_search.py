"""The people's name order index carries what search compares (issue 21), on PostgreSQL.

A word of one or two letters has no trigram for the GIN index of 0012 to look up, so search
walks the people in name order until it has ten hits: 25,000 of them for "ko wa" at 100,000
people, each read from the table (62 ms). With the folded names, the employee id and the e-mail
in the index (INCLUDE, not part of the order) the walk reads the index alone: 12-14 ms. Same
name and key columns as before, so the model's index is still this one; SQLite has no INCLUDE.
"""

from django.db import migrations

INDEX = "people_person_name_order"
COLUMNS = "(last_name, first_name, id)"


def _recreate(schema_editor, include: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"CREATE INDEX {INDEX} ON people_person {COLUMNS} {include}")


def cover(apps, schema_editor) -> None:
    _recreate(schema_editor, "INCLUDE (search_name, employee_id, email)")


def uncover(apps, schema_editor) -> None:
    _recreate(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [("people", "0013_person_search_trigrams")]

    operations = [migrations.RunPython(cover, uncover, elidable=False)]
