import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from pages.views import imports as import_views
from people.imports.read import FIELDS
from people.models import Assignment, ImportMapping, Person, Position
from tests.helpers import body
from tests.people.factories import PersonFactory, seat
from tests.people.helpers import (
    APPLY_QUERIES_PG,
    LOCK_QUERIES,
    csv_bytes,
    first_import_queries,
    import_roles,
    org_rows,
)
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db

URL = "/people/import/"
DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def roles():
    import_roles()


@pytest.fixture
def hr_client(client, hr_user):
    client.force_login(hr_user)
    return client


def upload(data: bytes, name: str = "org.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_the_urls_have_names():
    assert (reverse("people:import"), reverse("people:export")) == (URL, "/people/export.csv")


def test_signed_out_visitors_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_people_outside_hr_may_not_import(employee_client, roles):
    assert employee_client.get(URL).status_code == 403
    response = employee_client.post(URL, {"file": upload(csv_bytes(org_rows()))})
    assert response.status_code == 403
    assert Person.objects.count() == 0


def test_hr_sees_a_preview_that_writes_nothing_then_confirms_exactly_that_file(hr_client, roles):
    preview = hr_client.post(URL, {"file": upload(csv_bytes(org_rows()))})

    assert preview.status_code == 200
    assert preview.context["report"].created == [2, 3, 4, 5]
    assert '<td id="created">4</td>' in preview.content.decode()
    assert "<td>2</td><td>created</td><td>Hanna Berg (E1)</td>" in preview.content.decode()
    assert Person.objects.count() == 0
    sha = preview.context["sha"]

    confirmed = hr_client.post(URL, {"confirm": "1", "sha": sha})

    assert confirmed.status_code == 200
    assert confirmed.context["report"].applied is True
    assert Person.objects.count() == 4
    assert Assignment.objects.filter(approved_by__username="hanna").count() == 4
    assert not import_views._stored(sha).exists()


def test_a_confirm_for_another_file_than_the_previewed_one_is_refused(hr_client, roles):
    preview = hr_client.post(URL, {"file": upload(csv_bytes(org_rows()))})
    other = import_views._keep(csv_bytes(org_rows()[:1]))

    response = hr_client.post(URL, {"confirm": "1", "sha": other})

    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert preview.context["sha"] != other
    assert Person.objects.count() == 0


def test_a_second_confirm_does_not_import_twice(hr_client, roles):
    sha = hr_client.post(URL, {"file": upload(csv_bytes(org_rows()))}).context["sha"]
    hr_client.post(URL, {"confirm": "1", "sha": sha})

    again = hr_client.post(URL, {"confirm": "1", "sha": sha})

    assert again.status_code == 400
    assert Assignment.objects.count() == 4


def test_a_preview_with_errors_lists_them_and_offers_no_confirm(hr_client, roles):
    rows = org_rows()
    rows[2][5] = "E404"

    response = hr_client.post(URL, {"file": upload(csv_bytes(rows))})

    body = response.content.decode()
    assert response.status_code == 400
    assert "<td>4</td><td>manager_id</td><td>No one in the file or the org has E404" in body
    assert 'name="confirm"' not in body
    assert Person.objects.count() == 0


def test_a_file_over_the_size_cap_is_refused(hr_client, roles, monkeypatch):
    monkeypatch.setattr(import_views, "MAX_UPLOAD_BYTES", 100)

    response = hr_client.post(URL, {"file": upload(csv_bytes(org_rows()))})

    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    assert Person.objects.count() == 0


def test_a_post_without_a_file_asks_for_one(hr_client):
    response = hr_client.post(URL, {})
    assert response.status_code == 400
    assert "Choose a CSV or .xlsx file" in response.content.decode()


def test_unknown_titles_can_be_created_from_the_page(hr_client, roles):
    rows = org_rows()
    rows[3][4] = "Night Owl"

    sha = hr_client.post(URL, {"file": upload(csv_bytes(rows)), "create_roles": "on"}).context[
        "sha"
    ]
    hr_client.post(URL, {"confirm": "1", "sha": sha})

    assert Position.objects.get(holder__employee_id="E4").role.title == "Night Owl"


def org(size: int):
    role = RoleFactory(title="Agent")
    top = seat(role=role, holder=PersonFactory(salary=50000, salary_currency="EUR"))
    for _ in range(size):
        seat(role=role, manager=top, holder=PersonFactory(salary=30000, salary_currency="EUR"))


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response).decode())))


