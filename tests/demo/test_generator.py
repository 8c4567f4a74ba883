import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count

from demo.seed import content
from ladder.models import CareerTrack, PromotionPath
from people.models import Assignment, Person, Position, Site
from people.services import positions_recount
from roles.models import Role, SalaryBand

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 11, 1)


def load(people=300, seed=7):
    out = StringIO()
    call_command("load_demo", people=people, seed=seed, as_of=AS_OF, no_accounts=True, stdout=out)
    return out.getvalue()


def org_fingerprint():
    return list(
        Position.objects.order_by("pk").values_list(
            "role__slug",
            "manager__role__slug",
            "holder__first_name",
            "holder__last_name",
            "holder__hire_date",
            "site__code",
        )
    )


def test_every_seed_role_is_loaded_in_three_languages():
    load(people=0)
    assert Role.objects.count() == len(content.ROLES)
    assert Role.objects.filter(parent__isnull=True).count() == 1
    for role in Role.objects.all():
        assert role.title_en and role.title_de and role.title_pl, role.slug
        assert role.responsibilities.exists(), role.slug
        assert role.role_skills.exists(), role.slug
        assert role.salary_bands.exists(), role.slug
    assert CareerTrack.objects.count() == len(content.TRACKS) == 2
    assert PromotionPath.objects.count() == len(content.PATHS)


def test_the_source_bands_are_kept():
    load(people=0)
    band = SalaryBand.objects.get(role__slug="team-leader", currency="USD", period="annual")
    assert (band.minimum, band.maximum) == (38000, 44000)


def test_a_generated_org_has_the_people_asked_for_and_some_vacancies():
    output = load(people=300)
    assert Person.objects.count() == 300
    assert Position.objects.filled().count() == 300
    vacancies = Position.objects.vacant().count()
    assert 5 <= vacancies <= 40
    assert Position.objects.top().count() == 1
    assert "300 people" in output


@pytest.mark.parametrize("people", [30, 77, 10_000])
def test_every_size_gets_exactly_the_people_asked_for(people):
    load(people=people, seed=1)
    assert Person.objects.count() == Position.objects.filled().count() == people


def test_team_leads_lead_15_to_30_agents():
    load(people=1000)
    sizes = Position.objects.filter(role__slug="team-leader").annotate(
        agents=Count("reports", distinct=True)
    )
    assert sizes.count() >= 30
    assert all(15 <= t.agents <= 31 for t in sizes), sorted(t.agents for t in sizes)


def test_names_and_sites_come_from_germany_poland_and_english_speaking_countries():
    load(people=1000)
    assert set(Site.objects.values_list("country", flat=True)) >= {"DE", "PL"}
    last_names = set(Person.objects.values_list("last_name", flat=True))
    assert any(n.endswith(("ski", "ska", "cki", "cka")) for n in last_names)
    assert any(ch in "".join(last_names) for ch in "äöüß")


class Rollback(Exception):
    pass


def fingerprint_of_a_fresh_load(seed: int) -> list:
    """Load into an empty database, read the org, and undo the load."""
    try:
        with transaction.atomic():
            load(seed=seed)
            fingerprint = org_fingerprint()
            raise Rollback
    except Rollback:
        return fingerprint


def test_the_same_seed_gives_the_same_org():
    first = fingerprint_of_a_fresh_load(11)
    assert fingerprint_of_a_fresh_load(11) == first
    assert fingerprint_of_a_fresh_load(12) != first


def test_the_cached_counts_of_a_generated_org_are_true():
    load(people=300)
    assert positions_recount() == 0
    top = Position.objects.top().get()
    assert top.headcount == 299
    assert top.seat_count == Position.objects.count() - 1


def test_every_person_has_one_current_assignment_and_seats_have_no_overlapping_history():
    load(people=500)
    current = Counter(Assignment.objects.current().values_list("person_id", flat=True))
    assert len(current) == 500 and set(current.values()) == {1}
    promotions = Assignment.objects.filter(end_reason="promotion")
    assert promotions.exists()
    for old in promotions:
        later = Assignment.objects.get(position=old.position, ended_on__isnull=True)
        assert later.started_on >= old.ended_on
        assert later.person.hire_date == later.started_on
        assert old.person.hire_date == old.started_on


@pytest.mark.parametrize("people", [-1, 5, 10_000_000])
def test_an_impossible_size_is_refused_with_a_message(people):
    with pytest.raises(CommandError, match="--people must be"):
        load(people=people)
    assert not Role.objects.exists()


def test_loading_into_a_database_with_an_org_is_refused():
    load(people=0)
    with pytest.raises(CommandError, match="already has roles or people"):
        load(people=50)
    assert not Person.objects.exists()


def test_if_empty_leaves_an_existing_org_alone():
    load(people=50)
    out = StringIO()
    call_command("load_demo", if_empty=True, stdout=out)
    assert "was not loaded" in out.getvalue()
    assert Person.objects.count() == 50


def test_demo_accounts_are_created_and_printed(django_user_model):
    out = StringIO()
    call_command("load_demo", people=50, seed=1, as_of=AS_OF, stdout=out)
    assert "employee-demo-2026" in out.getvalue()
    employee = django_user_model.objects.get(username="employee")
    assert not employee.is_staff and employee.groups.get().name == "Employee"
    assert employee.person.position.role.slug == "consultant"
    assert django_user_model.objects.get(username="hr").has_perm("people.change_position")
    assert not django_user_model.objects.get(username="employee").has_perm("people.change_position")


def test_the_demo_has_one_account_per_group_and_a_manager_who_leads_a_team(django_user_model):
    from people.access import can_see_hire_date, can_see_salary

    out = StringIO()
    call_command("load_demo", people=50, seed=1, as_of=AS_OF, stdout=out)
    for username in ("hradmin", "hr", "manager", "employee"):
        assert f"{username} " in out.getvalue() or f"{username}\t" in out.getvalue()
    groups = {
        u.username: [g.name for g in u.groups.all()]
        for u in django_user_model.objects.exclude(username="admin")
    }
    assert groups == {
        "hradmin": ["HR admin"],
        "hr": ["HR"],
        "manager": ["Manager"],
        "employee": ["Employee"],
    }
    manager = django_user_model.objects.get(username="manager")
    seat = manager.person.position
    assert seat.role.slug == "team-leader"
    member = seat.reports.exclude(holder=None).first().holder
    assert can_see_hire_date(manager, member) and not can_see_salary(manager, member)
    # in the admin for their team's roles (issue 16), not for bands or people
    assert manager.is_staff and manager.has_perm("roles.change_responsibility")
    assert not manager.has_perm("roles.view_salaryband")
    assert not manager.has_perm("people.view_person")
