import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import translation

from roles import services
from roles.models import Role, RoleSkill, SalaryBand
from tests.people.factories import seat
from tests.roles.factories import RoleFactory, SalaryBandFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ladder():
    """CCO > Head > Team Leader > Agent."""
    cco = RoleFactory(title="CCO")
    head = RoleFactory(title="Head", parent=cco)
    lead = RoleFactory(title="Team Leader", parent=head)
    agent = RoleFactory(title="Agent", parent=lead)
    return cco, head, lead, agent


def tree_state():
    return list(Role.objects.order_by("pk").values_list("pk", "parent_id", "lft", "rght", "level"))


def test_moving_a_role_under_its_own_descendant_is_refused_and_changes_nothing(ladder):
    _cco, head, _lead, agent = ladder
    before = tree_state()
    with pytest.raises(ValidationError, match="itself or to a role below it"):
        services.role_move(role=head, target=agent)
    assert tree_state() == before


def test_moving_a_role_under_itself_is_refused(ladder):
    _, head, _, _ = ladder
    with pytest.raises(ValidationError):
        services.role_move(role=head, target=head)


def test_saving_a_role_with_a_descendant_as_parent_is_refused(ladder):
    _, head, _, agent = ladder
    head.parent = agent
    with pytest.raises(ValidationError) as caught:
        services.role_save(role=head)
    assert "parent" in caught.value.message_dict
    assert Role.objects.get(pk=head.pk).parent.title == "CCO"


def test_a_second_top_role_is_refused(ladder):
    with pytest.raises(ValidationError, match="already a top role"):
        services.role_save(
            role=Role(title="Other", slug="other", track="executive", career_level=3)
        )


def test_moving_a_role_keeps_its_subtree_with_it(ladder):
    cco, _head, lead, agent = ladder
    services.role_move(role=lead, target=cco, position="last-child")
    lead.refresh_from_db()
    agent.refresh_from_db()
    assert lead.parent_id == cco.pk
    assert agent.parent_id == lead.pk
    assert [r.title for r in cco.get_descendants()] == ["Head", "Team Leader", "Agent"]


def test_an_unknown_move_position_is_refused(ladder):
    _, head, lead, _ = ladder
    with pytest.raises(ValidationError, match="first-child"):
        services.role_move(role=lead, target=head, position="inside")


def test_a_role_with_seats_cannot_be_deleted(ladder):
    *_, agent = ladder
    seat(role=agent)
    with pytest.raises(ValidationError, match="Seats or paths use this role"):
        services.role_delete(role=agent)
    with pytest.raises(ProtectedError):
        agent.delete()
    assert Role.objects.filter(pk=agent.pk).exists()


def test_a_role_with_children_cannot_be_deleted(ladder):
    _, _, lead, _ = ladder
    with pytest.raises(ValidationError, match="report to this role"):
        services.role_delete(role=lead)


def test_an_unused_leaf_role_is_deleted(ladder):
    *_, agent = ladder
    services.role_delete(role=agent)
    assert not Role.objects.filter(pk=agent.pk).exists()


@pytest.mark.parametrize(
    ("minimum", "midpoint", "maximum"), [(40000, 35000, 50000), (30000, 45000, 40000)]
)
def test_the_database_refuses_a_band_out_of_order(minimum, midpoint, maximum):
    with pytest.raises(IntegrityError), transaction.atomic():
        SalaryBandFactory(minimum=minimum, midpoint=midpoint, maximum=maximum)
    assert SalaryBand.objects.count() == 0


def test_a_band_out_of_order_gets_a_form_message():
    band = SalaryBandFactory.build(role=RoleFactory(), minimum=5, midpoint=4, maximum=6)
    with pytest.raises(ValidationError) as refusal:
        band.full_clean()
    assert refusal.value.messages == ["The minimum cannot be above the midpoint."]


@pytest.mark.parametrize("level", [0, 6])
def test_the_database_refuses_a_skill_level_outside_1_to_5(level):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleSkill.objects.create(role=RoleFactory(), skill=SkillFactory(), level=level)


def test_role_titles_follow_the_active_language():
    role = RoleFactory(title_en="Team Leader", title_de="Teamleiter", title_pl="Lider zespołu")
    role = Role.objects.get(pk=role.pk)
    with translation.override("de"):
        assert role.title == "Teamleiter"
    with translation.override("pl"):
        assert role.title == "Lider zespołu"


def test_a_missing_translation_falls_back_to_english():
    role = RoleFactory(title_en="Trainer", title_de="")
    with translation.override("de"):
        assert Role.objects.get(pk=role.pk).title == "Trainer"


def test_a_span_norm_with_fewer_most_than_fewest_reports_is_refused(ladder, settings):
    lead = ladder[2]
    lead.span_min, lead.span_max = 30, 15
    with pytest.raises(ValidationError) as refused:
        lead.full_clean()
    assert "cannot be fewer than the fewest" in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.filter(pk=lead.pk).update(span_min=30, span_max=15)
    assert Role.objects.get(pk=lead.pk).span_limits == (None, settings.SPAN_OF_CONTROL_NORM)


def test_the_seed_team_leader_leads_15_to_30():
    from demo.generator import load_seed_content

    assert load_seed_content()["team-leader"].span_limits == (15, 30)


def test_an_hr_admin_sets_a_roles_span_norm_in_the_admin(client, users, ladder):
    lead = ladder[2]
    client.force_login(users["hradmin"])
    page = client.get(f"/admin/roles/role/{lead.pk}/change/").content.decode()
    assert 'name="span_min"' in page and 'name="span_max"' in page
