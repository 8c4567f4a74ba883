"""Layouts for the server-rendered SVG of the ladder page: coordinates only, no markup."""

from collections import defaultdict
from dataclasses import dataclass

from ladder.models import CareerTrack, PromotionPath
from roles import bands as pay

RUNG_H, RUNG_W, GAP = 58, 300, 14
NODE_W, NODE_H, COL_GAP, ROW_GAP = 170, 40, 24, 34


def preferred_band(bands, currency: str | None):
    """The annual band to show: the asked currency, else the one of the page's language."""
    wanted, location = (currency, None) if currency else pay.currency_for_language()
    return pay.band_for(bands, currency=wanted, location=location, other_currencies=False)


@dataclass
class RungBox:
    y: int
    order: int
    role: object
    band: object
    typical_months: int | None


def track_layout(track: CareerTrack, currency: str | None) -> dict:
    """Rungs from the bottom (first rung) to the top, as boxes on a ladder."""
    rungs = list(track.rungs.all())
    height = len(rungs) * (RUNG_H + GAP) + GAP
    boxes = [
        RungBox(
            y=height - (i + 1) * (RUNG_H + GAP),
            order=rung.order,
            role=rung.role,
            band=preferred_band(rung.role.salary_bands.all(), currency),
            typical_months=rung.typical_months,
        )
        for i, rung in enumerate(rungs)
    ]
    return {"track": track, "boxes": boxes, "height": height, "width": RUNG_W + 60}


@dataclass
class Node:
    role: object
    x: int
    y: int

    @property
    def cx(self) -> int:
        return self.x + NODE_W // 2


@dataclass
class Edge:
    kind: str
    x1: int
    y1: int
    x2: int
    y2: int


def path_graph(paths: list[PromotionPath]) -> dict:
    """Roles placed by career level (higher levels higher up), edges for every path."""
    roles = {}
    for path in paths:
        roles[path.from_role_id] = path.from_role
        roles[path.to_role_id] = path.to_role
    levels = sorted({r.career_level for r in roles.values()})
    rows = {
        lvl: sorted(
            (r for r in roles.values() if r.career_level == lvl), key=lambda r: (r.track, r.lft)
        )
        for lvl in levels
    }
    widest = max((len(row) for row in rows.values()), default=0)
    width = max(widest * (NODE_W + COL_GAP) + COL_GAP, NODE_W + 2 * COL_GAP)
    neighbours = defaultdict(set)
    for path in paths:
        neighbours[path.from_role_id].add(path.to_role_id)
        neighbours[path.to_role_id].add(path.from_role_id)
    nodes: dict[int, Node] = {}
    for row_index, lvl in enumerate(levels):  # bottom up; each row ordered under its links
        row = rows[lvl]
        placed = {
            r.pk: sum(nodes[n].cx for n in neighbours[r.pk] if n in nodes)
            / max(1, sum(1 for n in neighbours[r.pk] if n in nodes))
            for r in row
        }
        if row_index:
            row.sort(key=lambda r: placed[r.pk] or width / 2)
        offset = (width - len(row) * (NODE_W + COL_GAP) + COL_GAP) // 2
        y = COL_GAP + (len(levels) - 1 - row_index) * (NODE_H + ROW_GAP)
        for i, role in enumerate(row):
            nodes[role.pk] = Node(role, offset + i * (NODE_W + COL_GAP), y)
    edges = []
    for path in paths:
        a, b = nodes[path.from_role_id], nodes[path.to_role_id]
        if a.y == b.y:  # same level: side to side
            left, right = (a, b) if a.x < b.x else (b, a)
            x1, x2 = (left.x + NODE_W, right.x) if a is left else (right.x, left.x + NODE_W)
            edges.append(Edge(path.kind, x1, a.y + NODE_H // 2, x2, b.y + NODE_H // 2))
        elif a.y > b.y:  # up the page
            edges.append(Edge(path.kind, a.cx, a.y, b.cx, b.y + NODE_H))
        else:
            edges.append(Edge(path.kind, a.cx, a.y + NODE_H, b.cx, b.y))
    height = COL_GAP * 2 + len(levels) * (NODE_H + ROW_GAP)
    return {
        "nodes": list(nodes.values()),
        "edges": edges,
        "width": width,
        "height": height,
        "node_w": NODE_W,
        "node_h": NODE_H,
        "node_cx": NODE_W // 2,
    }
