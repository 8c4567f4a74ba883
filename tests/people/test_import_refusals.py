"""Each refusal added with issue 13, with its row, column and message; nothing is written."""

import io
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from people.imports import formats, import_people
from people.models import Person, Position
from tests.helpers import problem_errors
from tests.people.helpers import HEADER, csv_bytes, import_roles, org_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles():
    import_roles()


POSTS = b"""post_id,name,title,reports_to
P1,Anna Berg,Head of Call Center,
P2,Vacant,Team Leader,P1
P2,N/D,Team Leader,P1
"""
TOPS = b"""employee_id,name,title,manager_id
S1,Karin Berg,Head of Call Center,
S2,Piotr Lis,Head of Call Center,
"""


def snapshot_file() -> bytes:
    return csv_bytes([[*r, "2024-03-31"] for r in org_rows()], [*HEADER, "date"])


CASES = {
    "a post id twice": (dict(data=POSTS), (4, "post_id"), "P2 is also on row 3"),
    "a snapshot the file does not hold": (
        dict(data=snapshot_file(), snapshot="2023-12-31"),
        (1, "date"),
        "No row has 2023-12-31 in this column; it holds: 2024-03-31.",
    ),
    "--tops-under an ID nobody has": (
        dict(data=TOPS, tops_under="S9"),
        (0, ""),
        "--tops-under S9: no row of the file and no seat of the org has this ID.",
    ),
    "--roles-under a role that does not exist": (
        dict(
            data=TOPS.replace(b"Head of Call Center", b"Chief Fun Officer"),
            create_roles=True,
            roles_under="nowhere",
            tops_under="S1",
        ),
        (0, ""),
        "--roles-under nowhere: no role has this slug, title or alias.",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_new_refusal_names_row_column_and_fix_and_writes_nothing(case, roles):
    options, (row, column), message = CASES[case]

    report = import_people(**options)

    assert [(e.row, e.column) for e in report.errors][:1] == [(row, column)]
    assert report.errors[0].message.startswith(message)
    assert (Person.objects.count(), Position.objects.count()) == (0, 0)


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_opened(monkeypatch):
    monkeypatch.setattr(formats, "MAX_XLSX_UNPACKED", 1000)
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "x" * 5000)

    report = import_people(data=stream.getvalue())

    assert report.errors[0].message == "The workbook unpacks to more than 0 MB."


def test_the_command_refuses_a_mapping_nobody_saved(roles, tmp_path):
    path = tmp_path / "org.csv"
    path.write_bytes(csv_bytes(org_rows()))

    with pytest.raises(CommandError, match="No mapping is called 'Workday'"):
        call_command("import_people", str(path), "--mapping", "Workday", stdout=StringIO())


def test_the_api_refuses_a_file_over_the_cap_before_reading_it(roles, client, hr_user, monkeypatch):
    from people import api_import

    monkeypatch.setattr(api_import, "MAX_BYTES", 10)
    client.force_login(hr_user)
    upload = io.BytesIO(csv_bytes(org_rows()))
    upload.name = "org.csv"

    answer = client.post("/api/v1/imports/", {"file": upload})

    assert answer.status_code == 400
    assert problem_errors(answer) == {"file": ["The file is larger than 0 MB."]}
