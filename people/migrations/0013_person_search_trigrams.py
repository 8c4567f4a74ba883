"""SQLite: a trigram full-text index over the folded names and the e-mail (issue 21).

On SQLite search read every person: `search_name LIKE '%word%'` cannot use a B-tree index
(69-82 ms p95 at 100,000 people). FTS5's `trigram` tokenizer (SQLite 3.34+) indexes every three
letters of a text, so a word of three letters or more is found through the index, and a shorter
one through the index's list of trigrams (people.search). The table holds no copy of the text
(content=''), only the index; triggers keep it in step with people_person on every write, the
import's and the demo's executemany included. The e-mail is stored between spaces, as
search_name is, so every letter of it, the last ones too, begins a trigram.

UPPER(employee_id) gets the index PostgreSQL has had since 0011: search compares employee ids
case-insensitively, which SQLite's own index (unique, case-sensitive) cannot serve.

PostgreSQL is untouched: its trigram GIN indexes (0011, 0012) already serve the same queries.
"""

from django.db import migrations

TABLE = "people_person_search"
TERMS = "people_person_search_terms"  # the index's trigrams and how many people have each
EMAIL = "' ' || {row}.email || ' '"

CREATE = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(name, email, content='', tokenize='trigram')",
    f"CREATE VIRTUAL TABLE {TERMS} USING fts5vocab({TABLE}, col)",
    f"INSERT INTO {TABLE} (rowid, name, email) "
    f"SELECT id, search_name, {EMAIL.format(row='people_person')} FROM people_person",
    f"""CREATE TRIGGER {TABLE}_insert AFTER INSERT ON people_person BEGIN
        INSERT INTO {TABLE} (rowid, name, email)
        VALUES (new.id, new.search_name, {EMAIL.format(row="new")});
    END""",
    f"""CREATE TRIGGER {TABLE}_delete AFTER DELETE ON people_person BEGIN
        INSERT INTO {TABLE} ({TABLE}, rowid, name, email)
        VALUES ('delete', old.id, old.search_name, {EMAIL.format(row="old")});
    END""",
    f"""CREATE TRIGGER {TABLE}_update AFTER UPDATE OF first_name, last_name, email
        ON people_person BEGIN
        INSERT INTO {TABLE} ({TABLE}, rowid, name, email)
        VALUES ('delete', old.id, old.search_name, {EMAIL.format(row="old")});
        INSERT INTO {TABLE} (rowid, name, email)
        VALUES (new.id, new.search_name, {EMAIL.format(row="new")});
    END""",
    "CREATE INDEX IF NOT EXISTS people_person_employee_id_upper "
    "ON people_person (UPPER(employee_id))",
]
DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {TABLE}_update",
    f"DROP TABLE IF EXISTS {TERMS}",
    f"DROP TABLE IF EXISTS {TABLE}",
    "DROP INDEX IF EXISTS people_person_employee_id_upper",
]


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for sql in CREATE:
            schema_editor.execute(sql)


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("people", "0012_person_search_fold")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
