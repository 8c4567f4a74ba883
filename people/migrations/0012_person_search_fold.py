"""Person.search_name: the names folded as search compares them, by the database (issue 21).

A stored generated column (people.fold.folded_name): every write path keeps it, the import's
COPY included (a generated column is never named in an INSERT or COPY). On PostgreSQL a trigram
GIN index under it serves search's `search_name LIKE '%word%'`, and replaces 0011's indexes on
first and last name, which only the old per-name regular expressions read. E-mail and employee
id keep theirs.
"""

import django.db.models.functions.text
import people.fold
from django.db import migrations, models



INDEX = "people_person_search_name_trgm"
OLD = {
    "people_person_first_name_trgm": "first_name gin_trgm_ops",
    "people_person_last_name_trgm": "last_name gin_trgm_ops",
}


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name in OLD:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_person USING gin (search_name gin_trgm_ops)"
    )


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    for name, expression in OLD.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON people_person USING gin ({expression})"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0011_search_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='person',
            name='search_name',
            field=models.GeneratedField(db_persist=True, expression=people.fold.JoinText(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Lower(people.fold.JoinText(models.Value(' '), models.F('first_name'), models.Value(' '), models.F('last_name'), models.Value(' '))), models.Value('ä'), models.Value('a')), models.Value('ö'), models.Value('o')), models.Value('ü'), models.Value('u')), models.Value('ß'), models.Value('ss')), models.Value('Ä'), models.Value('a')), models.Value('Ö'), models.Value('o')), models.Value('Ü'), models.Value('u')), models.Value('ą'), models.Value('a')), models.Value('ć'), models.Value('c')), models.Value('ę'), models.Value('e')), models.Value('ł'), models.Value('l')), models.Value('ń'), models.Value('n')), models.Value('ó'), models.Value('o')), models.Value('ś'), models.Value('s')), models.Value('ź'), models.Value('z')), models.Value('ż'), models.Value('z')), models.Value('Ć'), models.Value('c')), models.Value('Ł'), models.Value('l')), models.Value('Ó'), models.Value('o')), models.Value('Ś'), models.Value('s')), models.Value('Ź'), models.Value('z')), models.Value('Ż'), models.Value('z')), django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Lower(people.fold.JoinText(models.Value(' '), models.F('first_name'), models.Value(' '), models.F('last_name'), models.Value(' '))), models.Value('ä'), models.Value('a')), models.Value('ö'), models.Value('o')), models.Value('ü'), models.Value('u')), models.Value('ß'), models.Value('ss')), models.Value('Ä'), models.Value('a')), models.Value('Ö'), models.Value('o')), models.Value('Ü'), models.Value('u')), models.Value('ą'), models.Value('a')), models.Value('ć'), models.Value('c')), models.Value('ę'), models.Value('e')), models.Value('ł'), models.Value('l')), models.Value('ń'), models.Value('n')), models.Value('ó'), models.Value('o')), models.Value('ś'), models.Value('s')), models.Value('ź'), models.Value('z')), models.Value('ż'), models.Value('z')), models.Value('Ć'), models.Value('c')), models.Value('Ł'), models.Value('l')), models.Value('Ó'), models.Value('o')), models.Value('Ś'), models.Value('s')), models.Value('Ź'), models.Value('z')), models.Value('Ż'), models.Value('z')), models.Value('ae'), models.Value('a')), models.Value('oe'), models.Value('o')), models.Value('ue'), models.Value('u'))), output_field=models.TextField()),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
