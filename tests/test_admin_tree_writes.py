"""Bulk deletes in the admin go through the services, so the trees stay sound."""

import pytest
from django.urls import reverse

from people.integrity import tree_problems
from people.models import Position
from roles.models import Role
from tests.people.factories import PersonFactory, seat
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db


def bulk_delete(client, model: str, pks: list[int]):
    return client.post(
        reverse(f"admin:{model}_changelist"),
        {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
    )


def test_the_bulk_delete_of_roles_keeps_the_role_tree_sound(admin_user_client):
    cco = RoleFactory()
    lead = RoleFactory(parent=cco)
    agent = RoleFactory(parent=lead)
    quality = RoleFactory(parent=cco)

    response = bulk_delete(admin_user_client, "roles_role", [agent.pk, quality.pk])

    assert response.status_code == 302
    assert sorted(Role.objects.values_list("pk", flat=True)) == [cco.pk, lead.pk]
    assert tree_problems() == []


def test_the_bulk_delete_of_vacant_seats_keeps_the_counts_above_them(admin_user_client):
    role = RoleFactory()
    top = seat(role=role, holder=PersonFactory())
    team = seat(role=role, manager=top, holder=PersonFactory())
    vacancies = [seat(role=role, manager=team), seat(role=role, manager=team)]
    seat(role=role, manager=team, holder=PersonFactory())

    response = bulk_delete(admin_user_client, "people_position", [v.pk for v in vacancies])

    assert response.status_code == 302
    assert not Position.objects.filter(pk__in=[v.pk for v in vacancies]).exists()
    assert Position.objects.values_list("direct_count", "seat_count", "headcount").get(
        pk=top.pk
    ) == (1, 2, 2)
    assert tree_problems() == []


def test_the_bulk_delete_of_a_role_with_children_deletes_nothing_and_names_them(
    admin_user_client,
):
    cco = RoleFactory()
    lead = RoleFactory(parent=cco)
    agent = RoleFactory(parent=lead, title="Agent")

    response = bulk_delete(admin_user_client, "roles_role", [lead.pk])

    assert response.status_code == 200
    assert "Agent" in response.content.decode()
    assert Role.objects.count() == 3
    assert tree_problems() == []
    assert agent.pk in Role.objects.values_list("pk", flat=True)
