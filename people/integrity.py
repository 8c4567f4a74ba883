"""Checks and repairs of both trees, for `manage.py check_trees`.

The parent keys (Role.parent, Position.manager) are the truth; everything derived from them
(mptt bounds and levels, the seat counts) is checked against them and can be rebuilt from them
under the tree lock. Each tree is read with one query and checked in Python, so a 100,000-seat
org is checked in well under a second.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from core.locks import ROLE_TREE, lock_tree
from roles.integrity import Problem, find_loops, loop_text, role_tree_problems
from roles.models import Role

from . import services
from .models import Position
from .tree import derived_counts


def tree_problems() -> list[Problem]:
    """Everything wrong with the role tree and the reporting lines; empty when both are sound."""
    return role_tree_problems() + reporting_line_problems()


def reporting_line_problems() -> list[Problem]:
    rows = list(
        Position.objects.active()
        .order_by()
        .values_list("id", "manager_id", "holder_id", "direct_count", "seat_count", "headcount")
    )
    managers = {pk: manager_id for pk, manager_id, *_rest in rows}
    problems = [Problem("people", msg, fixable=False) for msg in _line_problems(managers)]
    real = derived_counts(
        (pk, manager_id, holder_id is not None) for pk, manager_id, holder_id, *_c in rows
    )
    for pk, _manager, _holder, *cached in rows:
        if pk in real and tuple(cached) != real[pk]:
            problems.append(
                Problem(
                    "people",
                    _(
                        "Seat #%(id)d counts %(cached)s (direct, seats, people below); "
                        "its reports make it %(real)s."
                    )
                    % {"id": pk, "cached": tuple(cached), "real": real[pk]},
                    fixable=True,
                )
            )
    return problems


def _line_problems(managers: dict[int, int | None]) -> list[str]:
    messages = []
    tops = sorted(pk for pk, manager_id in managers.items() if manager_id is None)
    if managers and len(tops) != 1:
        messages.append(
            _("The org has %(count)d top seats (%(ids)s); it needs exactly one.")
            % {"count": len(tops), "ids": ", ".join(f"#{pk}" for pk in tops[:10])}
        )
    for pk, manager_id in managers.items():
        if manager_id is not None and manager_id not in managers:
            messages.append(
                _("Seat #%(id)d reports to seat #%(manager)d, which does not exist.")
                % {"id": pk, "manager": manager_id}
            )
    for loop in find_loops(managers):
        messages.append(
            _("Seats %(ids)s report to each other in a loop; choose a manager for one of them.")
            % {"ids": loop_text(loop)}
        )
    return messages


def repair_trees() -> list[str]:
    """Rebuild what is derived from the parent keys, each tree under its lock; say what changed."""
    done = []
    with transaction.atomic():
        lock_tree(ROLE_TREE)
        if any(p.fixable for p in role_tree_problems()):
            Role.objects.rebuild()
            done.append(_("Rebuilt the role tree's bounds and levels from the parent keys."))
    changed = services.positions_recount()
    if changed:
        done.append(_("Recounted %(count)d seats from the reporting lines.") % {"count": changed})
    return done
