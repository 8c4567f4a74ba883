"""Signing in through a real OpenID provider (tests/identity/provider/): the app's side through
Django's test client, the provider's login form through HTTP, no mocks of the protocol."""

import re
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import override_settings

from identity import oidc
from tests.identity.conftest import oidc_settings
from tests.people.factories import PersonFactory


@pytest.fixture
def configured(openid_provider, db):
    oidc._discovery.cache_clear()
    with oidc_settings(openid_provider):
        yield openid_provider


def _follow_to_app(browser: requests.Session, url: str) -> str:
    """Follow the provider's redirects and forms until it sends the browser back to the app."""
    for _ in range(10):
        if url.startswith("http://testserver/"):
            return url
        answer = browser.get(url, allow_redirects=False)
        if answer.is_redirect:
            url = urljoin(url, answer.headers["Location"])
            continue
        form = re.search(r'<form[^>]*action="([^"]+)"', answer.text)
        assert form, answer.text[:500]
        fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', answer.text))
        if "logoutForm" in answer.text:
            fields["logout"] = "yes"  # the provider's "Yes, sign me out" button
        answer = browser.post(
            urljoin(url, unescape(form.group(1))), data=fields, allow_redirects=False
        )
        url = urljoin(url, answer.headers["Location"])
    raise AssertionError("the provider never sent the browser back")


def sign_in(client, login: str) -> tuple[requests.Session, object]:
    """Press "Sign in with …", sign in at the provider as `login`, come back to the app."""
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302
    browser = requests.Session()
    answer = browser.get(start["Location"], allow_redirects=False)
    interaction = urljoin(start["Location"], answer.headers["Location"])
    page = browser.get(interaction)
    action = re.search(r'<form[^>]*action="([^"]+)"', page.text).group(1)
    done = browser.post(
        urljoin(interaction, action),
        data={"prompt": "login", "login": login, "password": "any"},
        allow_redirects=False,
    )
    back = _follow_to_app(browser, urljoin(interaction, done.headers["Location"]))
    parts = urlsplit(back)
    return browser, client.get(f"{parts.path}?{parts.query}")


def test_the_sign_in_page_offers_the_company_and_the_local_form(configured, client):
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with Example Corp" in page
    assert 'name="password"' in page


def test_a_user_with_the_hr_claim_lands_as_hr(configured, client):
    person = PersonFactory(email="hanna.hr@example.com")
    _browser, landed = sign_in(client, "hanna")
    assert landed.status_code == 302 and landed["Location"] == "/"
    person.refresh_from_db()
    assert person.user is not None
    assert set(person.user.groups.values_list("name", flat=True)) == {"HR"}
    assert person.user.is_staff
    assert client.get("/").wsgi_request.user == person.user


def test_a_user_without_a_person_is_refused_when_the_setting_says_refuse(configured, client):
    _browser, landed = sign_in(client, "stranger")
    assert landed["Location"] == "/accounts/login/"
    assert not get_user_model().objects.filter(email="stranger@example.com").exists()
    page = client.get("/accounts/login/").content.decode()
    assert "is not known here" in page


def test_a_user_without_a_person_becomes_an_employee_when_the_setting_says_create(
    configured, client
):
    with override_settings(OIDC_UNKNOWN_USERS="create"):
        _browser, landed = sign_in(client, "stranger")
    assert landed["Location"] == "/"
    user = get_user_model().objects.get(email="stranger@example.com")
    assert list(user.groups.values_list("name", flat=True)) == ["Employee"]
    assert not user.has_usable_password()


def test_the_group_claim_decides_again_at_each_sign_in(configured, client):
    person = PersonFactory(email="hanna.hr@example.com")
    sign_in(client, "hanna")
    user = get_user_model().objects.get(
        pk=person.user_id if person.refresh_from_db() is None else 0
    )
    user.groups.clear()
    client.logout()
    sign_in(client, "hanna")
    assert set(user.groups.values_list("name", flat=True)) == {"HR"}


