"""Every list and tree endpoint makes the same number of queries for 10 rows as for 100."""

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model

from ladder.models import Promotion
from people import services
from people.models import Position
from roles.models import Role
from tests.helpers import body
from tests.ladder.factories import CriterionFactory, PathSkillFactory, PromotionPathFactory
from tests.people.factories import PersonFactory, SiteFactory, seat
from tests.roles.factories import RoleFactory, RoleSkillFactory, SalaryBandFactory, SkillFactory

from .conftest import V1

pytestmark = pytest.mark.django_db

# A signed-in request costs 2 queries (session, user) and 1 for its rate limit on the database
# (the throttles' count, core/ratecounts.py); reading salaries asks for the groups (1). The counts
# below are for HR, who sees everything.


@pytest.fixture(autouse=True)
def shared_cache_in_the_database(settings):
    """The settings' own cache (the tests' is in memory): the throttles count in the database."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache"}
    }
    settings.RATELIMIT_PURGE_SECONDS = 10**9  # no purge inside a counted request


def team(size: int) -> tuple[Position, list[Position]]:
    boss = Role.objects.first() or RoleFactory(title="Boss")
    agent = RoleFactory(parent=boss)
    top = seat(role=boss, holder=PersonFactory())
    return top, [seat(role=agent, manager=top, holder=PersonFactory()) for _ in range(size)]


def roles(size: int) -> str:
    top = RoleFactory()
    for _ in range(size - 1):
        role = RoleFactory(parent=top)
        role.aliases.create(name=f"alias {role.pk}")
        role.responsibilities.create(text="duty")
        RoleSkillFactory(role=role)
        SalaryBandFactory(role=role)
    return f"{V1}/roles/?page_size=500"


def skills(size: int) -> str:
    SkillFactory.create_batch(size)
    return f"{V1}/skills/?page_size=500"


def people(size: int) -> str:
    team(size)
    return f"{V1}/people/?page_size=500"


def positions(size: int) -> str:
    top, seats = team(size)
    seats[0].dotted_line_managers.add(top)
    return f"{V1}/positions/?page_size=500"


def archived_positions(size: int) -> str:
    _top, seats = team(size)
    for position in seats:
        services.position_vacate(position=position, ended_on=datetime.date(2025, 1, 31))
        services.position_archive(position=position, on=datetime.date(2025, 2, 1))
    return f"{V1}/positions/?archived=true&page_size=500"


def sites(size: int) -> str:
    for number in range(size):
        SiteFactory(code=f"S{number}", name=f"Site {number}")
    return f"{V1}/sites/?page_size=500"


def children(size: int) -> str:
    top, _ = team(size)
    return f"{V1}/positions/{top.pk}/children/"


def subtree(size: int) -> str:
    top, _ = team(size)
    return f"{V1}/positions/{top.pk}/subtree/?depth=3"


def chain(size: int) -> str:
    role = RoleFactory()
    position = seat(role=role)
    for _ in range(size - 1):
        position = seat(role=role, manager=position)
    return f"{V1}/positions/{position.pk}/chain/"


def export(size: int) -> str:
    team(size)
    return f"{V1}/org/export/"


def paths(size: int) -> str:
    chain_of_roles = [RoleFactory()]
    for _ in range(size):
        chain_of_roles.append(RoleFactory(parent=chain_of_roles[-1]))
    for a, b in itertools.pairwise(chain_of_roles):
        path = PromotionPathFactory(from_role=a, to_role=b)
        PathSkillFactory(path=path, skill=SkillFactory())
        CriterionFactory(path=path)
    return f"{V1}/promotion-paths/?page_size=500"


def promotions(size: int) -> str:
    top, seats = team(size)
    approver = get_user_model().objects.create_user("approver")
    Promotion.objects.bulk_create(
        Promotion(
            person_id=s.holder_id,
            from_position=top,
            to_position=s,
            effective=datetime.date(2025, 1, 1),
            approved_by=approver,
        )
        for s in seats
    )
    return f"{V1}/promotions/?page_size=500"


def roles_tree(size: int) -> str:
    roles(size)
    return f"{V1}/roles/tree/"


def career(size: int) -> str:
    agent = RoleFactory()
    person = PersonFactory()
    seat(role=agent, holder=person)
    for _ in range(size):
        path = PromotionPathFactory(from_role=agent, to_role=RoleFactory(parent=agent))
        PathSkillFactory(path=path, skill=SkillFactory())
        CriterionFactory(path=path)
    return f"{V1}/people/{person.pk}/career/"


CASES = [  # (builder, queries for HR)
    (roles, 9),
    (skills, 5),
    (people, 6),
    (positions, 6),
    (archived_positions, 6),
    (sites, 5),
    (children, 4),
    (subtree, 4),
    (chain, 4),
    # The rows in one query, streamed as it runs (people/org_export.py): no transaction of its own.
    (export, 5),
    (paths, 7),
    (promotions, 6),  # and the groups: who reads which promotions, and their notes
    (roles_tree, 4),
    (career, 14),  # readiness reads paths, skills, criteria, measurements, bands in bulk
]


@pytest.mark.parametrize("size", [10, 100])
@pytest.mark.parametrize(("build", "queries"), CASES, ids=[c[0].__name__ for c in CASES])
def test_endpoints_make_the_same_queries_for_10_and_100_rows(
    hr, django_assert_num_queries, build, queries, size
):
    url = build(size)
    with django_assert_num_queries(queries) as captured:
        response = hr.get(url)
        body(response)  # a streamed answer (the export) reads its rows as it is sent
    assert response.status_code == 200
    [rate_limit] = [q["sql"] for q in captured if "core_ratelimitcount" in q["sql"]]
    assert rate_limit.startswith('INSERT INTO "core_ratelimitcount"')
