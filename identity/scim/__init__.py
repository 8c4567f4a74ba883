"""SCIM 2.0 (RFC 7643, RFC 7644) at /scim/v2/: accounts and the app's four groups for identity
providers. Parsing and serialising by scim2-models (pydantic); docs/identity.md."""
