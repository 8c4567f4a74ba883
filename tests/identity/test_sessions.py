"""Sessions know their account (identity.sessions): signing one account out everywhere reads
that account's sessions only, however many others are open."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from identity.models import AccountSession
from identity.services import end_sessions
from identity.sessions import SessionStore


def _signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def _open_sessions_of(user, count: int) -> None:
    """`count` sessions of `user`, written as the engine writes them, in one insert."""
    data = SessionStore().encode({"_auth_user_id": str(user.pk)})
    expires = timezone.now() + timedelta(days=1)
    AccountSession.objects.bulk_create(
        AccountSession(
            session_key=f"other{user.pk}x{n}",
            session_data=data,
            expire_date=expires,
            account_id=user.pk,
        )
        for n in range(count)
    )


def test_a_session_records_its_account_at_sign_in_and_forgets_it_at_sign_out(users):
    browser = _signed_in(users["employee"])
    key = browser.session.session_key
    assert AccountSession.objects.get(session_key=key).account_id == users["employee"].pk
    browser.post("/accounts/logout/")
    assert not AccountSession.objects.filter(session_key=key).exists()


def test_ending_an_accounts_sessions_signs_out_all_its_browsers_and_no_one_else(users):
    emil, hanna = users["employee"], users["hr"]
    phone, desk = _signed_in(emil), _signed_in(emil)
    colleague = _signed_in(hanna)
    for browser in (phone, desk, colleague):
        assert browser.get("/").status_code == 200

    assert end_sessions(emil) == 2

    for browser in (phone, desk):
        answer = browser.get("/")
        assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")
    assert colleague.get("/").status_code == 200
    assert list(AccountSession.objects.values_list("account_id", flat=True)) == [hanna.pk]


def _cost_of_ending(user) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        end_sessions(user)
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("others", [50, 2000])
def test_ending_sessions_reads_the_accounts_sessions_by_index_at_any_table_size(users, others):
    emil = users["employee"]
    _open_sessions_of(users["hr"], others)
    _signed_in(emil)
    sql = _cost_of_ending(emil)
    # the sessions (one DELETE by account), the API tokens (one SELECT, one DELETE at most)
    session_queries = [q for q in sql if "identity_accountsession" in q]
    assert len(session_queries) == 1 and session_queries[0].startswith("DELETE")
    assert len(sql) <= 3
    assert AccountSession.objects.count() == others
    assert f'"account_id" = {emil.pk}' in session_queries[0].replace("'", "")
    if connection.vendor == "sqlite":  # the plan says which rows are read: the index's, not all
        plan = AccountSession.objects.filter(account_id=emil.pk).explain()
        assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan
        assert "SCAN" not in plan, plan
