"""History of every change: who, when, before and after; revert for HR admins; the org as of a
date; import writes history; the pages show the changes at constant queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from core.history import recent_changes
from ladder.models import PathKind, PromotionPath
from people import as_of, services
from people.imports import import_people
from people.models import Assignment, AssignmentReason, Person, Position
from roles import services as role_services
from roles.models import Role, RoleSkill, SalaryBand
from tests.people.factories import PersonFactory, seat
from tests.people.helpers import csv_bytes, org_rows
from tests.roles.factories import RoleFactory, SalaryBandFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_admin(users):
    return users["hradmin"]


@pytest.fixture
def hr(users):
    return users["hr"]


def last(model, pk):
    return model.history.model.objects.filter(id=pk).order_by("-history_id").first()


# ---------------------------------------------------------------- what is recorded


def test_the_role_history_carries_every_translated_title_and_no_tree_bounds():
    role = RoleFactory(title_en="Agent", title_de="Kundenbetreuer", title_pl="Konsultant")

    record = last(Role, role.pk)

    assert (record.title_en, record.title_de, record.title_pl) == (
        "Agent",
        "Kundenbetreuer",
        "Konsultant",
    )
    names = {f.name for f in Role.history.model._meta.fields}
    assert not names & {"lft", "rght", "tree_id", "level"}
    assert {"title_en", "title_de", "title_pl", "summary_de", "parent"} <= names


def test_a_german_title_edit_shows_as_a_change_of_the_german_title():
    role = RoleFactory(title_en="Agent", title_de="Agent")
    role.title_de = "Kundenbetreuer"
    role_services.role_save(role=role)

    with override("en"):
        change = recent_changes(Role, role.pk)[0]

    assert [(f.name, f.label, f.old, f.new) for f in change.changes] == [
        ("title_de", "title [de]", "Agent", "Kundenbetreuer")
    ]


def test_an_english_title_edit_shows_once_not_also_as_the_base_column():
    role = RoleFactory(title_en="Agent")
    role.title_en = "Consultant"
    role_services.role_save(role=role)

    with override("en"):
        change = recent_changes(Role, role.pk)[0]

    assert [(f.label, f.old, f.new) for f in change.changes] == [
        ("title [en]", "Agent", "Consultant")
    ]


def test_seat_counts_are_not_history_but_a_move_is():
    top = seat()
    a, b = seat(manager=top), seat(manager=top)
    below = seat(manager=a)
    counts_before = Position.history.model.objects.count()

    services.position_move(position=below, new_manager=b)

    assert Position.history.model.objects.count() == counts_before + 1  # only the moved seat
    record = last(Position, below.pk)
    assert (record.history_type, record.manager_id) == ("~", b.pk)
    assert not {"direct_count", "seat_count", "headcount"} & {
        f.name for f in Position.history.model._meta.fields
    }
    change = recent_changes(Position, below.pk)[0]
    # Seats are named as the pages show them, not by internal id.
    assert [(f.name, f.old, f.new) for f in change.changes] == [("manager", str(a), str(b))]


@pytest.mark.parametrize(
    "make",
    [
        lambda: SkillFactory(),
        lambda: SalaryBandFactory(),
        lambda: RoleSkill.objects.create(role=RoleFactory(), skill=SkillFactory(), level=3),
        lambda: PersonFactory(),
        lambda: PromotionPath.objects.create(
            from_role=RoleFactory(), to_role=RoleFactory(), kind=PathKind.UP
        ),
    ],
    ids=["skill", "band", "role skill", "person", "path"],
)
def test_every_kind_of_record_keeps_its_creation_and_changes(make):
    obj = make()
    model = type(obj)

    assert last(model, obj.pk).history_type == "+"
    obj.save()
    assert model.history.model.objects.filter(id=obj.pk).count() == 2


def test_a_change_through_a_page_request_records_who_made_it(client, hr_admin):
    SalaryBandFactory(role=RoleFactory(slug="agent"), effective_from=datetime.date(2026, 1, 1))
    band = SalaryBand.objects.get()
    client.force_login(hr_admin)

    response = client.post(
        reverse("admin:roles_salaryband_change", args=[band.pk]),
        {
            "role": band.role_id,
            "currency": "EUR",
            "period": "annual",
            "minimum": "31000",
            "midpoint": "35000",
            "maximum": "40000",
            "effective_from": "2026-01-01",
            "location": "",
            "source": "",
        },
    )

    assert response.status_code == 302
    record = last(SalaryBand, band.pk)
    assert (record.history_user, record.minimum) == (hr_admin, Decimal("31000.00"))
    change = recent_changes(SalaryBand, band.pk)[0]
    assert change.who == "adam"
    assert [(f.name, f.new) for f in change.changes] == [("minimum", Decimal("31000.00"))]


def test_an_exit_is_history_of_the_person_the_seat_and_the_assignment():
    top = seat(holder=PersonFactory())
    person = PersonFactory()
    chair = seat(manager=top, holder=person)

    services.person_exit(person=person, left_on=datetime.date(2026, 3, 31), note="moved abroad")

    assert last(Person, person.pk).left_on == datetime.date(2026, 3, 31)
    assert last(Position, chair.pk).holder_id is None
    assignment = last(Assignment, Assignment.objects.get(person=person).pk)
    assert (assignment.end_reason, assignment.note) == (AssignmentReason.EXIT, "moved abroad")


def test_an_import_writes_history_for_people_seats_and_assignments(django_user_model):
    RoleFactory(title="Head of Call Center", slug="head")
    RoleFactory(title="Team Leader", slug="lead", parent=Role.objects.get(slug="head"))
    RoleFactory(title="Consultant", slug="agent", title_de="Kundenbetreuer")
    actor = django_user_model.objects.create_user("importer")

    rows = [r for r in org_rows() if r[4] != "customer  service REPRESENTATIVE"]
    import_people(data=csv_bytes(rows), actor=actor)

    people = Person.history.model.objects.filter(history_type="+")
    assert people.count() == 3
    assert set(people.values_list("history_user__username", "history_change_reason")) == {
        ("importer", "import")
    }
    assert Position.history.model.objects.filter(history_type="+").count() == 3
    assert Assignment.history.model.objects.filter(history_type="+").count() == 3

    rows[2][5] = "E1"  # Jan now reports to the head
    import_people(data=csv_bytes(rows), actor=actor)

    jan = Position.objects.get(holder__employee_id="E4")
    record = last(Position, jan.pk)
    assert (record.history_type, record.manager_id) == ("~", jan.manager_id)


# ---------------------------------------------------------------- revert in the admin


def _revert_url(model, obj, record) -> str:
    opts = model._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[obj.pk, record.history_id],
    )


def _position_form(seat_: Position, manager: Position) -> dict:
    return {
        "role": seat_.role_id,
        "manager": manager.pk,
        "holder": seat_.holder_id or "",
        "site": "",
        "is_assistant": "",
    }


def test_an_hr_admin_reverts_a_move_and_it_goes_through_the_services(client, hr_admin):
    top = seat()
    a, b = seat(manager=top), seat(manager=top)
    moved = seat(manager=a, holder=PersonFactory())
    services.position_move(position=moved, new_manager=b)
    before_move = Position.history.model.objects.filter(id=moved.pk).order_by("history_id")[0]
    client.force_login(hr_admin)

    page = client.get(_revert_url(Position, moved, before_move))
    assert page.status_code == 200 and b"Revert" in page.content
    response = client.post(_revert_url(Position, moved, before_move), _position_form(moved, a))

    assert response.status_code == 302
    moved.refresh_from_db()
    a.refresh_from_db()
    b.refresh_from_db()
    assert moved.manager_id == a.pk
    assert (a.direct_count, a.headcount, b.direct_count, b.headcount) == (1, 1, 0, 0)
    assert last(Position, moved.pk).history_user == hr_admin


def test_a_revert_that_would_make_a_loop_is_refused(client, hr_admin):
    top = seat()
    a = seat(manager=top)
    b = seat(manager=a)
    first = Position.history.model.objects.filter(id=a.pk).order_by("history_id")[0]
    client.force_login(hr_admin)

    response = client.post(_revert_url(Position, a, first), _position_form(a, b))

    assert response.status_code == 200  # the form again, with the message
    assert "cannot report to itself" in response.content.decode()
    a.refresh_from_db()
    assert a.manager_id == top.pk


def test_hr_without_admin_rights_sees_history_but_cannot_revert(client, hr):
    person = PersonFactory(first_name="Old")
    person.first_name = "New"
    person.save()
    first = Person.history.model.objects.filter(id=person.pk).order_by("history_id")[0]
    client.force_login(hr)

    history = client.get(reverse("admin:people_person_history", args=[person.pk]))
    page = client.get(_revert_url(Person, person, first))
    response = client.post(
        _revert_url(Person, person, first),
        {"employee_id": person.employee_id, "first_name": "Old", "last_name": "Nowak"},
    )

    assert history.status_code == 200
    assert b'name="_save"' not in page.content
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.first_name == "New"


def test_an_hr_admin_reverts_a_role_parent_through_the_role_services(client, hr_admin):
    top = RoleFactory(slug="top")
    a = RoleFactory(slug="a", parent=top)
    b = RoleFactory(slug="b", parent=top)
    moved = RoleFactory(slug="moved", parent=a, title_de="Bewegt")
    role_services.role_move(role=moved, target=b)
    first = Role.history.model.objects.filter(id=moved.pk).order_by("history_id")[0]
    client.force_login(hr_admin)
    form = client.get(_revert_url(Role, moved, first)).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data |= {
        "parent": a.pk,
        "aliases-TOTAL_FORMS": 0,
        "aliases-INITIAL_FORMS": 0,
        "responsibilities-TOTAL_FORMS": 0,
        "responsibilities-INITIAL_FORMS": 0,
        "role_skills-TOTAL_FORMS": 0,
        "role_skills-INITIAL_FORMS": 0,
        "salary_bands-TOTAL_FORMS": 0,
        "salary_bands-INITIAL_FORMS": 0,
    }

    response = client.post(_revert_url(Role, moved, first), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    moved.refresh_from_db()
    assert moved.parent_id == a.pk
    assert moved.is_descendant_of(a) and not moved.is_descendant_of(b)
    assert moved.title_de == "Bewegt"


# ---------------------------------------------------------------- pages


def test_the_person_page_shows_changes_but_salary_changes_only_to_hr(client, hr, users):
    person = PersonFactory(salary=30000, salary_currency="EUR", last_name="Nowak")
    person.salary = 35000
    person.last_name = "Nowak-Lis"
    person.save()
    employee = users["employee"]

    client.force_login(employee)
    as_employee = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    client.force_login(hr)
    as_hr = client.get(reverse("people:detail", args=[person.pk])).content.decode()

    assert "Nowak → Nowak-Lis" in as_employee and "Nowak → Nowak-Lis" in as_hr
    assert "35000" not in as_employee and "30000" not in as_employee
    assert "30000.00 → 35000.00" in as_hr


@pytest.mark.parametrize("edits", [1, 15])
def test_the_object_pages_read_their_changes_in_one_query_however_many(
    employee_client, django_assert_num_queries, edits
):
    top = seat(holder=PersonFactory())
    person = PersonFactory()
    chair = seat(manager=top, holder=person)
    for i in range(edits):
        person.first_name = f"Name{i}"
        person.save()
        chair.is_assistant = not chair.is_assistant
        chair.save()
    employee_client.get("/")

    # session, user, chain, the seats shown, the viewer's groups, the seat's changes, the dotted
    # lines of the seats shown; with one edit the creation is shown too, and its manager seat and
    # role are named: one query each related model, not one per change; the planned changes
    with django_assert_num_queries({1: 10, 15: 8}[edits]):
        focus = employee_client.get(reverse("people:chart-focus", args=[chair.pk]))
    # the last ten changes are shown: edits 6, 8, … 14 of fifteen switch the flag on
    turned_on = focus.content.decode().count("<strong>assistant seat</strong>: no → yes")
    assert turned_on == {1: 1, 15: 5}[edits]


# ---------------------------------------------------------------- the org as of a date


def _backdate(model, pk, day: datetime.date) -> None:
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    model.history.model.objects.filter(id=pk).update(history_date=when)


@pytest.fixture
def changing_org():
    """March: Ada leads, Ben is an agent under her. June: Ada leaves, Cleo takes over, and a new
    seat under the lead appears; Ben's seat moves under the top."""
    top = seat(holder=PersonFactory(first_name="Tess"), started_on=datetime.date(2025, 1, 1))
    ada = PersonFactory(first_name="Ada", hire_date=datetime.date(2025, 1, 1))
    lead = seat(manager=top, holder=ada, started_on=datetime.date(2025, 1, 1))
    ben = seat(
        manager=lead, holder=PersonFactory(first_name="Ben"), started_on=datetime.date(2025, 2, 1)
    )
    for pk in (top.pk, lead.pk, ben.pk):
        _backdate(Position, pk, datetime.date(2025, 1, 1))
    services.person_exit(person=ada, left_on=datetime.date(2025, 6, 1))
    services.person_hire(
        person=PersonFactory(first_name="Cleo"), position=lead, started_on=datetime.date(2025, 6, 1)
    )
    services.position_move(position=ben, new_manager=top)
    _backdate_last(Position, ben.pk, datetime.date(2025, 6, 1))
    new = seat(manager=lead)
    _backdate(Position, new.pk, datetime.date(2025, 6, 1))
    return {"top": top, "lead": lead, "ben": ben, "new": new}


