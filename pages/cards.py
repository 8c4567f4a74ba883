"""The chart's cards of today's org as HTML, written in Python: templates/people/_card.html, fast.

The template engine resolves every `{{ seat.role.title }}` through a chain of lookups, localises
every number and pushes a context for each include: about 1.3 ms a card, two thirds of `/org/`'s
time at 100k with 25 cards, and what held the page to 8-11 requests a second on two busy workers
(issue 21). This writes the same markup (tests/pages/test_org_cards.py compares the two, in
three languages) for the chart from the top, the page most requests ask for, and for a
scenario's chart (its marks, its new seats, its links that stay in the scenario); the other
charts (a seat in focus, a date, a projection) keep the template.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from people.chart import Node
from roles.models import Role


def _url(name: str) -> str:
    """The URL of `name` with a "{}" for its id: one reverse() a page, not three a card."""
    return reverse(name, args=[0]).replace("/0/", "/{}/", 1)


@dataclass
class _Page:
    """What every card of one page shares: the URLs' shapes, each role's text, localisation."""

    seat_url: str = field(default_factory=lambda: _url("people:chart-focus"))
    person_url: str = field(default_factory=lambda: _url("people:detail"))
    reports_url: str = field(default_factory=lambda: _url("people:chart-reports"))
    planned_url: str = field(default_factory=lambda: _url("planned:detail"))
    roles: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    # A scenario's chart: its id kept on the links to people, roles and reports
    scenario: int | None = None
    hr: bool = False

    @property
    def query(self) -> str:
        return f"?scenario={self.scenario}" if self.scenario is not None else ""

    def role(self, role: Role) -> tuple[str, str, str]:
        """(title, URL, track) of a role, escaped; a page shows a few roles on many cards."""
        if role.pk not in self.roles:
            self.roles[role.pk] = (
                escape(role.title),
                escape(role.get_absolute_url()) + self.query,
                escape(role.get_track_display()),
            )
        return self.roles[role.pk]


def cards_html(nodes: list[Node], *, scenario: int | None = None, hr: bool = False) -> SafeString:
    """The cards of `nodes` and of every open level below them, as the template draws them.
    `scenario`: a scenario's chart (pages/views/scenario_chart.py: its nodes carry `mark`,
    `mark_label` and `planned`); `hr`: the viewer may open a planned change."""
    page = _Page(scenario=scenario, hr=hr)
    return mark_safe("".join(_card(node, page) for node in nodes))  # every value escaped


def _n(value: int) -> str:
    """An integer as {{ value }} writes it: localize() groups digits only when asked to."""
    return localize(value) if settings.USE_THOUSAND_SEPARATOR else str(value)


def _card(node: Node, page: _Page) -> str:
    seat, holder = node.seat, node.seat.holder
    site = seat.site
    title, role_url, track = page.role(seat.role)
    name = escape(holder.full_name) if holder is not None else ""
    seat_url = page.seat_url.format(seat.pk)
    classes = "card" + " vacant" * (holder is None) + " assistant" * seat.is_assistant
    classes += " focused" * node.focused
    mark, planned = getattr(node, "mark", ""), getattr(node, "planned", None)
    classes += " planned-seat" * bool(planned) + f" mark-{mark}" * bool(mark)
    if node.over_span:
        classes += " over-span"
    elif node.single_report:
        classes += " single-report"
    site_name = escape(site.name) if site is not None else ""
    data = (
        f' id="seat-{seat.pk}" tabindex="-1" data-seat="{seat.pk}"'
        f' data-manager="{_n(seat.manager_id) if seat.manager_id is not None else ""}"'
        f' data-name="{name}" data-role="{title}" data-site="{site_name}"'
        f' data-direct="{_n(seat.direct_count)}" data-headcount="{_n(seat.headcount)}"'
        f' data-seats="{_n(seat.seat_count)}" data-track="{track}"'
        f' data-level="{_n(seat.role.career_level)}"'
    )
    if node.tenure:
        data += f' data-tenure="{escape(node.tenure)}"'
    if node.dotted:
        data += f' data-dotted="{" ".join(_n(pk) for pk in node.dotted)}"'
    if seat.is_assistant:
        data += ' data-assistant="1"'
    if node.focused:
        data += ' aria-current="true"'
    if mark:
        data += f' data-mark="{escape(mark)}"'
    li = "node" + " on-path" * node.on_path + " open" * node.is_open
    parts = [f'<li class="{li}">\n<article class="{classes}"{data}>\n', _avatar(holder), "\n"]
    if holder is not None:
        person_url = page.person_url.format(holder.pk) + page.query
        parts.append(f'<a class="name" href="{person_url}">{name}</a>\n')
    elif mark == "new":
        parts.append(f'<span class="name">{escape(gettext("New seat (scenario)"))}</span>\n')
    elif planned and page.hr:
        planned_url = page.planned_url.format(planned)
        new_seat = escape(gettext("New seat (planned)"))
        parts.append(f'<a class="name" href="{planned_url}">{new_seat}</a>\n')
    elif planned:
        parts.append(f'<span class="name">{escape(gettext("New seat (planned)"))}</span>\n')
    else:
        parts.append(f'<a class="name" href="{seat_url}">{escape(gettext("Vacant"))}</a>\n')
    parts.append(f'<a class="role" href="{role_url}">{title}</a>')
    if seat.is_assistant:
        parts.append(f'<span class="visually-hidden"> · {escape(gettext("assistant seat"))}</span>')
    if node.dotted:
        also = ngettext(
            "also reports to %(n)s dotted-line manager",
            "also reports to %(n)s dotted-line managers",
            len(node.dotted),
        ) % {"n": _n(len(node.dotted))}
        parts.append(f'<span class="visually-hidden"> · {also}</span>')
    parts.append("\n")
    if mark:
        parts.append(f'<span class="scenario-mark">{escape(node.mark_label)}</span>')
    parts += [_meta(node, site_name), "\n"]
    if seat.direct_count and not node.is_open:
        show = ngettext("Show %(n)s report", "Show %(n)s reports", seat.direct_count)
        reports_url = page.reports_url.format(seat.pk) + page.query
        parts.append(
            f'<a class="expand" href="{seat_url}" data-reports="{reports_url}"'
            f' aria-expanded="false">{show % {"n": _n(seat.direct_count)}}</a>'
        )
    parts.append("\n</article>\n")
    if node.is_open:
        parts.append(_reports(node, seat_url, page))
    parts.append("\n</li>\n")
    return "".join(parts)


def _avatar(holder) -> str:
    if holder is not None and holder.photo_url:
        inside = f'<img src="{escape(holder.photo_url)}" alt="" width="40" height="40">'
    else:
        inside = escape(holder.initials) if holder is not None else "?"
    return f'<span class="avatar" aria-hidden="true">{inside}</span>'


def _meta(node: Node, site_name: str) -> str:
    seat = node.seat
    text = site_name
    if seat.direct_count:
        direct = ngettext("%(n)s direct", "%(n)s direct", seat.direct_count)
        below = ngettext("%(people)s below", "%(people)s below", seat.headcount)
        people = floatformat(seat.headcount, "0g")
        text += " · " if seat.site is not None else ""
        text += direct % {"n": _n(seat.direct_count)} + " · "
        text += below % {"people": people, "n": _n(seat.headcount)}
    if node.over_span:
        title = gettext("More direct reports than the span-of-control norm")
        flag = gettext("over span")
    elif node.single_report:
        title, flag = gettext("A manager with a single report"), gettext("single report")
    else:
        return f'<span class="meta">{text}</span>'
    return (
        f'<span class="meta">{text} · <strong class="flag" title="{escape(title)}">'
        f"{escape(flag)}</strong></span>"
    )


def _reports(node: Node, seat_url: str, page: _Page) -> str:
    direct = node.seat.direct_count
    summary = ngettext("%(n)s report", "%(n)s reports", direct) % {"n": _n(direct)}
    if node.hidden_reports:
        more = ngettext("%(n)s more", "%(n)s more", node.hidden_reports)
        summary += f' · <a href="{seat_url}">{more % {"n": _n(node.hidden_reports)}}</a>'
    compact = " compact" if node.compact else ""
    children = "".join(_card(child, page) for child in node.children)
    return (
        f'<details open class="reports"><summary>{summary}</summary>\n'
        f'<ul class="children{compact}">{children}</ul></details>'
    )
