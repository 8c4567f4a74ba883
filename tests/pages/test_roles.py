import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from ladder.models import PromotionPath
from people.models import Position
from roles.bands import scale_for
from roles.models import RoleAlias, SalaryBand
from tests.people.factories import PersonFactory, seat
from tests.roles.factories import RoleFactory, RoleSkillFactory, SalaryBandFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def back_to_english():
    """LocaleMiddleware leaves the last request's language active in this thread; reset it."""
    yield
    translation.activate("en")


@pytest.fixture
def ladder():
    lead = RoleFactory(title="Team Leader", slug="team-leader", career_level=5)
    agent = RoleFactory(title="Agent", slug="agent", parent=lead, title_de="Kundenberater")
    checker = RoleFactory(title="Quality Checker", slug="quality-checker", parent=lead)
    SalaryBandFactory(role=lead, minimum=38000, midpoint=41000, maximum=44000)
    SalaryBandFactory(role=agent, minimum=32000, midpoint=33500, maximum=35000)
    RoleSkillFactory(role=agent, skill__name="Empathy", level=4)
    RoleAlias.objects.create(role=agent, name="CSR")
    PromotionPath.objects.create(from_role=agent, to_role=lead, kind="up", min_months=12)
    PromotionPath.objects.create(from_role=agent, to_role=checker, kind="lateral", min_months=6)
    top = seat(role=lead, holder=PersonFactory(first_name="Tina"))
    seat(role=agent, manager=top, holder=PersonFactory(first_name="Adam"))
    seat(role=agent, manager=top)
    return {"lead": lead, "agent": agent, "top": top}


def test_the_role_list_shows_the_tree_with_holders_vacancies_and_bars(employee_client, ladder):
    body = employee_client.get(reverse("roles:list")).content.decode()
    assert body.index("Team Leader") < body.index("Agent") < body.index("Quality Checker")
    assert body.count('class="bar') == 2
    assert '<td class="num">1</td>\n<td class="num">1</td>' in body  # agent: 1 holder, 1 vacancy


def test_all_bars_share_one_scale(ladder):
    bands = list(SalaryBand.objects.all())
    scale = scale_for(bands, "EUR", "annual")
    assert scale.top == Decimal(50000)
    bars = {b.role.slug: scale.bar(b) for b in bands}
    assert bars["agent"].x == 384.0 and bars["agent"].width == 36.0
    assert bars["team-leader"].x == 456.0 and bars["team-leader"].width == 72.0


def test_an_unknown_currency_gets_a_clear_message(employee_client, ladder):
    body = employee_client.get(reverse("roles:list"), {"currency": "XYZ"}).content.decode()
    assert "There are no bands in XYZ; showing EUR." in body


@pytest.mark.parametrize("extra", [0, 10])
def test_the_role_list_makes_the_same_queries_for_few_and_many_roles(
    employee_client, ladder, django_assert_num_queries, extra
):
    for _ in range(extra):
        role = RoleFactory(parent=ladder["lead"])
        SalaryBandFactory(role=role)
        seat(role=role, manager=ladder["top"])
    # session, user, roles, seat counts, bands, the groups (the header's links)
    with django_assert_num_queries(6):
        employee_client.get(reverse("roles:list"))


def test_a_role_page_shows_duties_skills_bands_paths_and_holders(employee_client, ladder):
    body = employee_client.get(reverse("roles:detail", args=["agent"])).content.decode()
    assert "Empathy" in body
    assert "CSR" in body
    assert "2 seats" in body and "1 vacant" in body
    assert "Adam" in body
    assert 'href="/roles/team-leader/">Team Leader</a> <span class="muted">Promotion' in body
    assert "Lateral move · after 6 months" in body
    assert "No path leads into this role." in body
    assert body.count('class="bar') == 2  # its band and the band of the role it leads to
    assert body.count('class="bar this"') == 1


def test_a_role_page_is_shown_in_the_chosen_language(back_to_english, employee_client, ladder):
    employee_client.cookies["django_language"] = "de"
    body = employee_client.get(reverse("roles:detail", args=["agent"])).content.decode()
    assert "<h1>Kundenberater</h1>" in body


def test_bands_are_seen_by_everyone_but_salaries_are_not_on_role_pages(employee_client, ladder):
    PersonFactory(first_name="Rich", salary=Decimal("99999"))
    body = employee_client.get(reverse("roles:detail", args=["agent"])).content.decode()
    assert "32,000 \N{EN DASH} 35,000" in body
    assert "99999" not in body


@pytest.mark.parametrize("extra", [0, 8])
def test_a_role_page_makes_the_same_queries_for_few_and_many_holders(
    employee_client, ladder, django_assert_num_queries, extra
):
    for _ in range(extra):
        seat(role=ladder["agent"], manager=ladder["top"], holder=PersonFactory())
    # session, user, role, paths in, paths out, bands, seat counts, aliases, duties, skills,
    # holders, ready_for_role (paths into the role; none here), the recorded changes and the
    # parent role they name, the groups (the header's links)
    with django_assert_num_queries(15):
        employee_client.get(reverse("roles:detail", args=["agent"]))


def test_an_unknown_role_is_not_found(employee_client):
    assert employee_client.get(reverse("roles:detail", args=["no-such-role"])).status_code == 404


# ---------------------------------------------------------------- who is ready (issue 12.2)


