"""What the server says of itself: the attributes it keeps (a subset of RFC 7643's User and the
Enterprise User extension), its resource types and its ServiceProviderConfig.

Only what is kept is published, so a client (and scim2-tester) knows what round-trips. Standard
attributes not listed here are accepted and ignored; attributes no schema names are refused.
"""

from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    EnterpriseUser,
    ETag,
    Filter,
    Group,
    Meta,
    Mutability,
    Patch,
    Required,
    ResourceType,
    SchemaExtension,
    ServiceProviderConfig,
    Sort,
    Uniqueness,
    User,
)

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
MAX_RESULTS = 200

# name → (mutability, sub-attributes kept, None for all); the chart's values are readOnly.
USER_ATTRIBUTES = {
    "userName": (Mutability.read_write, None),
    "name": (Mutability.read_write, ("givenName", "familyName")),
    "displayName": (Mutability.read_only, None),
    "title": (Mutability.read_only, None),
    "active": (Mutability.read_write, None),
    "emails": (Mutability.read_write, ("value",)),  # one work e-mail a account
    "groups": (Mutability.read_only, ("value", "$ref", "display", "type")),
}
ENTERPRISE_ATTRIBUTES = {
    "employeeNumber": (Mutability.read_write, None),
    "department": (Mutability.read_write, None),
    # The org chart's: a manager sent in is checked and kept for HR, never written to the seats.
    "manager": (Mutability.read_only, ("value", "$ref", "displayName")),
}
GROUP_ATTRIBUTES = {
    "displayName": (Mutability.read_only, None),
    # RFC 7643 section 8.7.1 gives members these three sub-attributes, no `display`.
    "members": (Mutability.read_write, ("value", "$ref", "type")),
}


def _sub_attributes(attribute, mutability, kept):
    subs = [sub for sub in attribute.sub_attributes if kept is None or sub.name in kept]
    if mutability == Mutability.read_only:
        subs = [sub.model_copy(update={"mutability": mutability}) for sub in subs]
    return subs


def _published(model, kept: dict, base: str):
    schema = model.to_schema()
    attributes = []
    for attribute in schema.attributes:
        if attribute.name not in kept:
            continue
        mutability, subs = kept[attribute.name]
        changes = {"mutability": mutability}
        if attribute.name == "userName":
            changes["uniqueness"] = Uniqueness.server
        if attribute.name == "active":  # an account is active or not; true when not sent
            changes["required"] = Required.true
        if attribute.sub_attributes:
            changes["sub_attributes"] = _sub_attributes(attribute, mutability, subs)
        attributes.append(attribute.model_copy(update=changes))
    schema = schema.model_copy(update={"attributes": attributes})
    schema.meta = Meta(resource_type="Schema", location=f"{base}/Schemas/{schema.id}")
    return schema


def schemas(base: str) -> list:
    return [
        _published(User, USER_ATTRIBUTES, base),
        _published(EnterpriseUser, ENTERPRISE_ATTRIBUTES, base),
        _published(Group, GROUP_ATTRIBUTES, base),
    ]


def resource_types(base: str) -> list[ResourceType]:
    return [
        ResourceType(
            id="User",
            name="User",
            endpoint="/Users",
            description="An account of the org chart, linked to its person by work e-mail or "
            "employee number.",
            schema_=USER_SCHEMA,
            schema_extensions=[SchemaExtension(schema_=ENTERPRISE_SCHEMA, required=False)],
            meta=Meta(resource_type="ResourceType", location=f"{base}/ResourceTypes/User"),
        ),
        ResourceType(
            id="Group",
            name="Group",
            endpoint="/Groups",
            description="The app's four groups: Employee, Manager, HR and HR admin.",
            schema_=GROUP_SCHEMA,
            meta=Meta(resource_type="ResourceType", location=f"{base}/ResourceTypes/Group"),
        ),
    ]


def service_provider_config(base: str) -> ServiceProviderConfig:
    return ServiceProviderConfig(
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=True),
        authentication_schemes=[
            AuthenticationScheme(
                type="oauthbearertoken",
                name="Bearer token",
                description="A token of a provisioning client, made by an HR admin in the admin.",
                primary=True,
            )
        ],
        meta=Meta(resource_type="ServiceProviderConfig", location=f"{base}/ServiceProviderConfig"),
    )
