"""The role page on demo orgs of 1,000 and 100,000 people: the same queries at both sizes, and
"Ready for this role" read from the kept skill fits (ladder.models.SkillFit), so someone made
ready in the test shows at once and only to whom may see readiness (docs/access.md)."""

import datetime
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from ladder.models import Measurement, PromotionPath
from people import role_seats
from people.models import Assignment, PersonSkill, Position
from tests.helpers import LARGE_ORG

pytestmark = pytest.mark.django_db
ROLES = ["consultant", "senior-consultant", "team-leader"]


@pytest.fixture(
    scope="module", params=[1000, pytest.param(LARGE_ORG, marks=pytest.mark.slow)], ids=str
)
def demo_org(request, django_db_setup, django_db_blocker):
    """The demo org at 1,000 people for the module (emptied afterwards), or the session's large
    org. Module-scoped, so it is set up before each test's transaction begins."""
    if request.param == LARGE_ORG:
        yield request.getfixturevalue("large_org")
        return
    with django_db_blocker.unblock():
        call_command(
            "load_demo",
            people=request.param,
            seed=5,
            as_of=datetime.date(2026, 11, 1),
            no_accounts=True,
            no_pay=True,
            stdout=open("/dev/null", "w"),  # noqa: SIM115 - closed with the process
        )
        yield request.param
        call_command("flush", interactive=False, verbosity=0)


def make_ready(slug: str):
    """A holder of the from-role of the first path into the role, given everything it asks."""
    path = PromotionPath.objects.filter(to_role__slug=slug).order_by("pk").first()
    seat = Position.objects.filter(role_id=path.from_role_id, holder__isnull=False).last()
    person = seat.holder
    for need in path.skills.all():
        PersonSkill.objects.update_or_create(
            person=person, skill_id=need.skill_id, defaults={"level": need.level}
        )
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    for criterion in path.criteria.all():
        Measurement.objects.update_or_create(
            person=person,
            metric=criterion.metric,
            measured_on=yesterday,
            defaults={"value": criterion.threshold},
        )
    long_ago = datetime.date(2015, 1, 1)
    person.hire_date = long_ago
    person.save(update_fields=["hire_date"])
    Assignment.objects.filter(person=person, ended_on__isnull=True).update(started_on=long_ago)
    return person


def ready_section(body: str) -> str:
    start = body.find("Ready for this role")
    return "" if start < 0 else body[start : body.find("</section>", start)]


@pytest.mark.parametrize("slug", ROLES)
def test_a_role_page_makes_the_same_queries_at_any_size_and_shows_who_was_made_ready(
    demo_org, client, users, django_assert_num_queries, slug
):
    person = make_ready(slug)
    client.force_login(users["hr"])
    client.get(reverse("roles:detail", args=[slug]))  # warm up
    # session, user, role, paths in and out, bands, seat counts, holders, who is ready (paths
    # into the role, their skills, skills' names, criteria, the viewer's groups, candidates,
    # their assignments, skills, measurements, bands), the recorded changes and the parent
    # role they name, aliases, duties, skills, the evaluation's groups, the header's groups
    role_seats._COUNTED.clear()  # the seat counts counted, as after a write to the seats
    started = time.perf_counter()
    with django_assert_num_queries(QUERIES[slug]):
        response = client.get(reverse("roles:detail", args=[slug]))
    elapsed = time.perf_counter() - started
    print(f"/roles/{slug}/ at {demo_org} people: {elapsed * 1000:.0f} ms")
    assert person.full_name in ready_section(response.content.decode())


QUERIES = {"consultant": 23, "senior-consultant": 23, "team-leader": 25}  # a query per path in


def test_who_is_ready_stays_hidden_from_an_employee(demo_org, employee_client):
    person = make_ready("consultant")
    body = employee_client.get(reverse("roles:detail", args=["consultant"])).content.decode()
    assert person.full_name not in ready_section(body)
