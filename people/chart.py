"""Reads for the org chart pages: the top of the org, one seat's reports, one seat in focus.

Each read is one query for the seats (plus one for the chain in focus), whatever the org size:
the recursive part runs in the database as a subquery, and the cards show the counts kept on
Position, so nothing is counted per card.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from roles.models import Track

from . import tree
from .access import DateScope
from .models import Position

# Levels fetched for the first paint; how many of them are shown open depends on CARD_BUDGET.
MAX_OPEN_DEPTH = 5
# Ids beyond a 64-bit integer cannot exist; the databases refuse them rather than finding none.
MAX_ID = 2**63 - 1
# Cards on the first paint; a card is about nine DOM elements, so the page stays under 1,500.
CARD_BUDGET = 120

# The seats of the first paint: the first levels down from the top (walk.depth < %s), cut after
# the last level whose cards, with every level above, fit the card budget (%s): the levels a
# first paint opens (_open_depth), and nothing below them. At 500k the four levels fetched
# before were 793 seats for 72 cards (issue 21). Archived seats are filtered on the walk's own
# row, not on the joined seats: see tree.IN_ORG.
_TOP_DOWN = f"""
    WITH RECURSIVE walk(id, archived_on, depth) AS (
        SELECT id, archived_on, 0 FROM {tree.TABLE} WHERE manager_id IS NULL
        UNION ALL
        SELECT p.id, p.archived_on, walk.depth + 1 FROM walk JOIN {tree.TABLE} p
        ON p.manager_id = walk.id
        WHERE walk.depth < %s AND walk.archived_on IS NULL
    ),
    seats AS (SELECT id, depth FROM walk WHERE archived_on IS NULL),
    too_many AS (
        SELECT MIN(level.depth) AS depth FROM (SELECT DISTINCT depth FROM seats) level
        WHERE (SELECT COUNT(*) FROM seats s WHERE s.depth <= level.depth) > %s
    )
    SELECT id FROM seats
    WHERE depth < COALESCE((SELECT CASE WHEN depth = 0 THEN 1 ELSE depth END FROM too_many), %s)
"""


@dataclass
class Node:
    """A card on the chart and the cards shown below it (empty when collapsed)."""

    seat: Position
    children: list["Node"] = field(default_factory=list)
    on_path: bool = False
    focused: bool = False
    # Filled in by with_dotted_lines and with_tenure; empty when not read or not to be shown.
    dotted: tuple[int, ...] = ()
    tenure: str = ""
    # A seat a pending change will open (a projected chart): that change's id; the seat has none.
    planned: int = 0

    @property
    def is_open(self) -> bool:
        return bool(self.children)

    @property
    def over_span(self) -> bool:
        """Over the most reports of the seat's role (its norm, else SPAN_OF_CONTROL_NORM)."""
        return self.seat.direct_count > self.seat.role.span_limits[1]

    @property
    def single_report(self) -> bool:
        """One report below the executive levels: a CCO with one VP is how the top is built."""
        return self.seat.direct_count == 1 and self.seat.role.track != Track.EXECUTIVE

    @property
    def compact(self) -> bool:
        """Collapsed reports wrap in a grid, not one long row: a team of 30 stays readable."""
        return not any(child.is_open for child in self.children)

    @property
    def hidden_reports(self) -> int:
        """Reports not shown below an open card (the chain in focus shows one of them)."""
        return self.seat.direct_count - len(self.children) if self.children else 0


def _ordered(seats: list[Position]) -> list[Position]:
    return sorted(seats, key=lambda s: (-s.role.career_level, s.role.title, s.pk))


def _below(seats: Iterable[Position]) -> dict[int | None, list[Position]]:
    below: dict[int | None, list[Position]] = defaultdict(list)
    for seat in seats:
        below[seat.manager_id].append(seat)
    return below


def _open_depth(roots: list[Position], below: dict) -> int:
    """The deepest level shown: every card down to it fits in CARD_BUDGET."""
    shown, depth, level = 0, 0, roots
    while level:
        shown += len(level)
        if shown > CARD_BUDGET:
            return max(depth - 1, 0)
        level = [kid for seat in level for kid in below.get(seat.pk, [])]
        depth += 1
    return depth


def _build(seat: Position, below: dict, depth: int, open_depth: int) -> Node:
    kids = _ordered(below.get(seat.pk, [])) if depth < open_depth else []
    return Node(seat, [_build(kid, below, depth + 1, open_depth) for kid in kids])


def top_of_org() -> list[Node]:
    """The top seats with as many levels open as fit the card budget; one query."""
    levels = [MAX_OPEN_DEPTH - 1, CARD_BUDGET, MAX_OPEN_DEPTH]
    seats = list(Position.objects.for_chart().filter(pk__in=RawSQL(_TOP_DOWN, levels)))
    below = _below(seats)
    roots = _ordered(below.get(None, []))
    open_depth = _open_depth(roots, below)
    return [_build(root, below, 0, open_depth) for root in roots]


