import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(
    "path",
    ["/org/", "/roles/", "/roles/team-leader/", "/org/analytics/", "/org/spans/", "/org/book/"],
)
def test_pages_have_no_serious_or_critical_accessibility_violations(page, path):
    page.goto(page.base + path)
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == []
