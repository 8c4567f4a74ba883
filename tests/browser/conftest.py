"""Headless Chromium (Debian's, not Playwright's download) against pytest-django's live server."""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import require

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class _Chromium:
    """One Chromium for every browser test of the session: they run one after the other (see
    tests/conftest.py's order), and it stops after the last of them (pytest_runtest_teardown
    below), so the tests after them keep Django's guard against ORM calls inside an event loop.
    A launch per module cost one to two seconds each."""

    playwright = None
    browser = None
    env_before: str | None = None

    @classmethod
    def start(cls):
        if cls.browser is None:
            require(shutil.which(CHROMIUM) is not None, f"needs Chromium at {CHROMIUM}")
            try:
                from playwright.sync_api import sync_playwright
            except ImportError:  # pragma: no cover - the dev extra installs it
                require(False, "needs the playwright package (pip install -e '.[dev]')")
            # Playwright's sync API runs an event loop in this thread; Django must allow its ORM
            # calls here. Only while the browser runs: `check --deploy` refuses the flag, and
            # other tests should keep Django's guard.
            cls.env_before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            cls.playwright = sync_playwright().start()
            cls.browser = cls.playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        return cls.browser

    @classmethod
    def stop(cls):
        if cls.playwright is None:
            return
        try:
            if cls.browser is not None:
                cls.browser.close()
            cls.playwright.stop()
        finally:
            cls.playwright = cls.browser = None
            if cls.env_before is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = cls.env_before


@pytest.fixture
def browser():
    """Chromium, shared by the browser tests; each test makes its own contexts and pages."""
    return _Chromium.start()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """After the test's own fixtures are gone (their contexts closed): stop Chromium when the next
    test is not a browser test, or at the end."""
    if nextitem is None or Path(nextitem.path).parent != Path(__file__).parent:
        _Chromium.stop()


def pytest_sessionfinish():
    _Chromium.stop()


@pytest.fixture(scope="session")
def _demo_rows(django_db_setup, django_db_blocker) -> dict[str, tuple[list[str], list[tuple]]]:
    """The 300-person demo org as the rows it wrote, table by table: loaded once a session (it
    took one to four seconds a test), kept, and the database emptied again."""
    with django_db_blocker.unblock():
        before = _contents()
        call_command(
            "load_demo",
            people=300,
            seed=4,
            as_of=datetime.date(2026, 11, 1),
            no_accounts=True,
            stdout=open(os.devnull, "w"),  # noqa: SIM115 - closed with the process
        )
        after = _contents()
        call_command("flush", interactive=False, verbosity=0)
    written = {table: rows for table, rows in after.items() if rows != before[table]}
    # Only new tables: restoring a table that held rows before (content types, permissions,
    # recreated with new ids by each flush) would be wrong.
    assert all(not before[table][1] for table in written), sorted(written)
    return written


def _contents() -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table's stored columns (not the generated ones) and rows."""
    from django.apps import apps
    from django.db import connection

    quote = connection.ops.quote_name
    contents = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if not model._meta.managed or model._meta.proxy:
                continue
            fields = [f for f in model._meta.concrete_fields if not f.generated]
            columns = [f.column for f in fields]
            names = ", ".join(quote(column) for column in columns)
            cursor.execute(f"SELECT {names} FROM {quote(model._meta.db_table)}")
            contents[model._meta.db_table] = (columns, sorted(cursor.fetchall(), key=repr))
    return contents


@pytest.fixture
def demo_org(transactional_db, _demo_rows):
    """The demo org (300 people, seed 4), its rows written back as `load_demo` wrote them."""
    from django.db import connection, transaction

    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:  # foreign keys checked at the end
        for table, (columns, rows) in _demo_rows.items():
            names = ", ".join(quote(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)


@pytest.fixture
def signed_in(browser, live_server, demo_org, users, client):
    """A new browser context signed in as an HR user (Hanna), through a session cookie."""
    client.force_login(users["hr"])
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    yield context
    context.close()


@pytest.fixture
def page(signed_in, live_server):
    page = signed_in.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.base = live_server.url
    yield page
    assert errors == []


def click_and_wait(page, target) -> None:
    """Click what submits a form or follows a link, and wait until the next page has loaded.

    A bare click returns once the click is sent: a screenshot taken then can catch the page
    between two documents ("Unable to capture screenshot"), and a database read can come
    before the server has handled the request.
    """
    with page.expect_navigation():
        if isinstance(target, str):
            page.click(target)
        else:
            target.click()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_load_state()
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
