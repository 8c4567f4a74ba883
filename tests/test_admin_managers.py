"""Managers in the admin (issue 16): staff while in the Manager group; they edit the content of
the roles their subtree's seats hold, never bands, the tree's structure or another branch's roles;
every change is in the history with who made it (docs/access.md)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from core.groups import MANAGER, ensure_groups
from roles.models import Responsibility, Role, SalaryBand
from tests.roles.factories import SalaryBandFactory

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """The values a browser would send from the admin's change form (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = self._textarea = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data[self._textarea] = [self._text.lstrip("\n")]
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def form_of(response) -> dict[str, list[str]]:
    parser = FormFields()
    parser.feed(response.content.decode())
    return {k: v for k, v in parser.data.items() if k != "csrfmiddlewaretoken"}


@pytest.fixture
def mia(users, org):
    """The manager, linked to Lena, the team leader: her subtree holds the team-leader and agent
    roles; the CCO and head roles are another branch's (above her)."""
    lena = org["team"].holder
    lena.user = users["manager"]
    lena.save(update_fields=["user"])
    users["manager"].refresh_from_db()
    return users["manager"]


@pytest.fixture
def mia_client(client, mia):
    client.force_login(mia)
    return client


def change_url(role) -> str:
    return reverse("admin:roles_role_change", args=[role.pk])


def test_a_manager_is_staff_while_in_the_manager_group(users):
    mia = users["manager"]
    mia.refresh_from_db()
    assert mia.is_staff  # joined the group in the fixture
    mia.groups.clear()
    mia.refresh_from_db()
    assert not mia.is_staff
    ensure_groups()[MANAGER].user_set.add(mia)  # from the group's side too
    mia.refresh_from_db()
    assert mia.is_staff
    ensure_groups()[MANAGER].user_set.clear()
    mia.refresh_from_db()
    assert not mia.is_staff


def test_leaving_the_manager_group_keeps_hr_staff(users):
    hanna = users["hr"]
    hanna.groups.add(ensure_groups()[MANAGER])
    hanna.groups.remove(ensure_groups()[MANAGER])
    hanna.refresh_from_db()
    assert hanna.is_staff


def test_setup_groups_makes_existing_managers_staff(users):
    mia = users["manager"]
    type(mia).objects.filter(pk=mia.pk).update(is_staff=False)
    ensure_groups()
    mia.refresh_from_db()
    assert mia.is_staff


def test_the_manager_lists_only_the_roles_of_their_team(mia_client, org):
    page = mia_client.get(reverse("admin:roles_role_changelist"))
    assert page.status_code == 200
    listed = {role.pk for role in page.context["cl"].result_list}
    assert listed == {org["roles"]["lead"].pk, org["roles"]["agent"].pk}
    assert b"tree-actions" not in page.content or b"drag-handler" not in page.content


def test_a_manager_edits_a_responsibility_of_their_teams_role(mia_client, mia, org):
    agent = org["roles"]["agent"]
    duty = Responsibility.objects.create(role=agent, text="Answer calls")
    page = mia_client.get(change_url(agent))
    assert page.status_code == 200
    data = form_of(page)
    assert data["responsibilities-0-id"] == [str(duty.pk)]
    data["responsibilities-0-text_en"] = ["Answer calls and chats"]
    data["summary_en"] = ["Helps customers."]
    data["title_en"] = ["Hijacked"]  # read-only for a manager: ignored
    data["parent"] = [str(org["roles"]["cco"].pk)]
    answer = mia_client.post(change_url(agent), data)
    assert answer.status_code == 302, answer.context and answer.context["errors"]
    duty.refresh_from_db()
    agent.refresh_from_db()
    assert duty.text_en == "Answer calls and chats"
    assert agent.summary_en == "Helps customers."
    assert agent.title_en == "Agent" and agent.parent == org["roles"]["lead"]
    # the history has who made it, and the admin's history page shows it
    assert agent.history.latest().history_user == mia
    assert duty.history.latest().history_user == mia
    history = mia_client.get(reverse("admin:roles_role_history", args=[agent.pk]))
    assert history.status_code == 200
    assert b"mia" in history.content
    # what changed, not only that the role was saved: the inline's change is the row's reason
    reason = agent.history.latest().history_change_reason
    assert "responsibility" in reason and "Answer calls" in reason
    assert reason in history.content.decode().replace("&quot;", '"').replace("&#x27;", "'")


