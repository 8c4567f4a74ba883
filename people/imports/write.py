"""Step 4 of an import: people, seats, dotted lines, assignments, history, then the seat counts.

Plain INSERT/UPDATE statements run with executemany: at 100,000 rows, building model instances for
bulk_create would take most of the time budget. Ids of new rows are reserved up front (from the
sequence on PostgreSQL, above the highest id on SQLite, which holds the write lock), so reporting
lines between new seats are written in one pass; foreign keys are checked at commit.
"""

from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor

from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.history import snapshot
from core.locks import ROLE_TREE, lock_tree
from roles.models import Role, Track

from .. import tree, trigrams
from ..models import Assignment, AssignmentReason, Person, Position
from . import keys
from .changes import Changes
from .plan import Plan, Progress

CHUNK = 20_000
SEAT_FIELDS = ("manager_id", "role_id", "site_id", "holder_id", "reference")
ORG_MODELS = [Person, Position, Position.dotted_line_managers.through, Assignment]
PERSON_DEFAULTS = {"email": "", "site_id": None, "salary": None, "salary_currency": ""}


def write(plan: Plan, changes: Changes, *, actor, progress: Progress) -> int:
    """Write the changes of a checked plan; returns how many people left or changed seats."""
    roles = _create_roles(plan)
    for seat in [*changes.new_seats.values(), *changes.changed_seats.values()]:
        if isinstance(seat["role_id"], str):
            seat["role_id"] = roles[seat["role_id"]]
    person_ids = dict(
        zip(changes.new_people, _reserve_ids(Person, len(changes.new_people)), strict=True)
    )
    explicit = [k for k in changes.new_seats if k > 0]
    generated = [k for k in changes.new_seats if k < 0]
    reserved = _reserve_ids(Position, len(generated), above=max(explicit, default=0))
    seat_ids = {k: k for k in explicit} | dict(zip(generated, reserved, strict=True))
    before = {pk: s["holder_id"] for pk, s in plan.org.seats.items()}
    after = _holders_after(changes, before, person_ids, seat_ids)
    moves = _Moves(before, after)  # reads the open assignments of the people who leave seats
    with keys.checked_as_a_set(ORG_MODELS):  # into an empty org: each key checked as one set
        with _Copies() as copies:  # the rows of each table prepared while the last are copied
            _write_people(changes, person_ids, progress, copies)
            counts = _counts_after(plan, changes, after, seat_ids)
            _write_seats(changes, before, after, seat_ids, counts, progress, copies)
            _write_dotted_lines(changes, seat_ids, copies)
            _write_assignments(changes, moves, person_ids, actor, copies)
        if explicit:
            _reset_sequence(Position)
        _write_history(changes, before, after, person_ids, seat_ids, actor)
        progress(_("recounting"), 0, 1)
        _write_counts(plan, counts, set(seat_ids.values()))
    return len(moves.leaving)


class _Copies:
    """On PostgreSQL, a worker thread sends each table's rows with COPY while this thread
    prepares the next table's: the server inserts and checks rows for most of the write, and
    the Python work meanwhile (seat counts, the next rows) would otherwise wait for it. One
    connection serves both threads (psycopg's connections are thread-safe; a COPY holds it until
    it ends), so every other statement first waits for the copies sent before it: `wait()`.
    Elsewhere, and inside no `with`, statements run in turn as they come."""

    def __init__(self) -> None:
        self.pool: ThreadPoolExecutor | None = None
        self.sent: list[Future] = []

    def __enter__(self) -> "_Copies":
        if connection.vendor == "postgresql":
            connection.ensure_connection()
            self.pool = ThreadPoolExecutor(1, thread_name_prefix="import-copy")
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.wait()
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)
                self.pool = None

    def insert(self, model, columns: list[str], rows: list) -> None:
        if self.pool is None or not rows:
            _insert(model, columns, rows)
            return
        self.sent.append(self.pool.submit(_copy, connection.connection, model, columns, rows))

    def wait(self) -> None:
        """Until every COPY sent has ended; its error (a broken constraint) raised here, as
        Django's own database errors."""
        sent, self.sent = self.sent, []
        with connection.wrap_database_errors:
            for future in sent:
                future.result()


def _sql(sql: str, rows: list, copies: _Copies | None = None) -> None:
    if not rows:
        return
    if copies is not None:
        copies.wait()
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])


def _copy_sql(model, columns: list[str]) -> str:
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in columns)
    return f"COPY {qn(model._meta.db_table)} ({names}) FROM STDIN"


