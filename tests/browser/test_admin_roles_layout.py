"""The role admin at 1440 px (issue 16): the change page fits (the bands inline made it 2,125 px),
the tree list opens expanded, wrapped titles keep their indentation, and neither dragging a role
nor the history page breaks the Content Security Policy."""

import pytest

from roles.models import Role, SalaryBand

from .conftest import screenshot
from .test_csp import LISTEN

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 1440


@pytest.fixture
def wide_page(browser, live_server, demo_org, django_user_model, client):
    user = django_user_model.objects.create_superuser("root", "root@example.com", "pw-root-123")
    client.force_login(user)
    context = browser.new_context(viewport={"width": WIDTH, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.console = []
    page.on("console", lambda m: page.console.append(m.text))
    page.base = live_server.url
    yield page
    context.close()


def csp_problems(page) -> list[str]:
    return page.evaluate("window.__violations") + [
        m for m in page.console if "Content Security Policy" in m
    ]


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_role_change_page_fits_1440_px(wide_page):
    page = wide_page
    role = Role.objects.filter(salary_bands__isnull=False).order_by("-level").first()
    assert SalaryBand.objects.filter(role=role).exists()
    page.goto(f"{page.base}/admin/roles/role/{role.pk}/change/")
    page.wait_for_selector("#role_form")
    page.wait_for_load_state("networkidle")
    assert page_width(page) <= WIDTH
    page.locator(".salary-bands").scroll_into_view_if_needed()
    screenshot(page, "admin-role-change-1440")
    assert csp_problems(page) == []


def test_the_role_tree_opens_expanded_and_indents_wrapped_titles(wide_page):
    page = wide_page
    page.goto(f"{page.base}/admin/roles/role/")
    page.wait_for_selector("#result_list")
    page.wait_for_load_state("networkidle")
    rows = page.locator("#result_list tbody tr")
    visible = sum(1 for i in range(rows.count()) if rows.nth(i).is_visible())
    assert visible == Role.objects.count()  # a few dozen roles: all of them, at every depth
    deep = Role.objects.filter(level__gte=2).order_by("-level").first()
    top = (
        Role.objects.get(level=0, parent=None)
        if Role.objects.filter(level=0).count() == 1
        else None
    )
    title = page.locator(f".tree-depth-{min(deep.level, 10)}").first
    root = page.locator(".tree-depth-0").first
    # The indentation moves the whole box (every wrapped line), not only the first line.
    page.set_viewport_size({"width": 700, "height": 900})
    inner = "el => { const r = document.createRange(); r.selectNodeContents(el);"
    inner += " return Math.min(...[...r.getClientRects()].map(c => c.left)); }"
    assert title.evaluate(inner) > root.evaluate(inner) + 30
    page.set_viewport_size({"width": WIDTH, "height": 900})
    screenshot(page, "admin-role-tree-1440")
    assert top is None or page.locator(f"a[href$='/roles/role/{top.pk}/change/']").is_visible()
    assert csp_problems(page) == []


def test_dragging_a_role_and_its_history_keep_the_policy(wide_page):
    page = wide_page
    page.goto(f"{page.base}/admin/roles/role/")
    page.wait_for_selector("#result_list .drag-handle")
    page.wait_for_load_state("networkidle")
    source = page.locator("#result_list .drag-handle").nth(6).bounding_box()
    target = page.locator("#result_list tbody tr").nth(2).bounding_box()
    page.mouse.move(source["x"] + source["width"] / 2, source["y"] + source["height"] / 2)
    page.mouse.down()
    for step in range(1, 8):
        y = source["y"] + (target["y"] + target["height"] / 2 - source["y"]) * step / 7
        page.mouse.move(target["x"] + 200, y)
    assert page.locator("#ghost").count() == 1 and page.locator("#drag-line").count() == 1
    screenshot(page, "admin-role-dragging")
    page.keyboard.press("Escape")  # mptt's own way to cancel a drag
    page.mouse.up()
    assert csp_problems(page) == []
    role = Role.objects.order_by("-level").first()
    page.goto(f"{page.base}/admin/roles/role/{role.pk}/history/")
    page.wait_for_selector("#change-history")
    page.wait_for_load_state("networkidle")
    assert csp_problems(page) == []


def test_the_person_page_picks_languages_and_moves_the_person(wide_page):
    from people.models import Assignment, Person, Position

    page = wide_page
    person = Person.objects.filter(position__role__slug="consultant").order_by("pk").first()
    vacancy = Position.objects.vacant().order_by("pk").first()
    page.goto(f"{page.base}/admin/people/person/{person.pk}/change/")
    page.wait_for_selector("#person_form")
    page.wait_for_load_state("networkidle")
    page.fill("#id_languages_input", "Pol")  # the filter of the chooser
    page.select_option("#id_languages_from", "pl")
    page.click("#id_languages_add")
    assert page_width(page) <= WIDTH
    page.locator("#id_languages_to").scroll_into_view_if_needed()
    screenshot(page, "admin-person-languages")
    page.click("input[name='_continue']")
    page.wait_for_selector(".messagelist .success")
    person.refresh_from_db()
    assert "pl" in person.languages
    page.click("text=Move this person")
    page.wait_for_selector("#move_form")
    page.select_option("#id_position", str(vacancy.pk))
    page.fill("#id_note", "Covers the night shift team")
    screenshot(page, "admin-person-move")
    page.click("#move_form input[type=submit]")
    page.wait_for_selector(".messagelist .success")
    assert "Covers the night shift team" in page.inner_text(".messagelist")
    vacancy.refresh_from_db()
    assert vacancy.holder == person
    assert Assignment.objects.get(person=person, position=vacancy).note.startswith("Covers")
    assert csp_problems(page) == []
