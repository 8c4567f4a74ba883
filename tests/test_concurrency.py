"""Concurrent moves on PostgreSQL: real threads, each with its own connection, started together.

With the tree locks every invariant holds after 8 threads x 25 moves on each tree; without them
(the negative control) the same moves corrupt the trees, which shows the test can fail.
"""

import datetime
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import psycopg.errors
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction

from core import locks
from core.locks import tree_locks_off
from people import services as people_services
from people.integrity import tree_problems
from people.models import Position
from roles import services as role_services
from roles.models import Role
from tests.people.factories import PersonFactory
from tests.roles.factories import RoleFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8
MOVES = 25  # per thread and tree
ROLES = 12  # small trees, so that concurrent moves touch the same rows
SEATS = 14
RETRIES = 10
LOCKED_ROUNDS = 3
NEGATIVE_ROUNDS = 4
HIRED = datetime.date(2026, 1, 5)
CONFLICTS = (
    psycopg.errors.DeadlockDetected,
    psycopg.errors.SerializationFailure,
    psycopg.errors.LockNotAvailable,
)
# Without the tree locks, row locks are taken in any order and deadlock often; PostgreSQL finds a
# deadlock only after deadlock_timeout (1 s), so the negative control gives up on waits sooner.
UNLOCKED_WAIT = "SET lock_timeout = '100ms'"


@dataclass
class Round:
    tally: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    problems: list = field(default_factory=list)
    lost: int = 0

    @property
    def corrupted(self) -> bool:
        return bool(self.problems or self.lost)


def build_trees(rng: random.Random) -> None:
    """A role tree and an org chart, each grown at random from one top."""
    roles = [RoleFactory()]
    for _ in range(ROLES - 1):
        roles.append(role_services.role_save(role=RoleFactory.build(parent=rng.choice(roles))))
    seats = [people_services.position_create(role=roles[0], manager=None)]
    for number in range(SEATS - 1):
        seats.append(people_services.position_create(role=roles[1], manager=rng.choice(seats)))
        if number % 2:
            people_services.person_hire(
                person=PersonFactory(), position=seats[-1], started_on=HIRED
            )


def clear_trees() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for table in ("people_assignment", "people_position", "people_person", "roles_role"):
            cursor.execute(f"DELETE FROM {table}")  # foreign keys are checked at commit


def move_role(rng: random.Random, role_ids: list[int]) -> Callable[[], object]:
    role, target = rng.sample(role_ids, 2)
    where = rng.choice(["last-child", "first-child", "left", "right"])
    return lambda: role_services.role_move(
        role=Role(pk=role), target=Role(pk=target), position=where
    )


def move_seat(rng: random.Random, seat_ids: list[int]) -> Callable[[], object]:
    seat, manager = rng.sample(seat_ids, 2)
    return lambda: people_services.position_move(
        position=Position(pk=seat), new_manager=Position(pk=manager)
    )


def attempt(move: Callable[[], object], tally: Counter) -> None:
    """One move; retried when PostgreSQL gives up on it for a deadlock or a serialization error."""
    for _ in range(RETRIES):
        try:
            move()
        except ValidationError:
            tally["refused"] += 1  # a loop or a second top: the service said no, as it should
        except IntegrityError:
            tally["rejected by the database"] += 1
        except OperationalError as exc:
            if not isinstance(exc.__cause__, CONFLICTS):
                raise
            tally["retries"] += 1
            continue
        else:
            tally["moved"] += 1
        return
    tally["given up"] += 1


def worker(seed: int, barrier: threading.Barrier, ids: dict, tally: Counter, errors: list) -> None:
    rng = random.Random(seed)
    try:
        _short_waits_without_locks()
        barrier.wait()
        for _ in range(MOVES):
            attempt(move_role(rng, ids["roles"]), tally)
            attempt(move_seat(rng, ids["seats"]), tally)
    except Exception as exc:  # reported by the test, not lost in a thread
        errors.append(exc)
    finally:
        connection.close()


