"""The org book of a branch: one page a manager's team, in reading order (each team followed by
the teams of its members), a cover with the branch's head count and an index of names.

Pages are counted here, not by the PDF renderer: a team longer than a page goes on over as many
pages as it needs, `rows_per_page` members each, so every "continued on page N" is known before
rendering (WeasyPrint's target-counter took three times as long for a 2,000-seat branch) and the
print page and the PDF say the same.

Every person of the branch is listed exactly once as a member: the branch's top in the first
team's heading, everyone else in their manager's team. Two queries: the subtree, its sites.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from .models import Position, Site
from .tree import TABLE, subtree_rows


class BranchTooLarge(Exception):
    """The branch has more seats than ORG_BOOK_MAX_SEATS: the book would take too long."""

    def __init__(self, seats: int, limit: int):
        super().__init__(seats, limit)
        self.seats, self.limit = seats, limit


@dataclass
class Member:
    seat_id: int
    held: bool
    employee_id: str
    first_name: str
    last_name: str
    withheld: bool
    role: str
    site: str
    direct: int
    headcount: int
    team: "Team | None" = None  # the team this member leads in the book
    listed_in: "Team | None" = None  # the team where this member is listed

    @property
    def vacant(self) -> bool:
        return not self.held

    @property
    def name(self) -> str:
        if self.withheld:
            return str(_("Name withheld"))
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def index_name(self) -> str:
        return f"{self.last_name}, {self.first_name}" if self.last_name else self.first_name


@dataclass(eq=False)
class Team:
    number: int  # 1-based, in reading order
    leader: Member
    members: list[Member] = field(default_factory=list)
    parent: "Team | None" = None
    page: int = 0  # its first page; the cover is page 1
    pages: list[list[Member]] = field(default_factory=list)  # the members, a page at a time

    @property
    def anchor(self) -> str:
        return f"team-{self.number}"


@dataclass
class Book:
    top: Member
    teams: list[Team]
    seats: int
    people: int

    @property
    def vacant(self) -> int:
        return self.seats - self.people

    @property
    def index(self) -> list[Member]:
        """Everyone with a name, by last and first name, each once."""
        named = [m for t in self.teams for m in t.members if not m.vacant and not m.withheld]
        if not self.top.vacant and not self.top.withheld:
            named.append(self.top)
        return sorted(named, key=lambda m: (m.last_name.casefold(), m.first_name.casefold()))


def _member(row: dict, sites: dict[int, str]) -> Member:
    return Member(
        seat_id=row["id"],
        held=row["holder_id"] is not None,
        employee_id=row["employee_id"] or "",
        first_name=row["first_name"] or "",
        last_name=row["last_name"] or "",
        withheld=bool(row["name_withheld"]),
        role=row["role_title"],
        site=sites.get(row["site_id"], ""),
        direct=row["direct_count"],
        headcount=row["headcount"],
    )


def _order(members: list[Member]) -> list[Member]:
    """Leaders first (most people below), then by name; vacancies last."""
    return sorted(members, key=lambda m: (m.vacant, -m.headcount, m.role, m.index_name, m.seat_id))


def _number_pages(teams: list[Team], rows_per_page: int) -> None:
    page = 2  # after the cover
    for team in teams:
        team.page = page
        members = team.members
        team.pages = [members[i : i + rows_per_page] for i in range(0, len(members), rows_per_page)]
        team.pages = team.pages or [[]]
        page += len(team.pages)


def branch_book(position_id: int, *, rows_per_page: int = 36) -> Book | None:
    """The book of the seat's branch; None for an unknown seat, BranchTooLarge over the cap."""
    rows = subtree_rows(position_id)
    if not rows:
        return None
    limit = settings.ORG_BOOK_MAX_SEATS
    if len(rows) > limit:
        raise BranchTooLarge(len(rows), limit)
    sites = dict(Site.objects.values_list("pk", "name"))
    members = {row["id"]: _member(row, sites) for row in rows}
    below: dict[int, list[Member]] = defaultdict(list)
    for row in rows[1:]:
        below[row["manager_id"]].append(members[row["id"]])
    top = members[rows[0]["id"]]
    teams: list[Team] = []
    stack: list[tuple[Member, Team | None]] = [(top, None)]
    while stack:  # depth-first: a team, then the teams of its members, in the team's order
        leader, parent = stack.pop()
        team = Team(len(teams) + 1, leader, _order(below[leader.seat_id]), parent)
        teams.append(team)
        leader.team = team
        for member in team.members:
            member.listed_in = team
        stack.extend((m, team) for m in reversed(team.members) if below[m.seat_id])
    top.listed_in = teams[0]
    _number_pages(teams, rows_per_page)
    people = sum(1 for m in members.values() if not m.vacant)
    return Book(top=top, teams=teams, seats=len(rows), people=people)


# Archived seats are filtered on the walk's own row, not on the joined seats: see tree.IN_ORG.
_TOP_LEVELS = f"""
    WITH RECURSIVE walk(id, archived_on, depth) AS (
        SELECT id, archived_on, 0 FROM {TABLE} WHERE manager_id IS NULL
        UNION ALL
        SELECT p.id, p.archived_on, walk.depth + 1 FROM walk JOIN {TABLE} p
        ON p.manager_id = walk.id
        WHERE walk.depth < %s AND walk.archived_on IS NULL
    )
    SELECT id FROM walk WHERE archived_on IS NULL
"""


def branch_choices(levels: int = 4) -> list[Position]:
    """The seats with reports in the first `levels` levels, biggest first: the branches a book is
    usually made of (any other seat's book is at its own URL). One query."""
    shown = RawSQL(_TOP_LEVELS, [levels - 1])
    return list(
        Position.objects.for_chart()
        .filter(pk__in=shown, direct_count__gt=0)
        .order_by("-seat_count", "pk")
    )