def _backdate_last(model, pk, day):
    record = last(model, pk)
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    model.history.model.objects.filter(history_id=record.history_id).update(history_date=when)


def test_the_org_as_of_two_dates_follows_the_assignments_and_the_moves(changing_org):
    march = as_of.load(datetime.date(2025, 3, 15), viewer=None)
    july = as_of.load(datetime.date(2025, 7, 1), viewer=None)
    lead, ben, new, top = (changing_org[k].pk for k in ("lead", "ben", "new", "top"))

    assert Person.objects.get(pk=march.holders[lead]).first_name == "Ada"
    assert Person.objects.get(pk=july.holders[lead]).first_name == "Cleo"
    assert march.seats[ben][0] == lead and july.seats[ben][0] == top
    assert new not in march.seats and new in july.seats
    assert march.counts()[lead] == (1, 1, 1)
    assert july.counts()[lead] == (1, 1, 0)


def test_the_chart_page_as_of_a_date_shows_who_sat_where(employee_client, changing_org):
    march = employee_client.get("/org/?as_of=2025-03-15").content.decode()
    today = employee_client.get("/org/").content.decode()

    assert "Ada" in march and "Cleo" not in march
    assert "Cleo" in today and "Ada" not in today
    assert "The org as it was on 2025-03-15" in march


