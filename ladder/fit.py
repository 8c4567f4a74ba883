"""The skill fits (ladder.models.SkillFit): who, holding a seat of a path's from-role, has every
skill the path requires.

One set-based statement per refresh, on both databases: delete the rows in scope, then insert
(person, path) for every holder of the path's from-role whose skills meet every required skill.
Scope is one person (their skills or their seat changed), one path (its required skills or its
from-role changed) or everything (the `rebuild_skill_fits` command, after an import, and after
bulk writes that skip signals, e.g. `load_demo`). Run inside the writer's transaction, so a
reader never sees the change without its fit.

A row left behind by someone who gave up their seat is harmless: the readers join the seats of
the path's from-role, so only a current holder is ever listed (and the row goes with the
person's next refresh).
"""

from django.db import connection, transaction

from people.imports import org_imported
from people.models import PersonSkill, Position

from .models import PathSkill, PromotionPath, SkillFit

# `WHERE {scope}` is always present: SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT.
# The count of each path's needs is joined once, not asked per group (4.1 → 1.3 s at 100k).
_INSERT = """
INSERT INTO {fit} (person_id, path_id)
SELECT ps.person_id, need.path_id
FROM {person_skill} ps
JOIN {path_skill} need ON need.skill_id = ps.skill_id AND ps.level >= need.level
JOIN (SELECT path_id, COUNT(*) AS n FROM {path_skill} GROUP BY path_id) needs
  ON needs.path_id = need.path_id
JOIN {path} p ON p.id = need.path_id
JOIN {position} seat ON seat.holder_id = ps.person_id AND seat.role_id = p.from_role_id
WHERE {scope}
GROUP BY ps.person_id, need.path_id, needs.n
HAVING COUNT(*) = needs.n
ON CONFLICT DO NOTHING
"""


def _refresh(delete_where: str, scope: str, params: list) -> None:
    tables = {
        "fit": SkillFit._meta.db_table,
        "person_skill": PersonSkill._meta.db_table,
        "path_skill": PathSkill._meta.db_table,
        "path": PromotionPath._meta.db_table,
        "position": Position._meta.db_table,
    }
    # No savepoint of its own: a failure here fails the write it belongs to.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {tables['fit']} WHERE {delete_where}", params)
        cursor.execute(_INSERT.format(scope=scope, **tables), params)


def refresh_person(person_id: int) -> None:
    """After a change of the person's skills or seat."""
    _refresh("person_id = %s", "ps.person_id = %s", [person_id])


def refresh_path(path_id: int) -> None:
    """After a change of the path's required skills or roles."""
    _refresh("path_id = %s", "need.path_id = %s", [path_id])


def rebuild() -> None:
    """Every fit from scratch (the management command, imports, bulk writes)."""
    _refresh("1 = 1", "1 = 1", [])


def _person_skill_changed(sender, instance, **kwargs) -> None:
    refresh_person(instance.person_id)


def _path_skill_changed(sender, instance, **kwargs) -> None:
    refresh_path(instance.path_id)


def _path_saved(sender, instance, **kwargs) -> None:
    refresh_path(instance.pk)


def _seat_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """A hire, a move, a promotion, a seat given another role: the new holder's fits. (The old
    holder's rows are left behind harmlessly, see above.)"""
    if instance.holder_id is None:
        return
    if update_fields is not None and not {"holder", "role"} & set(update_fields):
        return  # e.g. the seat counts: nothing readiness reads
    refresh_person(instance.holder_id)


def _org_imported(sender, **kwargs) -> None:
    rebuild()  # an import writes seats in bulk around save()


def connect() -> None:
    """Keep the fits in step with every write they depend on (ladder.apps)."""
    from django.db.models.signals import post_delete, post_save

    for signal in (post_save, post_delete):
        signal.connect(_person_skill_changed, sender=PersonSkill, dispatch_uid="ladder_fit_ps")
        signal.connect(_path_skill_changed, sender=PathSkill, dispatch_uid="ladder_fit_need")
    post_save.connect(_path_saved, sender=PromotionPath, dispatch_uid="ladder_fit_path")
    post_save.connect(_seat_saved, sender=Position, dispatch_uid="ladder_fit_seat")
    org_imported.connect(_org_imported, dispatch_uid="ladder_fit_import")