def test_signing_out_ends_the_session_here_and_at_the_provider(configured, client):
    PersonFactory(email="hanna.hr@example.com")
    browser, _landed = sign_in(client, "hanna")
    out = client.post("/accounts/logout/")
    assert out.status_code == 302
    end = out["Location"]
    assert end.startswith(f"{configured}/session/end?") and "id_token_hint=" in end
    assert client.get("/").status_code == 302  # back to the sign-in page
    back = _follow_to_app(browser, end)
    assert urlsplit(back).path == "/accounts/login/"
    # The provider's session is gone: a new sign-in asks for the login again.
    start = client.get("/oidc/authenticate/")
    again = browser.get(start["Location"], allow_redirects=False)
    prompt = browser.get(urljoin(start["Location"], again.headers["Location"]))
    assert 'name="login"' in prompt.text


def test_a_deactivated_account_cannot_sign_in(configured, client):
    person = PersonFactory(email="hanna.hr@example.com")
    sign_in(client, "hanna")
    person.refresh_from_db()
    person.user.is_active = False
    person.user.save()
    client.logout()
    _browser, landed = sign_in(client, "hanna")
    assert landed["Location"] == "/accounts/login/"


def test_without_configuration_the_provider_paths_are_not_there(client, db):
    assert client.get("/oidc/authenticate/").status_code == 404
    assert "Sign in with" not in client.get("/accounts/login/").content.decode()


def test_refused_sign_ins_through_the_provider_lock_no_one_out(configured, client):
    from axes.models import AccessAttempt

    PersonFactory(email="hanna.hr@example.com")
    with override_settings(AXES_FAILURE_LIMIT=1):
        for _ in range(2):
            sign_in(client, "stranger")
        assert not AccessAttempt.objects.exists()
        _browser, landed = sign_in(client, "hanna")
    assert landed["Location"] == "/"


def test_with_local_sign_in_off_only_a_superuser_uses_a_password(
    configured, client, users, admin_user
):
    with override_settings(OIDC_LOCAL_SIGN_IN=False):
        page = client.get("/accounts/login/").content.decode()
        assert 'name="password"' not in page and "?local=1" in page
        assert 'name="password"' in client.get("/accounts/login/?local=1").content.decode()
        refused = client.post(
            "/accounts/login/?local=1", {"username": "hanna", "password": "pw-hanna-2026"}
        )
        assert (
            refused.status_code == 200 and "Sign in with Example Corp." in refused.content.decode()
        )
        admin_user.set_password("break-glass-2026")
        admin_user.save()
        allowed = client.post(
            "/accounts/login/?local=1", {"username": "admin", "password": "break-glass-2026"}
        )
    assert allowed.status_code == 302


def test_an_unverified_e_mail_does_not_link_to_the_person_who_has_it(configured, client):
    person = PersonFactory(email="hanna.hr@example.com")
    _browser, landed = sign_in(client, "mallory")
    assert landed["Location"] == "/accounts/login/"
    person.refresh_from_db()
    assert person.user is None
    assert "not confirmed your e-mail" in client.get("/accounts/login/").content.decode()


def test_a_manager_linked_by_employee_id_lands_as_manager(configured, client):
    person = PersonFactory(employee_id="E-77", email="other@example.com")
    with override_settings(OIDC_LINK_CLAIM="employee_id"):
        sign_in(client, "lena")
    person.refresh_from_db()
    assert set(person.user.groups.values_list("name", flat=True)) == {"Manager"}


def test_with_the_provider_on_the_local_form_still_locks_after_five_wrong_passwords(
    configured, client, users
):
    from axes.models import AccessAttempt

    for _ in range(5):
        client.post("/accounts/login/", {"username": "hanna", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "hanna", "password": "pw-hanna-2026"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert (
        AccessAttempt.objects.get(username="hanna").failures_since_start == 6
    )  # with the locked one