def reports_of(position_id: int) -> tuple[Position, list[Node]] | None:
    """The seat and its direct reports as collapsed cards; one query. None for an unknown id."""
    if position_id > MAX_ID:
        return None
    rows = list(
        Position.objects.for_chart().filter(
            Q(pk=position_id) | Q(manager_id=position_id, archived_on__isnull=True)
        )
    )
    seat = next((s for s in rows if s.pk == position_id), None)
    if seat is None:
        return None
    return seat, [Node(s) for s in _ordered([s for s in rows if s.pk != position_id])]


# Cards one "expand all" may add: past this a branch is read as a list or printed, not drawn.
BRANCH_LIMIT = 1500


def branch_of(position_id: int) -> tuple[Position, list[Node]] | None:
    """The seat and its whole branch below it, every level open; None for an unknown id.

    One query for the seat, one for the branch; the caller checks the seat's seat_count against
    BRANCH_LIMIT first (branch_too_large), so the branch read is bounded.
    """
    if position_id > MAX_ID:
        return None
    seat = Position.objects.for_chart().filter(pk=position_id).first()
    if seat is None:
        return None
    if branch_too_large(seat):
        return seat, []
    sql, params = tree.subtree_ids_sql(position_id)
    seats = list(Position.objects.for_chart().filter(pk__in=RawSQL(sql, params)))
    below = _below(s for s in seats if s.pk != position_id)
    kids = _ordered(below.get(position_id, []))
    return seat, [_build(kid, below, 0, MAX_ID) for kid in kids]


def branch_too_large(seat: Position) -> bool:
    return seat.seat_count > BRANCH_LIMIT


def in_focus(position_id: int) -> tuple[Position, Node] | None:
    """The chart cut down to one seat: its chain to the top, its siblings and its reports.

    Two queries: the chain, then every seat shown. None for an unknown id.
    """
    if position_id > MAX_ID:
        return None
    chain = tree.chain_ids(position_id)
    if not chain:
        return None
    parent_id = chain[1] if len(chain) > 1 else None
    active = Q(archived_on__isnull=True)
    shown = Q(pk__in=chain) | Q(manager_id=position_id) & active
    if parent_id is not None:
        shown |= Q(manager_id=parent_id) & active
    seats = {s.pk: s for s in Position.objects.for_chart().filter(shown)}
    focus = Node(
        seats[position_id],
        [Node(s) for s in _ordered([s for s in seats.values() if s.manager_id == position_id])],
        on_path=True,
        focused=True,
    )
    if parent_id is None:
        return focus.seat, focus
    siblings = [s for s in seats.values() if s.manager_id == parent_id]
    node = Node(
        seats[parent_id],
        [focus if s.pk == position_id else Node(s) for s in _ordered(siblings)],
        on_path=True,
    )
    for seat_id in chain[2:]:
        node = Node(seats[seat_id], [node], on_path=True)
    return focus.seat, node


@dataclass
class Drill:
    """The chart as a phone shows it: the chain above (top first), one card and its reports."""

    chain: list[Position]
    node: Node | None
    reports: list[Node]


def drill(nodes: list[Node]) -> Drill:
    """The drill-down list of a chart: around the seat in focus, or from the top."""
    if len(nodes) != 1:
        return Drill([], None, nodes)
    chain, node = [], nodes[0]
    while not node.focused:
        on_path = next((kid for kid in node.children if kid.on_path), None)
        if on_path is None:
            break
        chain.append(node.seat)
        node = on_path
    return Drill(chain, node, node.children)


# Tenure bands for colouring the chart: the lower bound in years and the label.
TENURE_BANDS = (
    (5, _("5 years or more")),
    (3, _("3 to 5 years")),
    (1, _("1 to 3 years")),
    (0, _("under 1 year")),
)


def walk(nodes: Iterable[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from walk(node.children)


def with_dotted_lines(nodes: list[Node]) -> list[Node]:
    """Each card's dotted-line managers (seat ids), for drawing them as dashed links; one query."""
    shown = {node.seat.pk: node for node in walk(nodes)}
    links = Position.dotted_line_managers.through.objects.filter(from_position_id__in=shown)
    found: dict[int, list[int]] = defaultdict(list)
    for seat_id, manager_id in links.values_list("from_position_id", "to_position_id"):
        found[seat_id].append(manager_id)
    for seat_id, managers in found.items():
        shown[seat_id].dotted = tuple(sorted(managers))
    return nodes


def tenure_band(hired: datetime.date | None, today: datetime.date) -> str:
    if hired is None:
        return ""
    years = (today - hired).days / 365.25
    return next(str(label) for low, label in TENURE_BANDS if years >= low)


def with_tenure(nodes: list[Node], scope: DateScope, today: datetime.date) -> list[Node]:
    """The tenure band of each holder whose hire date the viewer may see (people/access.py);
    the others keep an empty band, so the page never carries a date it must not show."""
    for node in walk(nodes):
        holder = node.seat.holder
        if holder is not None and scope.covers(holder.user_id, node.seat.pk):
            node.tenure = tenure_band(holder.hire_date, today)
    return nodes