def _copy(raw_connection, model, columns: list[str], rows: list) -> None:
    """COPY through psycopg 3 (at 100,000 rows several times faster than executemany), on the
    connection's psycopg object: Django's wrapper of it belongs to the thread that opened it."""
    sql = _copy_sql(model, columns)
    with raw_connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _insert(model, columns: list[str], rows: list, copies: _Copies | None = None) -> None:
    if not rows:
        return
    if copies is not None:
        copies.insert(model, columns, rows)
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(_copy_sql(model, columns)) as copy:
            for row in rows:
                copy.write_row(row)
        return
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({names}) VALUES ({marks})"
    if model is Person:  # the search index takes many people at once (people/trigrams.py)
        with trigrams.people_indexed_in_bulk([row[columns.index("id")] for row in rows]):
            _sql(sql, rows)
        return
    _sql(sql, rows)


def insert_rows(model, columns: list[str], rows: list) -> None:
    """Rows (tuples in the order of `columns`) into `model`'s table: COPY on PostgreSQL,
    executemany elsewhere. No model instances, no defaults: every NOT NULL column is named.
    Also the demo generator's writer (demo/generator.py)."""
    _insert(model, columns, rows)


def reserve_ids(model, count: int) -> list[int]:
    """`count` ids for new rows of `model`, taken from its sequence (see _reserve_ids)."""
    return _reserve_ids(model, count)


def _update(model, columns: list[str], rows: list, copies: _Copies | None = None) -> None:
    """rows: (value, ..., id) in the order of columns."""
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(c)} = %s" for c in columns)
    _sql(f"UPDATE {qn(model._meta.db_table)} SET {sets} WHERE id = %s", rows, copies)


def _reserve_ids(model, count: int, above: int = 0) -> list[int]:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            if above:
                cursor.execute(
                    f"SELECT setval(%s, GREATEST(%s, (SELECT last_value FROM {sequence})))",
                    [sequence, above],
                )
            if not count:
                return []
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, count])
            return [row[0] for row in cursor.fetchall()]
        if not count:
            return []
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        highest = cursor.fetchone()[0]
        if connection.vendor == "sqlite":  # AUTOINCREMENT never reuses the ids of deleted rows
            cursor.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table]
            )
            highest = max(highest, cursor.fetchone()[0])
    start = max(highest, above) + 1
    return list(range(start, start + count))


def _reset_sequence(model) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


# More new roles than this, from a file with a unit column, are grouped by unit.
GROUP_ABOVE = 12


def _create_roles(plan: Plan) -> dict[str, int]:
    """Roles for unknown titles (--create-roles), under --roles-under or the top role, one mptt
    save each. Many titles from a file with units are grouped under one role a unit (found by
    title, or created), so hundreds of titles stay a tree one can read."""
    if not plan.new_roles:
        return {}
    lock_tree(ROLE_TREE)
    top = Role.objects.filter(pk=plan.roles_parent).first() if plan.roles_parent else None
    top = top or Role.objects.filter(parent__isnull=True).first()
    slugs = set(Role.objects.values_list("slug", flat=True))
    grouped = len(plan.new_roles) > GROUP_ABOVE and any(plan.role_units.values())
    groups: dict[str, Role | None] = {}
    created = {}
    for key, title in sorted(plan.new_roles.items()):
        parent = top
        unit = plan.role_units.get(key, "") if grouped else ""
        if unit:
            if unit not in groups:
                groups[unit] = _group_role(unit, top, slugs)
            parent = groups[unit]
        role = _new_role(title, parent, slugs)
        top = top or role
        created[key] = role.pk
    return created


def _group_role(unit: str, parent: Role | None, slugs: set[str]) -> Role:
    found = Role.objects.filter(parent=parent, title__iexact=unit[:120]).first()
    return found or _new_role(unit, parent, slugs)


def _new_role(title: str, parent: Role | None, slugs: set[str]) -> Role:
    slug = base = slugify(title)[:100] or "role"
    n = 1
    while slug in slugs:
        n += 1
        slug = f"{base}-{n}"
    slugs.add(slug)
    role = Role(title=title[:120], slug=slug, parent=parent, track=Track.INDIVIDUAL)
    role.career_level = 1
    role.save()  # mptt sets the tree bounds one save at a time
    return role


