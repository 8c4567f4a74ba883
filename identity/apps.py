from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    """Sign-in through the company's identity provider (OpenID Connect) and SCIM 2.0
    provisioning.
    """

    name = "identity"
    verbose_name = _("Identity")
