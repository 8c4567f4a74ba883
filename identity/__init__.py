"""Sign-in through the company's identity provider (OpenID Connect) and SCIM 2.0 provisioning."""