def _write_people(changes: Changes, person_ids: dict, progress: Progress, copies: _Copies) -> None:
    languages = Person._meta.get_field("languages").get_db_prep_save([], connection)
    if connection.vendor == "postgresql":
        languages = "[]"  # COPY reads text: a JSON value to dump a row was ~0.3 s at 100,000 rows
    named = ["employee_id", "first_name", "last_name", "hire_date", "name_withheld"]
    columns = ["id", *named, *PERSON_DEFAULTS]
    rows = [
        (
            person_ids[key],
            *(p[name] for name in named),
            *(p.get(name, default) for name, default in PERSON_DEFAULTS.items()),
            languages,
            "",
        )
        for key, p in changes.new_people.items()
    ]
    progress(_("writing people"), 0, len(rows))
    _insert(Person, [*columns, "languages", "photo_url"], rows, copies)
    progress(_("writing people"), len(rows), len(rows))
    emails = [(pk,) for pk, diff in changes.changed_people.items() if "email" in diff]
    # E-mails are unique: empty the changed ones first, so two people can swap theirs.
    _sql(f"UPDATE {Person._meta.db_table} SET email = '' WHERE id = %s", emails, copies)
    by_columns: dict[tuple, list] = defaultdict(list)
    for pk, diff in changes.changed_people.items():
        names = tuple(sorted(diff))
        by_columns[names].append((*(diff[n] for n in names), pk))
    for names, rows in by_columns.items():
        _update(Person, list(names), rows, copies)


def _holders_after(changes: Changes, before: dict, person_ids: dict, seat_ids: dict) -> dict:
    """Seat id → holder id once the file is written; seats people leave become vacant."""
    after = dict(before)
    seat_in_file: dict[int, int] = {}  # holder → the seat the file gives them
    for key, seat in [*changes.new_seats.items(), *changes.changed_seats.items()]:
        pk, holder = seat_ids.get(key, key), person_ids.get(seat["holder_id"], seat["holder_id"])
        after[pk] = holder
        if holder is not None:
            seat_in_file[holder] = pk
    for pk, holder in before.items():
        if holder is not None and after[pk] == holder and seat_in_file.get(holder, pk) != pk:
            after[pk] = None  # a seat outside the file whose holder moved into one of the file
    return after


def _counts_after(plan: Plan, changes: Changes, after: dict, seat_ids: dict) -> dict:
    """Every seat's derived counts once the file is written, from the org in memory: new seats
    are inserted with them, and only the existing seats whose counts change are updated (the
    recount after a bulk write used to update every seat, 100,000 UPDATEs)."""
    managers = {pk: seat["manager_id"] for pk, seat in plan.org.seats.items()}
    for key, seat in [*changes.new_seats.items(), *changes.changed_seats.items()]:
        manager = seat["manager_id"]
        managers[seat_ids.get(key, key)] = seat_ids.get(manager, manager)
    return tree.derived_counts(
        (pk, manager, after.get(pk) is not None) for pk, manager in managers.items()
    )


def _write_counts(plan: Plan, counts: dict, new_seats: set[int]) -> None:
    stored = plan.org.counts
    changed = [(*c, pk) for pk, c in counts.items() if pk not in new_seats and stored.get(pk) != c]
    _update(Position, ["direct_count", "seat_count", "headcount"], changed)


def _write_seats(changes, before, after, seat_ids, counts, progress, copies: _Copies) -> None:
    vacated = [(pk,) for pk, holder in before.items() if holder is not None and after[pk] != holder]
    _sql(f"UPDATE {Position._meta.db_table} SET holder_id = NULL WHERE id = %s", vacated, copies)

    def values(key: int, seat: dict) -> tuple:
        manager = seat["manager_id"]
        pk = seat_ids.get(key, key)
        role, site, ref = seat["role_id"], seat["site_id"], seat["reference"]
        return (seat_ids.get(manager, manager), role, site, after[pk], ref, pk)

    rows = [values(k, s) for k, s in changes.new_seats.items()]
    progress(_("writing seats"), 0, len(rows))
    columns = [*SEAT_FIELDS, "id", "is_assistant", "direct_count", "seat_count", "headcount"]
    _insert(
        Position,
        columns,
        [(*row, False, *counts.get(row[-1], (0, 0, 0))) for row in rows],
        copies,
    )
    progress(_("writing seats"), len(rows), len(rows))
    updates = [values(k, s) for k, s in changes.changed_seats.items()]
    # Seats the file changes but whose holder stays: their holder is set again, harmlessly.
    _update(Position, list(SEAT_FIELDS), updates, copies)


