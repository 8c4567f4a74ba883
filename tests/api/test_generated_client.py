"""What an integrator does first: generate a client from the schema with openapi-python-client,
check it (imports, mypy), and sync with it against a live server.

The server is pytest-django's live_server: Django's threaded WSGI server (the one runserver
uses) on a free port, in this process, so it sees the test database (SQLite in memory too).
"""

import datetime
import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

BIN = Path(sys.executable).parent
# strict mypy on everything the generator writes from our schema. Its own client.py template
# passes `*args: object` on to httpx's __exit__, which mypy 1.20+ reports whatever the schema.
GENERATE = ["--path", "schema.json", "--meta", "none", "--output-path", "cc_client"]
MYPY = ["--config-file", "mypy.ini", "--cache-dir", ".mypy", "cc_client"]
MYPY_INI = """[mypy]
strict = True
[mypy-cc_client.client]
disable_error_code = arg-type
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """The client, generated from the schema the server serves, in a folder of its own."""
    folder = tmp_path_factory.mktemp("client")
    call_command("spectacular", format="openapi-json", file=str(folder / "schema.json"))
    subprocess.run(
        [BIN / "openapi-python-client", "generate", *GENERATE],
        cwd=folder,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"},  # its ruff
        check=True,
        capture_output=True,
    )
    (folder / "mypy.ini").write_text(MYPY_INI)
    sys.path.insert(0, str(folder))
    yield folder
    sys.path.remove(str(folder))
    for name in [n for n in sys.modules if n == "cc_client" or n.startswith("cc_client.")]:
        del sys.modules[name]


def test_the_generated_client_passes_strict_mypy(generated):
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", *MYPY],
        cwd=generated,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout


def test_every_module_of_the_generated_client_imports(generated):
    api = importlib.import_module("cc_client.api")
    modules = [m.name for m in pkgutil.walk_packages(api.__path__, "cc_client.api.")]
    for name in modules:
        importlib.import_module(name)
    schema = json.loads((generated / "schema.json").read_text())
    operations = sum(len(methods) for methods in schema["paths"].values())
    assert len([m for m in modules if m.count(".") == 3]) == operations  # one module each


@pytest.mark.django_db(transaction=True)
def test_a_short_sync_with_the_generated_client_changes_only_what_it_sends(
    generated, live_server, users
):
    from cc_client import AuthenticatedClient, Client
    from cc_client.api.auth import auth_token_create
    from cc_client.api.people import people_create, people_partial_update, people_retrieve
    from cc_client.api.positions import (
        positions_create,
        positions_hire_create,
        positions_move_create,
        positions_retrieve,
    )
    from cc_client.api.roles import roles_create, roles_partial_update, roles_retrieve
    from cc_client.models import (
        HireInRequest,
        MoveInRequest,
        PatchedPersonInRequest,
        PatchedRoleInRequest,
        PersonCreateInRequest,
        PersonOut,
        PositionInRequest,
        PositionOut,
        RoleInRequest,
        RoleOut,
        SalaryCurrencyEnum,
        Token,
        TokenInRequest,
        TrackEnum,
    )

    url = live_server.url
    token = auth_token_create.sync(
        client=Client(base_url=url), body=TokenInRequest(username="adam", password="pw-adam-2026")
    )
    assert isinstance(token, Token)
    api = AuthenticatedClient(base_url=url, token=token.token, prefix="Token")

    def role(**fields) -> RoleOut:
        made = roles_create.sync(client=api, body=RoleInRequest(**fields))
        assert isinstance(made, RoleOut), made
        return made

    def seat(role_id: int, manager: int | None) -> PositionOut:
        made = positions_create.sync(
            client=api, body=PositionInRequest(role=role_id, manager=manager)
        )
        assert isinstance(made, PositionOut), made
        return made

    # a role, a seat tree
    top_role = role(title="CCO", slug="cco", parent=None, track=TrackEnum.EXECUTIVE, career_level=9)
    agent = role(
        title="Agent",
        slug="agent",
        parent=top_role.id,
        track=TrackEnum.INDIVIDUAL,
        career_level=1,
        summary="Answers calls",
        education="Abitur",
        min_experience_months=6,
    )
    top = seat(top_role.id, None)
    left, right = seat(agent.id, top.id), seat(agent.id, top.id)
    below = seat(agent.id, left.id)

    # hire, move
    person = people_create.sync(
        client=api,
        body=PersonCreateInRequest(
            employee_id="E1",
            first_name="Ania",
            last_name="Nowak",
            hire_date=datetime.date(2024, 3, 1),
            salary="41000.00",
            salary_currency=SalaryCurrencyEnum.PLN,
        ),
    )
    assert isinstance(person, PersonOut), person
    hired = positions_hire_create.sync(
        right.id,
        client=api,
        body=HireInRequest(person=person.id, started_on=datetime.date(2024, 3, 1)),
    )
    assert isinstance(hired, PositionOut) and hired.holder == person.id
    moved = positions_move_create.sync(below.id, client=api, body=MoveInRequest(manager=right.id))
    assert isinstance(moved, PositionOut) and moved.manager == right.id
    assert positions_retrieve.sync(right.id, client=api).seat_count == 1  # type: ignore[union-attr]

    # PATCH one field: nothing else changes
    renamed = roles_partial_update.sync(
        agent.id, client=api, body=PatchedRoleInRequest(title="Senior Agent")
    )
    assert isinstance(renamed, RoleOut), renamed
    stored = roles_retrieve.sync(agent.id, client=api)
    assert isinstance(stored, RoleOut)
    assert stored.to_dict() == {**agent.to_dict(), "title": "Senior Agent"}

    seated = people_retrieve.sync(person.id, client=api)
    assert isinstance(seated, PersonOut) and seated.position == right.id
    people_partial_update.sync(
        person.id, client=api, body=PatchedPersonInRequest(last_name="Kowalska")
    )
    again = people_retrieve.sync(person.id, client=api)
    assert isinstance(again, PersonOut)
    changed = {"last_name": "Kowalska", "full_name": "Ania Kowalska"}
    assert again.to_dict() == {**seated.to_dict(), **changed}
    assert again.salary_currency == "PLN"
