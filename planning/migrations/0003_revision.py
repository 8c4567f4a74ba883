"""planning_revision: a row added by the database on every write to planned changes.

The scenario chart keeps the result of checking a scenario's changes (planning/overlay.py) and
must know, without reading them, whether any planned change was written since: every write goes
through these triggers, the bulk updates of undo, redo, apply and the worker included. Rows are
only inserted (no counter row to update), so two writers never wait on each other or deadlock
with the tree lock. PostgreSQL: one row a statement; SQLite (no statement triggers): one a row
written, the older ones deleted on the way (its writers hold the whole database anyway).
"""

from django.db import migrations, models

TABLE = "planning_plannedchange"
SQLITE = [
    f"""CREATE TRIGGER planning_revision_{event.lower()} AFTER {event} ON {TABLE} BEGIN
        DELETE FROM planning_revision;
        INSERT INTO planning_revision (id) VALUES (NULL);
    END"""
    for event in ("INSERT", "UPDATE", "DELETE")
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS planning_revision_{e}" for e in ("insert", "update", "delete")
]
POSTGRESQL = [
    """CREATE FUNCTION planning_revise() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO planning_revision DEFAULT VALUES;
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER planning_revision AFTER INSERT OR UPDATE OR DELETE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION planning_revise()""",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS planning_revision ON {TABLE}",
    "DROP FUNCTION IF EXISTS planning_revise()",
]


def create(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in SQLITE if vendor == "sqlite" else POSTGRESQL if vendor == "postgresql" else []:
        schema_editor.execute(sql)
    first = "INSERT INTO planning_revision (id) VALUES (NULL)"  # SQLite: the next id
    schema_editor.execute(
        first if vendor == "sqlite" else "INSERT INTO planning_revision DEFAULT VALUES"
    )


def drop(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in (
        SQLITE_DROP if vendor == "sqlite" else POSTGRESQL_DROP if vendor == "postgresql" else []
    ):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0002_scenarios"),
    ]

    operations = [
        migrations.CreateModel(
            name="Revision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
            ],
            options={"verbose_name": "revision of planned changes"},
        ),
        migrations.RunPython(create, drop),
    ]
