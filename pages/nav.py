"""The header's links (templates/base.html): each page for the groups that may open it, and no
link its viewer would get a 403 from. The checks are the pages' own (`is_hr`, `plan_sites`).

A context processor so every page's header asks the same rules; lazy, so a fragment that does not
draw the header (the chart's children, search-as-you-type) asks nothing. The groups are read once
a request (core/groups.py caches them on the user), so the header costs no query where the view
asked them already; a manager's staffing link needs their seat's site (one query, managers only).
"""

from django.http import HttpRequest
from django.utils.functional import cached_property

from core.groups import is_hr, is_manager
from staffing.access import plan_sites


class HeaderLinks:
    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def hr(self) -> bool:
        """HR's menu: planned changes, scenarios, pay transparency, pending exits, analytics,
        book, import."""
        return is_hr(self.user)

    @cached_property
    def staffing_plan(self) -> bool:
        """/planning/: HR (every site), a manager whose seat has a site (that site)."""
        return self.hr or bool(plan_sites(self.user))

    @cached_property
    def shared_scenarios(self) -> bool:
        """/scenarios/ for every manager (HR has it in its menu): the scenarios shared with them.
        Shown whether or not one is shared, so the header asks no query for it: every page a
        manager opens would pay for an EXISTS otherwise."""
        return not self.hr and is_manager(self.user)


def header_links(request: HttpRequest) -> dict:
    # request.user stays lazy: the header asks only inside {% if user.is_authenticated %}.
    return {"header": HeaderLinks(request.user)} if hasattr(request, "user") else {}
