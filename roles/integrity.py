"""Checks of the role tree: the nested-set fields (lft, rght, tree_id, level) against the parent
keys, which are the truth. One query, the rest in Python; `Role.objects.rebuild()` repairs what
these checks find, except loops, missing parents and a second top, which need a person."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Role

Row = tuple[int, int | None, int, int, int, int]  # id, parent_id, tree_id, lft, rght, level


@dataclass(frozen=True)
class Problem:
    tree: str
    message: str
    fixable: bool  # derivable from the parent keys, so check_trees --fix can repair it


def role_tree_problems() -> list[Problem]:
    rows = list(
        Role.objects.order_by().values_list("id", "parent_id", "tree_id", "lft", "rght", "level")
    )
    return nested_set_problems(rows)


def nested_set_problems(rows: list[Row]) -> list[Problem]:
    """Everything wrong with a nested-set tree given as rows."""
    by_id = {row[0]: row for row in rows}
    problems = [_broken(msg) for msg in _key_problems(rows, by_id)]
    trees: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        trees[row[2]].append(row)
    for tree_id, members in sorted(trees.items()):
        problems += [_derived(msg) for msg in _bound_problems(tree_id, members, by_id)]
    return problems


def _broken(message: str) -> Problem:
    return Problem("roles", message, fixable=False)


def _derived(message: str) -> Problem:
    return Problem("roles", message, fixable=True)


def _key_problems(rows: list[Row], by_id: dict[int, Row]) -> list[str]:
    """Problems of the parent keys themselves: no rebuild can repair these."""
    messages = []
    tops = sorted(pk for pk, parent_id, *_rest in rows if parent_id is None)
    if rows and len(tops) != 1:
        messages.append(
            _("The role tree has %(count)d top roles (%(ids)s); it needs exactly one.")
            % {"count": len(tops), "ids": _ids(tops)}
        )
    for pk, parent_id, *_rest in rows:
        if parent_id is not None and parent_id not in by_id:
            messages.append(
                _("Role #%(id)d reports to role #%(parent)d, which does not exist.")
                % {"id": pk, "parent": parent_id}
            )
    parents = {pk: parent_id for pk, parent_id, *_rest in rows}
    messages += [
        _("The roles %(ids)s report to each other in a loop.") % {"ids": loop_text(loop)}
        for loop in find_loops(parents)
    ]
    return messages


def _bound_problems(tree_id: int, members: list[Row], by_id: dict[int, Row]) -> list[str]:
    """Walk one tree in lft order with a stack of open intervals: the innermost open interval
    that encloses a node is its spatial parent, which must be the node's parent key."""
    messages = []
    bounds = sorted([row[3] for row in members] + [row[4] for row in members])
    if bounds != list(range(1, 2 * len(members) + 1)):
        messages.append(
            _("The bounds of role tree %(tree)d are not 1 to %(max)d without gaps or repeats.")
            % {"tree": tree_id, "max": 2 * len(members)}
        )
    stack: list[Row] = []
    for row in sorted(members, key=lambda r: r[3]):
        pk, parent_id, _tree, lft, rght, level = row
        if lft >= rght:
            messages.append(
                _("Role #%(id)d has lft %(lft)d not below rght %(rght)d.")
                % {"id": pk, "lft": lft, "rght": rght}
            )
        while stack and stack[-1][4] < lft:
            stack.pop()
        if stack and rght > stack[-1][4]:
            messages.append(
                _("The bounds of role #%(id)d cross those of role #%(other)d.")
                % {"id": pk, "other": stack[-1][0]}
            )
        spatial_parent = stack[-1][0] if stack else None
        if spatial_parent != parent_id:
            messages.append(
                _("Role #%(id)d sits inside %(spatial)s by its bounds but reports to %(parent)s.")
                % {"id": pk, "spatial": _name(spatial_parent), "parent": _name(parent_id)}
            )
        parent = by_id.get(parent_id) if parent_id is not None else None
        expected_level = parent[5] + 1 if parent else 0
        if level != expected_level:
            messages.append(
                _("Role #%(id)d has level %(level)d; by its parent it should be %(expected)d.")
                % {"id": pk, "level": level, "expected": expected_level}
            )
        if parent and parent[2] != tree_id:
            messages.append(
                _("Role #%(id)d is in tree %(tree)d but its parent is in tree %(other)d.")
                % {"id": pk, "tree": tree_id, "other": parent[2]}
            )
        stack.append(row)
    return messages


def find_loops(parents: dict[int, int | None]) -> list[list[int]]:
    """Each loop in a parent map once, its members in order; linear in the map's size."""
    state: dict[int, int] = {}  # 1: on the current walk, 2: done
    loops = []
    for start in parents:
        walk = []
        node: int | None = start
        while node is not None and node in parents and node not in state:
            state[node] = 1
            walk.append(node)
            node = parents[node]
        if node is not None and state.get(node) == 1:
            loop = walk[walk.index(node) :]
            first = loop.index(min(loop))  # the same text whatever order the rows came in
            loops.append(loop[first:] + loop[:first])
        for member in walk:
            state[member] = 2
    return loops


def loop_text(loop: list[int]) -> str:
    """#3 → #7 → #3, or the first ten of a long loop."""
    shown = loop[:10] + loop[:1] if len(loop) <= 10 else [*loop[:10], "…"]
    return " → ".join(f"#{pk}" if isinstance(pk, int) else pk for pk in shown)


def _ids(ids: list[int]) -> str:
    shown = ", ".join(f"#{pk}" for pk in ids[:10])
    return shown + (" …" if len(ids) > 10 else "")


def _name(pk: int | None) -> str:
    return f"#{pk}" if pk is not None else _("no role")
