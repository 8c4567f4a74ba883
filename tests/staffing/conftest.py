"""The staffing tests' org: the small org at one site with a queue and the site's parameters."""

from decimal import Decimal

import pytest

from people.models import Position
from staffing.models import Queue, SiteStaffing


@pytest.fixture
def staffed(org):
    """The small org at one site, a queue answered by its agents, the site's parameters."""
    site = org["site"]
    Position.objects.update(site=site)
    queue = Queue.objects.create(
        code="SERVICE", name="Service", role=org["roles"]["agent"], max_occupancy=Decimal(100)
    )
    SiteStaffing.objects.create(
        site=site,
        holidays=10,
        sickness=5,
        training=3,
        coaching=2,
        hours_per_fte=40,
        team_leader_span=15,
        agents_per_quality_checker=40,
        attrition_per_month=0,
        weeks_to_hire=2,
        nesting_weeks=2,
        team_leader_role=org["roles"]["lead"],
    )
    return org | {"queue": queue}
