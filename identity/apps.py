from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    """Sign-in through the company's identity provider (OpenID Connect) and SCIM 2.0
    provisioning.
    """

    name = "identity"
    verbose_name = _("Identity")

    def ready(self) -> None:
        from core.history import register_history

        from .models import ProvisioningClient, ScimAccount

        # Who made or revoked a provisioning token, and when the provider deactivated an account
        # or proposed a manager: kept like every other change (the token's hash left out).
        register_history(ProvisioningClient, excluded=("token_hash",))
        register_history(ScimAccount, unindexed=("user", "deactivated_by", "proposed_manager"))