@pytest.mark.parametrize("raw", ["2025-13-01", "yesterday", "2025-1-1"])
def test_a_date_that_is_no_date_is_a_400_with_a_message(employee_client, raw):
    response = employee_client.get("/org/", {"as_of": raw})

    assert response.status_code == 400
    assert "use YYYY-MM-DD" in response.content.decode()


def test_a_future_date_shows_the_org_as_planned_marked_as_a_projection(employee_client):
    """Issue 17: the org with the planned changes due by then (tests/pages/test_planned_changes)."""
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()

    response = employee_client.get("/org/", {"as_of": future})

    assert response.status_code == 200
    assert "A projection: the org as it will be on" in response.content.decode()


@pytest.mark.parametrize("size", [2, 12])
def test_the_chart_as_of_a_date_makes_the_same_queries_at_any_size(
    employee_client, django_assert_num_queries, size
):
    top = seat(holder=PersonFactory())
    for _ in range(size):
        seat(manager=top, holder=PersonFactory())
    employee_client.get("/")
    day = timezone.localdate().isoformat()

    # session, user, seats from history, seats without history, the viewer's groups (whose dates
    # they may see, people/as_of.py), holders, roles, people (no site)
    with django_assert_num_queries(8):
        response = employee_client.get("/org/", {"as_of": day})
    assert response.content.decode().count('class="card') == size + 1


def test_a_seat_removed_since_is_in_the_org_as_of_before_its_removal():
    top = seat()
    gone = seat(manager=top)
    for pk in (top.pk, gone.pk):
        _backdate(Position, pk, datetime.date(2025, 1, 1))
    services.position_delete(position=gone)

    then = as_of.load(datetime.date(2025, 3, 1), viewer=None)
    now = as_of.load(timezone.localdate(), viewer=None)

    assert then.seats[gone.pk][0] == top.pk
    assert gone.pk not in now.seats
    assert [row["id"] for row in as_of.children_rows(then, top.pk)] == [top.pk, gone.pk]
