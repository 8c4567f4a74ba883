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


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module; Playwright's loop and the async-unsafe flag end with it."""
    require(shutil.which(CHROMIUM) is not None, f"needs Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        require(False, "needs the playwright package (pip install -e '.[dev]')")
    # Playwright's sync API runs an event loop in this thread; Django must allow its ORM calls
    # here. Only while the browser runs: `check --deploy` refuses the flag, and other tests
    # should keep Django's guard.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            yield chromium
            chromium.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def demo_org(transactional_db):
    call_command(
        "load_demo",
        people=300,
        seed=4,
        as_of=datetime.date(2026, 11, 1),
        no_accounts=True,
        stdout=open(os.devnull, "w"),  # noqa: SIM115 - closed with the process
    )


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


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