def ready_section(client) -> str:
    """The "Ready for this role" part of the Quality Checker page ("" when there is none)."""
    body = client.get(reverse("roles:detail", args=["quality-checker"])).content.decode()
    start = body.find("Ready for this role")
    return body[start : body.find("</section>", start)] if start >= 0 else ""


def test_an_employee_sees_no_one_elses_readiness_on_a_role_page(employee_client, ladder):
    # Adam, an agent since 2023, is ready for the lateral path to Quality Checker.
    assert ready_section(employee_client) == ""


def test_a_person_sees_their_own_readiness_on_a_role_page(client, users, ladder):
    PersonFactory._meta.model.objects.filter(first_name="Adam").update(user=users["employee"])
    client.force_login(users["employee"])
    assert "Adam" in ready_section(client)


@pytest.mark.parametrize("who", ["manager", "hr"])
def test_hr_and_the_managers_above_see_who_is_ready(client, users, ladder, who):
    ladder["top"].holder.user = users["manager"]  # Tina leads Adam's seat
    ladder["top"].holder.save(update_fields=["user"])
    client.force_login(users[who])
    assert "Adam" in ready_section(client)


def test_a_manager_sees_only_their_own_subtrees_readiness(client, users, ladder):
    olga = PersonFactory(first_name="Olga", user=users["manager"])
    other_team = seat(role=ladder["lead"], manager=ladder["top"], holder=olga)
    seat(role=ladder["agent"], manager=other_team, holder=PersonFactory(first_name="Ola"))
    client.force_login(users["manager"])
    section = ready_section(client)
    assert "Ola" in section and "Adam" not in section


@pytest.mark.parametrize("extra", [0, 6])
def test_the_ready_list_makes_the_same_queries_for_a_manager_at_any_size(
    client, users, ladder, django_assert_num_queries, extra
):
    ladder["top"].holder.user = users["manager"]
    ladder["top"].holder.save(update_fields=["user"])
    for _ in range(extra):
        seat(role=ladder["agent"], manager=ladder["top"], holder=PersonFactory())
    client.force_login(users["manager"])
    client.get("/")  # the session and the seat lookups of a first request
    # session, user, role, paths in, paths out, bands, seat counts, aliases, duties, skills,
    # holders, ready_for_role (paths, their skills and criteria, the viewer's groups and seat,
    # candidates within the subtree, their assignments, skills, measurements and bands), and the
    # recorded changes and the parent role they name, the site of the manager's seat (the
    # header's staffing plan link)
    with django_assert_num_queries(24):
        client.get(reverse("roles:detail", args=["quality-checker"]))


@pytest.fixture
def bands_in_three_currencies():
    role = RoleFactory(title="Consultant", slug="consultant")
    day = datetime.date(2024, 1, 1)
    SalaryBandFactory(
        role=role, currency="USD", minimum=40000, midpoint=45000, maximum=50000, effective_from=day
    )
    SalaryBandFactory(
        role=role,
        currency="EUR",
        location="Germany",
        minimum=32000,
        midpoint=35500,
        maximum=39000,
        effective_from=day,
    )
    SalaryBandFactory(
        role=role,
        currency="PLN",
        location="Poland",
        minimum=90000,
        midpoint=100000,
        maximum=110000,
        effective_from=day,
    )
    return role


@pytest.mark.parametrize("language, currency", [("en", "USD"), ("de", "EUR"), ("pl", "PLN")])
def test_the_role_list_shows_bands_in_the_currency_of_the_language(
    client, users, bands_in_three_currencies, back_to_english, language, currency
):
    client.force_login(users["employee"])
    client.cookies["django_language"] = language
    body = client.get(reverse("roles:list")).content.decode()
    assert f'aria-current="true" class="current">{currency} ' in body


def test_the_role_list_still_switches_to_an_asked_currency(
    employee_client, bands_in_three_currencies
):
    body = employee_client.get(reverse("roles:list"), {"currency": "PLN"}).content.decode()
    assert 'aria-current="true" class="current">PLN ' in body


def test_a_role_s_seat_counts_are_kept_until_a_seat_is_written(client, ladder, hr_user):
    """The counts are kept by the last historical row of the seats (pages/views/role.py): after
    each kind of write they are the counts made afresh, and between writes they are read from
    what the process kept."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from people import role_seats, services

    agent, lead = ladder["agent"], ladder["lead"]
    url = reverse("roles:detail", args=[agent.slug])
    client.force_login(hr_user)
    today = datetime.date(2026, 12, 1)

    def counts() -> dict:
        return dict(client.get(url).context["seats"])

    def afresh() -> dict:
        role_seats._COUNTED.clear()
        return counts()

    spare = seat(role=agent, manager=ladder["top"])
    writes = {
        "a new seat": lambda: seat(role=agent, manager=ladder["top"]),
        "a hire": lambda: services.person_hire(
            person=PersonFactory(), position=spare, started_on=today
        ),
        "an exit": lambda: services.person_exit(
            person=Position.objects.get(pk=spare.pk).holder, left_on=today
        ),
        "another role": lambda: services.position_update(position=spare, role=lead),
        "the role back": lambda: services.position_update(position=spare, role=agent),
        "an archived seat": lambda: services.position_archive(
            position=Position.objects.get(pk=spare.pk), on=today
        ),
    }
    before = counts()
    for name, write in writes.items():
        write()
        now = counts()
        assert now == afresh(), name
        assert now != before, name  # each write changes them: a stale count would show
        before = now
        with CaptureQueriesContext(connection) as read_again:
            assert counts() == now
        assert not any("COUNT(" in q["sql"] for q in read_again.captured_queries), name
