"""Tree operations drawn at random by hypothesis, checked against a plain Python model of the
two trees after every step: same parents, same holders, and every invariant of check_trees."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from people import services as people_services
from people.integrity import tree_problems
from people.models import Position
from roles import services as role_services
from roles.models import Role
from tests.people.factories import PersonFactory
from tests.roles.factories import RoleFactory

pick = st.integers(min_value=0, max_value=10**6)  # an index into whatever list is current
STARTED = datetime.date(2026, 1, 5)
ENDED = datetime.date(2026, 2, 5)


def below(parents: dict[int, int | None], node: int) -> set[int]:
    """node and everything under it in a parent map."""
    found, grew = {node}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in found} - found
        grew = bool(more)
        found |= more
    return found


class TreeMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()  # each example starts from an empty database again
        root = role_services.role_save(role=RoleFactory.build())
        top = people_services.position_create(role=root, manager=None)
        self.role_parent: dict[int, int | None] = {root.pk: None}
        self.seat_manager: dict[int, int | None] = {top.pk: None}
        self.seat_role = {top.pk: root.pk}
        self.holder: dict[int, int | None] = {top.pk: None}
        self.ever_held: set[int] = set()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)

    def _role(self, index: int) -> int:
        return sorted(self.role_parent)[index % len(self.role_parent)]

    def _seat(self, index: int, *, but_top: bool = False) -> int | None:
        seats = sorted(s for s, m in self.seat_manager.items() if m is not None or not but_top)
        return seats[index % len(seats)] if seats else None

    @rule(parent=pick)
    def create_role(self, parent: int) -> None:
        parent_id = self._role(parent)
        role = role_services.role_save(role=RoleFactory.build(parent=Role(pk=parent_id)))
        self.role_parent[role.pk] = parent_id

    @rule(moved=pick, onto=pick, where=st.sampled_from(role_services.POSITIONS))
    def move_role(self, moved: int, onto: int, where: str) -> None:
        role, target_id = self._role(moved), self._role(onto)
        new_parent = target_id if where.endswith("child") else self.role_parent[target_id]
        refused = target_id in below(self.role_parent, role) or (
            not where.endswith("child") and new_parent is None
        )
        try:
            role_services.role_move(role=Role(pk=role), target=Role(pk=target_id), position=where)
        except ValidationError:
            assert refused
            return
        assert not refused
        self.role_parent[role] = new_parent

    @rule(index=pick)
    def delete_role(self, index: int) -> None:
        role = self._role(index)
        refused = role in self.role_parent.values() or role in self.seat_role.values()
        try:
            role_services.role_delete(role=Role(pk=role))
        except ValidationError:
            assert refused
            return
        assert not refused
        del self.role_parent[role]

    @rule(manager=pick, role=pick)
    def create_seat(self, manager: int, role: int) -> None:
        manager_id, role_id = self._seat(manager), self._role(role)
        seat = people_services.position_create(
            role=Role(pk=role_id), manager=Position(pk=manager_id)
        )
        self.seat_manager[seat.pk] = manager_id
        self.seat_role[seat.pk] = role_id
        self.holder[seat.pk] = None

    @rule(moved=pick, manager=pick)
    def move_seat(self, moved: int, manager: int) -> None:
        seat, manager_id = self._seat(moved), self._seat(manager)
        refused = manager_id in below(self.seat_manager, seat)
        try:
            people_services.position_move(
                position=Position(pk=seat), new_manager=Position(pk=manager_id)
            )
        except ValidationError:
            assert refused
            return
        assert not refused
        self.seat_manager[seat] = manager_id

    @rule(index=pick)
    def delete_vacant_seat(self, index: int) -> None:
        seat = self._seat(index, but_top=True)
        if seat is None:
            return
        refused = self.holder[seat] is not None or seat in self.ever_held
        try:
            people_services.position_delete(position=Position(pk=seat))
        except ValidationError:
            assert refused
            return
        assert not refused
        for report, manager in self.seat_manager.items():
            if manager == seat:
                self.seat_manager[report] = self.seat_manager[seat]
        for mapping in (self.seat_manager, self.seat_role, self.holder):
            del mapping[seat]

    @rule(index=pick)
    def hire_or_vacate(self, index: int) -> None:
        seat = self._seat(index)
        if self.holder[seat] is None:
            person = PersonFactory()
            people_services.person_hire(
                person=person, position=Position(pk=seat), started_on=STARTED
            )
            self.holder[seat] = person.pk
            self.ever_held.add(seat)
        else:
            people_services.position_vacate(position=Position(pk=seat), ended_on=ENDED)
            self.holder[seat] = None

    @invariant()
    def the_database_holds_the_model(self) -> None:
        assert dict(Role.objects.values_list("pk", "parent_id")) == self.role_parent
        assert dict(Position.objects.values_list("pk", "manager_id")) == self.seat_manager
        assert dict(Position.objects.values_list("pk", "holder_id")) == self.holder

    @invariant()
    def every_invariant_of_both_trees_holds(self) -> None:
        assert tree_problems() == []


@pytest.mark.django_db
def test_random_tree_operations_keep_both_trees_true_to_a_plain_model():
    run_state_machine_as_test(
        TreeMachine,
        settings=settings(
            max_examples=30,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