def test_the_role_form_of_a_manager_has_no_bands_and_no_structure(mia_client, org):
    agent = org["roles"]["agent"]
    SalaryBandFactory(role=agent, minimum=31111, midpoint=35555, maximum=39999)
    page = mia_client.get(change_url(agent))
    data = form_of(page)
    assert not any(name.startswith("salary_bands") for name in data)
    for field in ("title_en", "slug", "parent", "track", "career_level"):
        assert field not in data
    assert "summary_en" in data and "education_en" in data and "min_experience_months" in data
    for figure in (b"31111", b"31,111", b"31.111", b"39999", b"39,999"):
        assert figure not in page.content


@pytest.mark.parametrize("role", ["cco", "head"])
@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_another_branchs_role_is_refused(mia_client, org, role, view):
    target = org["roles"][role]
    url = reverse(f"admin:roles_role_{view}", args=[target.pk])
    assert mia_client.get(url).status_code == 403
    before = Role.objects.get(pk=target.pk).summary_en
    assert mia_client.post(url, {"summary_en": "Taken over", "post": "yes"}).status_code == 403
    assert Role.objects.filter(pk=target.pk).exists()
    assert Role.objects.get(pk=target.pk).summary_en == before


def test_another_branchs_role_versions_are_refused(mia_client, org):
    cco = org["roles"]["cco"]
    cco.summary_en = "Runs it all"
    cco.save()
    version = cco.history.latest()
    url = reverse("admin:roles_role_simple_history", args=[cco.pk, version.history_id])
    assert mia_client.get(url).status_code == 403


def test_a_manager_adds_and_deletes_no_roles_and_moves_none(mia_client, org):
    assert mia_client.get(reverse("admin:roles_role_add")).status_code == 403
    agent, lead = org["roles"]["agent"], org["roles"]["lead"]
    assert mia_client.post(reverse("admin:roles_role_delete", args=[agent.pk])).status_code == 403
    moved = mia_client.post(
        reverse("admin:roles_role_changelist"),
        {"cmd": "move_node", "cut_item": lead.pk, "pasted_on": agent.pk, "position": "last-child"},
    )
    assert b"FAIL" in moved.content
    lead.refresh_from_db()
    assert lead.parent == org["roles"]["head"]


@pytest.mark.parametrize("view", ["changelist", "add", "change", "delete", "history"])
def test_a_manager_is_refused_every_band_page(mia_client, org, view):
    band = SalaryBandFactory(role=org["roles"]["agent"], minimum=30000, midpoint=35000)
    args = [] if view in ("changelist", "add") else [band.pk]
    url = reverse(f"admin:roles_salaryband_{view}", args=args)
    assert mia_client.get(url).status_code == 403
    assert mia_client.post(url, {"minimum": "1", "post": "yes"}).status_code == 403
    band.refresh_from_db()
    assert band.minimum == 30000 and SalaryBand.objects.count() == 1


def test_the_admin_index_of_a_manager_offers_roles_and_skills_only(mia_client):
    page = mia_client.get(reverse("admin:index"))
    assert page.status_code == 200
    models = {m["object_name"] for app in page.context["app_list"] for m in app["models"]}
    assert models == {"Role", "Skill"}


def test_a_manager_without_a_seat_edits_no_role(client, users, org):
    client.force_login(users["manager"])  # in the group, but linked to nobody
    page = client.get(reverse("admin:roles_role_changelist"))
    assert list(page.context["cl"].result_list) == []
    assert client.get(change_url(org["roles"]["agent"])).status_code == 403


@pytest.mark.parametrize("size", [1, 4])
def test_the_managers_role_list_reads_a_fixed_number_of_queries(
    mia_client, org, size, django_assert_max_num_queries
):
    from tests.people.factories import PersonFactory, seat
    from tests.roles.factories import RoleFactory

    for n in range(size):
        role = RoleFactory(parent=org["roles"]["agent"], title=f"Specialist {n}")
        seat(role=role, manager=org["team"], holder=PersonFactory())
    with django_assert_max_num_queries(16):
        assert mia_client.get(reverse("admin:roles_role_changelist")).status_code == 200
