"""A scenario's changes as its pages list them: one line per edit (the changes made together in one
step, e.g. "Moved the team of 30 under Anna Nowak"), newest first, a page of edits at a time, each
with its first changes in words to unfold. A 1,000-change scenario is read in three queries (the
edits' counts, the ids on the page, those changes with their names), never all of it in words.

What a viewer sees follows planning/pending.py: HR every change; anyone else (a manager a scenario
is shared with) the structure only, as on the scenario's chart, since who is hired, leaves or
changes seat follows the hire-date rule.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Min
from django.db.models.fields.json import KT
from django.utils.translation import ngettext

from core.groups import is_hr

from .models import Kind, PlannedChange, Scenario
from .pending import STRUCTURE, describe, seat_name

EDITS_PER_PAGE = 20
CHANGES_SHOWN = 50  # of one edit, unfolded; the rest are counted


@dataclass
class Edit:
    """One step of a scenario: how many changes, what they have in common (None: they differ),
    and the first of them."""

    step: int
    count: int
    kind: str | None
    new_manager: int | None
    role: int | None
    old_manager: str | None
    changes: list[PlannedChange] = field(default_factory=list)


@dataclass
class EditLine:
    step: int
    text: str
    changes: list[str]
    more: int  # changes of the edit not listed


def _visible(changes, user):
    return changes if is_hr(user) else changes.filter(kind__in=STRUCTURE)


def hidden_changes(scenario: Scenario, user) -> int:
    """How many of the scenario's changes `user` is not shown (those _visible leaves out: who is
    hired, leaves, changes seat or is paid what); none for HR, one query for anyone else."""
    if is_hr(user):
        return 0
    return scenario.changes.drafts().exclude(kind__in=STRUCTURE).count()


def _same(low, high):
    return low if low == high else None


def edits_page(scenario: Scenario, user, number=1) -> tuple[Page, list[EditLine]]:
    """The page `number` of the scenario's edits (newest first) and their lines."""
    rows = (
        _visible(scenario.changes.drafts(), user)
        .order_by()
        .values("step")
        .annotate(
            n=Count("id"),
            kind_low=Min("kind"),
            kind_high=Max("kind"),
            manager_low=Min("new_manager"),
            manager_high=Max("new_manager"),
            role_low=Min("role"),
            role_high=Max("role"),
            old_low=Min(KT("baseline__position__manager")),
            old_high=Max(KT("baseline__position__manager")),
        )
        .order_by("-step")
    )
    page = Paginator(list(rows), EDITS_PER_PAGE).get_page(number)
    edits = {
        row["step"]: Edit(
            row["step"],
            row["n"],
            _same(row["kind_low"], row["kind_high"]),
            _same(row["manager_low"], row["manager_high"]),
            _same(row["role_low"], row["role_high"]),
            _same(row["old_low"], row["old_high"]),
        )
        for row in page.object_list
    }
    shown: dict[int, list[int]] = defaultdict(list)
    ids = scenario.changes.drafts().filter(step__in=list(edits)).order_by("step", "pk")
    for pk, step in _visible(ids, user).values_list("pk", "step"):
        if len(shown[step]) < CHANGES_SHOWN:
            shown[step].append(pk)
    wanted = [pk for pks in shown.values() for pk in pks]
    for change in _with_names(PlannedChange.objects.filter(pk__in=wanted)).order_by("pk"):
        edits[change.step].changes.append(change)
    return page, lines(edits.values(), salary=is_hr(user))


def _one(values: set):
    return next(iter(values)) if len(values) == 1 else None


def _with_names(changes):
    return changes.select_related(
        "person",
        "position__role",
        "new_manager__role",
        "new_manager__holder",
        "role",
        "site",
    )


def lines(edits: Iterable[Edit], *, salary: bool) -> list[EditLine]:
    return [
        EditLine(
            edit.step,
            summary(edit, salary=salary),
            [describe(c, salary=salary) for c in edit.changes],
            edit.count - len(edit.changes),
        )
        for edit in edits
    ]


def summary(edit: Edit, *, salary: bool) -> str:
    """The edit in one line: the change itself when it is one; what its changes have in common
    (a team moved, seats opened, closed or given a role); else how many of which kinds."""
    n, first = edit.count, edit.changes[0] if edit.changes else None
    if first is None:
        return ""
    if n == 1:
        return describe(first, salary=salary)
    if edit.kind == Kind.MOVE and edit.new_manager is not None:
        manager = seat_name(first.new_manager)
        if edit.old_manager not in (None, "None"):
            return ngettext(
                "Moved the team of %(n)s under %(manager)s.",
                "Moved the team of %(n)s under %(manager)s.",
                n,
            ) % {"n": n, "manager": manager}
        return ngettext(
            "Moved %(n)s seat under %(manager)s.", "Moved %(n)s seats under %(manager)s.", n
        ) % {"n": n, "manager": manager}
    if edit.kind == Kind.NEW_SEAT and edit.new_manager is not None and edit.role is not None:
        return ngettext(
            "Opened %(n)s %(role)s seat under %(manager)s.",
            "Opened %(n)s %(role)s seats under %(manager)s.",
            n,
        ) % {"n": n, "role": first.role.title, "manager": seat_name(first.new_manager)}
    if edit.kind == Kind.CLOSE_SEAT:
        return ngettext("Closed %(n)s seat.", "Closed %(n)s seats.", n) % {"n": n}
    if edit.kind == Kind.ROLE and edit.role is not None:
        return ngettext(
            "Gave %(n)s seat the role %(role)s.", "Gave %(n)s seats the role %(role)s.", n
        ) % {"n": n, "role": first.role.title}
    kinds = sorted({str(Kind(c.kind).label) for c in edit.changes})
    return ngettext("%(n)s change: %(kinds)s.", "%(n)s changes: %(kinds)s.", n) % {
        "n": n,
        "kinds": ", ".join(kinds),
    }