def test_employees_download_the_org_without_salaries(employee_client):
    org(2)

    response = employee_client.get(reverse("people:export"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert len(rows) == 3
    assert "salary" not in rows[0]


def test_hr_downloads_the_org_with_salaries(hr_client):
    org(2)

    rows = read_csv(hr_client.get(reverse("people:export")))

    assert [r["salary"] for r in rows] == ["50000.00", "30000.00", "30000.00"]


@pytest.mark.parametrize("size", [1, 3])
def test_the_download_makes_the_same_queries_at_any_size(
    hr_client, size, django_assert_num_queries
):
    org(size)
    with django_assert_num_queries(5):  # session, user, groups, seats, dotted lines
        body(hr_client.get(reverse("people:export")))  # streamed: read as it is sent


@pytest.mark.parametrize("size", [1, 3])
def test_the_upload_page_makes_the_same_queries_at_any_size(
    hr_client, size, django_assert_num_queries
):
    org(size)
    with django_assert_num_queries(4):  # session, user, groups, the saved mappings
        hr_client.get(URL)


def agent_rows(n: int) -> list[list]:
    rows = org_rows()[:2]
    rows += [
        [f"A{i}", f"Agent{i}", "Nowak", f"a{i}@cc.example", "Consultant", "E2", "2022-01-01"]
        for i in range(n)
    ]
    return rows


@pytest.mark.parametrize("size", [5, 60])
def test_preview_and_confirm_make_the_same_queries_at_any_size(
    hr_client, roles, size, django_assert_num_queries
):
    with django_assert_num_queries(15 + LOCK_QUERIES):  # 14 and the saved mappings
        sha = hr_client.post(URL, {"file": upload(csv_bytes(agent_rows(size)))}).context["sha"]
    # history: people, seats, the opened assignments (ids reserved, write) and their change
    # events (one statement each); the mappings menu; the ladder's skill fits rebuilt (two)
    with django_assert_num_queries(32 + APPLY_QUERIES_PG + first_import_queries()):
        hr_client.post(URL, {"confirm": "1", "sha": sha})
    assert Person.objects.count() == size + 2


def test_a_windows_1252_file_imports_with_its_encoding_detected(hr_client, roles):
    rows = org_rows()
    rows[0][2] = "Weiß"
    data = csv_bytes(rows, delimiter=";").decode().encode("cp1252")

    refused = hr_client.post(URL, {"file": upload(data), "encoding": "utf-8-sig"})
    preview = hr_client.post(URL, {"file": upload(data)})
    hr_client.post(URL, {"confirm": "1", "sha": preview.context["sha"]})

    assert "try cp1252" in refused.content.decode()
    assert Person.objects.get(employee_id="E1").last_name == "Weiß"


def test_a_seat_first_file_previews_its_vacancies_and_unnamed_holders_then_imports(hr_client):
    RoleFactory(title="Head of Call Center", slug="head-of-call-center")
    data = (Path(__file__).resolve().parent.parent / "data" / "organogram-flat.csv").read_bytes()
    options = {"create_roles": "on", "roles_under": "head-of-call-center"}

    preview = hr_client.post(URL, {"file": upload(data), **options})
    confirm = hr_client.post(URL, {"sha": preview.context["sha"], "confirm": "1"})

    page = preview.content.decode()
    assert '<td id="vacancies">5</td>' in page
    assert '<td id="withheld">7</td>' in page
    assert "placeholder top" in page
    assert confirm.context["report"].applied
    assert Position.objects.count() == 15
    assert Position.objects.filter(holder__name_withheld=True).count() == 7


def test_several_tops_are_named_in_the_preview_and_go_under_the_seat_given(hr_client, roles):
    data = (Path(__file__).resolve().parent.parent / "data" / "several-tops.csv").read_bytes()

    refused = hr_client.post(URL, {"file": upload(data)})
    preview = hr_client.post(URL, {"file": upload(data), "tops_under": "S1"})
    hr_client.post(URL, {"sha": preview.context["sha"], "confirm": "1"})

    assert refused.status_code == 400
    assert "Karin Berg (S1)" in refused.content.decode()
    assert "Eva Nord (S3)" in refused.content.decode()
    assert Position.objects.top().get().holder.employee_id == "S1"


def test_the_mapping_step_names_unknown_columns_saves_the_mapping_and_the_command_reuses_it(
    hr_client, roles, tmp_path
):
    data = (DATA / "mitarbeiter-unmapped.csv").read_bytes()
    choices = {"field-0": "employee_id", "field-1": "full_name", "field-2": "job_title"}
    choices |= {"field-3": "manager_id", "field-4": "hire_date"}

    first = hr_client.post(URL, {"file": upload(data)})
    columns = [(c.header, c.samples[:1], c.field) for c in first.context["columns"]]
    remapped = hr_client.post(
        URL, {"remap": "1", "data": first.context["data"], "save_as": "Personio", **choices}
    )
    hr_client.post(URL, {"confirm": "1", "sha": remapped.context["sha"]})

    assert first.status_code == 400
    assert columns[:2] == [("Nr", ["M1"], ""), ("Mitarbeiter", ["Katrin Vogel"], "")]
    assert remapped.status_code == 200
    assert "--map full_name=Mitarbeiter" in remapped.content.decode()
    assert Position.objects.count() == 4
    assert Position.objects.vacant().count() == 1
    assert Person.objects.get(employee_id="M2").first_name == "Paweł"
    saved = ImportMapping.objects.get(name="Personio").columns
    assert saved == {
        "employee_id": "Nr",
        "full_name": "Mitarbeiter",
        "job_title": "Funktion",
        "manager_id": "Chef",
        "hire_date": "Seit",
    }
    path = tmp_path / "again.csv"
    path.write_bytes(data)
    call_command("import_people", str(path), "--mapping", "Personio", stdout=io.StringIO())
    assert Position.objects.count() == 4


def test_the_page_chooses_a_snapshot_and_a_date_order_and_confirms_with_them(hr_client, roles):
    header = ["employee_id", "first_name", "last_name", "job_title", "manager_id", "hire_date"]
    rows = [
        ["E1", "Hanna", "Berg", "Head of Call Center", "", "03/04/2020"],
        ["E2", "Tomasz", "Lis", "Team Leader", "E1", "05/06/2021"],
    ]
    older = [[*row, "2024-03-31"] for row in rows]
    newer = [[*row, "2024-09-30"] for row in rows]
    newer[1][3] = "Consultant"
    data = csv_bytes(older + newer, [*header, "date"])

    refused = hr_client.post(URL, {"file": upload(data)})
    assert refused.status_code == 400
    assert "“Snapshot”" in refused.content.decode()

    preview = hr_client.post(
        URL, {"file": upload(data), "snapshot": "2024-09-30", "date_format": "DD/MM/YYYY"}
    )
    assert preview.status_code == 200, preview.content.decode()
    assert Person.objects.count() == 0
    confirmed = hr_client.post(URL, {"confirm": "1", "sha": preview.context["sha"]})

    assert confirmed.status_code == 200
    hanna, tomasz = Person.objects.order_by("employee_id")
    assert (hanna.hire_date.month, hanna.hire_date.day) == (4, 3)  # day first, as chosen
    assert tomasz.position.role.title == "Consultant"  # the newer snapshot


def test_an_unknown_date_order_on_the_page_is_detect(hr_client, roles):
    response = hr_client.post(URL, {"file": upload(csv_bytes(org_rows())), "date_format": "%s%s"})
    assert response.status_code == 200
    assert response.context["date_format"] == ""


def test_the_mapping_menu_names_each_field_in_the_readers_language_with_its_key(hr_client, roles):
    from pages.views.imports import FIELD_LABELS

    data = (DATA / "mitarbeiter-unmapped.csv").read_bytes()

    page = hr_client.post(URL, {"file": upload(data)}, HTTP_ACCEPT_LANGUAGE="de")

    html = page.content.decode()
    assert set(FIELD_LABELS) == set(FIELDS)  # a field added to the reader gets a label too
    assert '<option value="employee_id">Personalnummer (employee_id)</option>' in html
    assert '<option value="full_name">Vollständiger Name (eine Spalte) (full_name)</option>' in html