def _write_dotted_lines(changes: Changes, seat_ids: dict, copies: _Copies) -> None:
    if not changes.dotted:
        return
    through = Position.dotted_line_managers.through
    seats = [(seat_ids.get(k, k),) for k in changes.dotted]
    _sql(f"DELETE FROM {through._meta.db_table} WHERE from_position_id = %s", seats, copies)
    rows = [
        (seat_ids.get(k, k), seat_ids.get(m, m))
        for k, managers in changes.dotted.items()
        for m in managers
    ]
    _insert(through, ["from_position_id", "to_position_id"], rows, copies)


class _Moves:
    """Who leaves a seat and who takes one, from the holders before and after the write; the
    open assignments of the leavers and the ids of the assignments to open are read before
    anything is written, so that the writes can follow one another without a pause."""

    def __init__(self, before: dict, after: dict) -> None:
        self.seat_before = {h: pk for pk, h in before.items() if h is not None}
        seat_now = {h: pk for pk, h in after.items() if h is not None}
        self.leaving = [p for p, pk in self.seat_before.items() if seat_now.get(p) != pk]
        self.taking = [(p, pk) for p, pk in seat_now.items() if self.seat_before.get(p) != pk]
        self.closed = _open_assignments(self.leaving)
        # Ids reserved up front, as for people and seats: the history needs them, and reading
        # them back (= ANY of 100,000 person ids) took a quarter of a second on PostgreSQL.
        self.opened = _reserve_ids(Assignment, len(self.taking))


def _write_assignments(changes, moves: _Moves, person_ids: dict, actor, copies: _Copies) -> None:
    """Close the seats people leave and open the ones they take, with reason `import`."""
    today = timezone.localdate()
    table = Assignment._meta.db_table
    changes.closed_assignments = moves.closed
    _sql(
        f"UPDATE {table} SET end_reason = %s, "
        "ended_on = CASE WHEN started_on > %s THEN started_on ELSE %s END "
        "WHERE person_id = %s AND ended_on IS NULL",
        [(AssignmentReason.IMPORT, today, today, p) for p in moves.leaving],
        copies,
    )
    # Without a hire date the seat is taken on the day of the import (readiness then treats
    # the time in role as unknown, see ladder/readiness.py).
    hired = {person_ids[k]: p["hire_date"] or today for k, p in changes.new_people.items()}
    approved = actor.pk if getattr(actor, "pk", None) else None
    rows = [
        (i, p, pk, hired.get(p, today), AssignmentReason.IMPORT, "", "", approved)
        for i, (p, pk) in zip(moves.opened, moves.taking, strict=True)
    ]
    columns = ["id", "person_id", "position_id", "started_on", "reason", "end_reason", "note"]
    _insert(Assignment, [*columns, "approved_by_id"], rows, copies)
    changes.opened_assignments = moves.opened


def _open_assignments(person_ids: list[int]) -> list[int]:
    """Ids of the open assignments of these people (one each at most)."""
    found: list[int] = []
    if not person_ids:
        return found
    table = Assignment._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"SELECT id FROM {table} WHERE ended_on IS NULL AND person_id = ANY(%s)"
            cursor.execute(sql, [list(person_ids)])
            return [row[0] for row in cursor.fetchall()]
        for start in range(0, len(person_ids), 500):
            chunk = person_ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT id FROM {table} WHERE ended_on IS NULL AND person_id IN ({marks})", chunk
            )
            found += [row[0] for row in cursor.fetchall()]
    return found


def _write_history(changes, before: dict, after: dict, person_ids, seat_ids, actor) -> None:
    """The historical rows save() would have written, in bulk: the import's changes are history
    like any other (who: the importing user; reason: import)."""
    user = actor.pk if getattr(actor, "pk", None) else None
    kw = {"user_id": user, "reason": "import"}
    snapshot(Person, person_ids.values(), history_type="+", **kw)
    snapshot(Person, changes.changed_people, history_type="~", **kw)
    new_seats = {seat_ids.get(k, k) for k in changes.new_seats}
    snapshot(Position, new_seats, history_type="+", **kw)
    vacated = {pk for pk, holder in before.items() if holder is not None and after[pk] != holder}
    changed = (set(changes.changed_seats) | vacated) - new_seats
    snapshot(Position, sorted(changed), history_type="~", **kw)
    snapshot(Assignment, changes.closed_assignments, history_type="~", **kw)
    snapshot(Assignment, changes.opened_assignments, history_type="+", **kw)
