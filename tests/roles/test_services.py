import pytest
from django.core.exceptions import ValidationError

from people.integrity import tree_problems
from roles import services
from roles.models import Role
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """cco > (ops > lead > agent, quality)."""
    cco = RoleFactory(title="CCO")
    ops = RoleFactory(title="Ops", parent=cco)
    lead = RoleFactory(title="Lead", parent=ops)
    agent = RoleFactory(title="Agent", parent=lead)
    quality = RoleFactory(title="Quality", parent=cco)
    return {r.title.lower(): Role.objects.get(pk=r.pk) for r in (cco, ops, lead, agent, quality)}


def test_saving_a_role_read_before_another_move_still_moves_it_correctly(tree):
    stale = tree["agent"]  # as a form holds it, with the bounds of before the move below
    services.role_move(role=tree["lead"], target=tree["quality"])

    stale.parent = tree["cco"]
    services.role_save(role=stale)

    assert tree_problems() == []
    assert Role.objects.get(pk=stale.pk).get_ancestors().get() == tree["cco"]


def test_saving_a_stale_role_under_what_is_now_its_descendant_is_refused(tree):
    stale_quality = tree["quality"]
    services.role_move(role=tree["ops"], target=tree["quality"])  # ops is below quality now
    lead_seen_before = tree["lead"]

    stale_quality.parent = lead_seen_before
    with pytest.raises(ValidationError, match="itself or to a role below it"):
        services.role_save(role=stale_quality)

    assert tree_problems() == []


def test_saving_a_role_whose_parent_was_removed_meanwhile_is_refused(tree):
    gone = RoleFactory(parent=tree["cco"])
    role = RoleFactory.build(parent=gone)
    Role.objects.filter(pk=gone.pk).delete()
    Role.objects.rebuild()

    with pytest.raises(ValidationError, match="no longer exists"):
        services.role_save(role=role)


def test_moving_a_role_removed_meanwhile_is_refused(tree):
    gone = Role.objects.get(pk=tree["agent"].pk)
    services.role_delete(role=tree["agent"])

    with pytest.raises(ValidationError, match="removed meanwhile"):
        services.role_move(role=gone, target=tree["quality"])