def _short_waits_without_locks() -> None:
    if not locks._locking:
        with connection.cursor() as cursor:
            cursor.execute(UNLOCKED_WAIT)


def run_round(seed: int) -> Round:
    clear_trees()
    build_trees(random.Random(seed))
    ids = {
        "roles": sorted(Role.objects.values_list("pk", flat=True)),
        "seats": sorted(Position.objects.values_list("pk", flat=True)),
    }
    barrier = threading.Barrier(THREADS)
    tallies = [Counter() for _ in range(THREADS)]
    errors: list[Exception] = []
    threads = [
        threading.Thread(target=worker, args=(seed * 100 + n, barrier, ids, tallies[n], errors))
        for n in range(THREADS)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = Round(tally=sum(tallies, Counter()), seconds=time.perf_counter() - started)
    assert errors == []
    result.problems = tree_problems()
    after = {
        "roles": sorted(Role.objects.values_list("pk", flat=True)),
        "seats": sorted(Position.objects.values_list("pk", flat=True)),
    }
    result.lost = sum(len(set(ids[k]) - set(after[k])) for k in ids)
    return result


def summary(title: str, rounds: list[Round]) -> str:
    tally = sum((r.tally for r in rounds), Counter())
    moves = sum(tally.values()) - tally["retries"]
    seconds = sum(r.seconds for r in rounds)
    problems = Counter(p.tree for r in rounds for p in r.problems)
    return (
        f"{title}: {len(rounds)} runs, {moves} moves ({dict(tally)}), "
        f"{tally['retries']} retries, {sum(r.corrupted for r in rounds)} corrupted runs, "
        f"{moves / seconds:.0f} moves/s; problems found: {dict(problems) or 'none'}"
    )


def test_concurrent_moves_on_both_trees_leave_every_invariant_true(on_postgres):
    rounds = [run_round(seed=seed) for seed in range(1, LOCKED_ROUNDS + 1)]

    print("\n" + summary("with the tree locks", rounds))
    for result in rounds:
        assert result.problems == []
        assert result.lost == 0
        assert result.tally["moved"] > THREADS * MOVES  # most of the 400 moves went through
        assert result.tally["given up"] == 0


def test_without_the_tree_locks_the_same_moves_corrupt_the_trees(on_postgres):
    rounds: list[Round] = []
    corrupted_trees: set[str] = set()
    with tree_locks_off():
        while corrupted_trees != {"roles", "people"} and len(rounds) < NEGATIVE_ROUNDS:
            rounds.append(run_round(seed=len(rounds) + 1))
            corrupted_trees |= {p.tree for p in rounds[-1].problems}

    print("\n" + summary("without the tree locks (negative control)", rounds))
    assert corrupted_trees == {"roles", "people"}


def two_siblings() -> tuple[Position, Position]:
    role = RoleFactory()
    top = people_services.position_create(role=role, manager=None)
    a = people_services.position_create(role=role, manager=top)
    b = people_services.position_create(role=role, manager=top)
    return a, b


def move_at_once(moves: list[tuple[Position, Position]]) -> list[str]:
    """Run each (seat, new manager) move in its own thread, all at once; what each one got."""
    barrier = threading.Barrier(len(moves))
    outcomes = [""] * len(moves)

    def run(n: int, seat: Position, manager: Position) -> None:
        try:
            _short_waits_without_locks()
            barrier.wait()
            people_services.position_move(position=seat, new_manager=manager)
            outcomes[n] = "moved"
        except ValidationError:
            outcomes[n] = "refused"
        except OperationalError:  # only without the lock: a deadlock or a wait given up
            outcomes[n] = "conflict"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, *m)) for n, m in enumerate(moves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_a_under_b_and_b_under_a_at_the_same_time_do_not_both_succeed(on_postgres):
    for _ in range(5):
        clear_trees()
        a, b = two_siblings()

        outcomes = move_at_once([(a, b), (b, a)])

        assert sorted(outcomes) == ["moved", "refused"]
        assert tree_problems() == []
