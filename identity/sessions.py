"""The session engine (settings.SESSION_ENGINE): Django's database sessions, with the account
signed in to each kept in an indexed column, so that signing an account out everywhere (SCIM's
`active=false`, identity.services.end_sessions) reads that account's sessions only. Django's own
table keys sessions by key alone: finding one account's meant decoding every open session."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountSession(AbstractBaseSession):
    """A browser session and the account signed in to it (a model of identity.models)."""

    # Not a foreign key: a session is saved at the end of a request, which must not fail on an
    # account deleted meanwhile; a deleted account's sessions expire or are cleared as any.
    account_id = models.IntegerField(null=True, blank=True, db_index=True)

    class Meta(AbstractBaseSession.Meta):
        app_label = "identity"
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        return SessionStore


class SessionStore(DatabaseStore):
    @classmethod
    def get_model_class(cls):
        return AccountSession

    def create_model_instance(self, data):
        """Every save writes the whole row (Django's database store), so the account follows the
        session: set at sign-in, None after sign-out."""
        session = super().create_model_instance(data)
        session.account_id = account_id_of(data)
        return session


def account_id_of(data: dict) -> int | None:
    try:
        return int(data.get(SESSION_KEY))
    except (TypeError, ValueError):  # no one signed in, or a key of another form
        return None
