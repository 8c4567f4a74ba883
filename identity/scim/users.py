"""Accounts as SCIM Users (with the Enterprise User extension) and back, and the filters the list
understands, translated to one query."""

import hashlib
import json

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from scim2_models import (
    Context,
    Email,
    EnterpriseUser,
    GroupMembership,
    Manager,
    Meta,
    Name,
    ResponseParameters,
    ScimFilter,
    User,
)
from scim2_models.path.expressions import (
    CompareOperator,
    Comparison,
    LogicalExpr,
    LogicalOperator,
)

from identity.managers import chart_managers
from identity.services import APP_GROUPS, AccountData

from .errors import ScimError
from .schema import ENTERPRISE_SCHEMA

ScimUser = User[EnterpriseUser]
Account = get_user_model()


def accounts() -> QuerySet:
    """Accounts with what their SCIM form reads, in a fixed number of queries for any page."""
    from django.contrib.auth.models import Group

    return (
        Account.objects.select_related("person__position__role", "scim")
        .prefetch_related(
            Prefetch(
                "groups", queryset=Group.objects.filter(name__in=APP_GROUPS), to_attr="app_groups"
            )
        )
        .filter(Q(scim__isnull=True) | Q(scim__removed_at__isnull=True))
        .order_by("pk")
    )


def etag(body: dict) -> str:
    """A weak ETag of what the resource says (its meta left out): it changes when the chart's
    manager or title does, though the account row did not."""
    content = {key: value for key, value in body.items() if key != "meta"}
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def _person(user):
    try:
        return user.person
    except Account.person.RelatedObjectDoesNotExist:
        return None


def _scim(user):
    try:
        return user.scim
    except Account.scim.RelatedObjectDoesNotExist:
        return None


def to_scim(user, base: str, managers: dict[int, int | None]) -> ScimUser:
    person, scim = _person(user), _scim(user)
    position = getattr(person, "position", None) if person else None
    enterprise = EnterpriseUser(
        employee_number=person.employee_id
        if person
        else (scim.employee_number or None if scim else None),
        department=(scim.department or None) if scim else None,
    )
    manager_id = managers.get(user.pk)
    if manager_id:
        enterprise.manager = Manager(value=str(manager_id), ref=f"{base}/Users/{manager_id}")
    full_name = f"{user.first_name} {user.last_name}".strip()
    resource = ScimUser(
        id=str(user.pk),
        external_id=(scim.external_id or None) if scim else None,
        user_name=user.username,
        name=Name(given_name=user.first_name or None, family_name=user.last_name or None)
        if (user.first_name or user.last_name)
        else None,
        display_name=(person.full_name if person else full_name) or user.username,
        title=position.role.title
        if position is not None and position.archived_on is None
        else None,
        active=user.is_active,
        emails=[Email(value=user.email)] if user.email else None,
        groups=[
            GroupMembership(
                value=str(group.pk),
                display=group.name,
                ref=f"{base}/Groups/{group.pk}",
                type="direct",
            )
            for group in getattr(user, "app_groups", [])
        ]
        or None,
    )
    resource[EnterpriseUser] = enterprise
    resource.meta = Meta(
        resource_type="User",
        created=user.date_joined,
        last_modified=user.date_joined,
        location=f"{base}/Users/{user.pk}",
    )
    return resource


def dump(resource, attributes=None, excluded=None) -> dict:
    if attributes or excluded:
        parameters = ResponseParameters(attributes=attributes, excluded_attributes=excluded)
        return resource.model_dump(
            scim_ctx=Context.RESOURCE_QUERY_RESPONSE, response_parameters=parameters
        )
    return resource.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)


def body_of(user, base: str) -> tuple[dict, str]:
    """The full resource and its ETag (meta.version)."""
    user = accounts().get(pk=user.pk)
    resource = to_scim(user, base, chart_managers([user]))
    body = dump(resource)
    version = etag(body)
    body["meta"]["version"] = version
    return body, version


def account_data(resource: ScimUser) -> AccountData:
    """What the app keeps of a parsed User."""
    enterprise = (
        resource[EnterpriseUser]
        if ENTERPRISE_SCHEMA in (resource.schemas or []) or resource[EnterpriseUser]
        else None
    )
    emails = resource.emails or []
    primary = next((email for email in emails if email.primary), emails[0] if emails else None)
    manager = enterprise.manager if enterprise is not None else None
    return AccountData(
        username=resource.user_name,
        first_name=(resource.name.given_name or "") if resource.name else "",
        last_name=(resource.name.family_name or "") if resource.name else "",
        email=(primary.value or "") if primary else "",
        active=resource.active is not False,
        external_id=resource.external_id or "",
        employee_number=(enterprise.employee_number or "") if enterprise else "",
        department=(enterprise.department or "") if enterprise else "",
        manager_id=(manager.value or None) if manager else None,
    )


# ------------------------------------------------------------------ filters

FILTERABLE = {
    "username": lambda v: Q(username__iexact=v),
    "externalid": lambda v: Q(scim__external_id=v),
    "id": lambda v: Q(pk=int(v)) if str(v).isdigit() else Q(pk__in=[]),
    "emails.value": lambda v: Q(email__iexact=v),
    "emails": lambda v: Q(email__iexact=v),
    "active": lambda v: Q(is_active=v is True or str(v).lower() == "true"),
    "displayname": lambda v: (
        Q(person__isnull=True, username__iexact=v)
        | Q(person__first_name__iexact=str(v).split(" ")[0])
    ),
    f"{ENTERPRISE_SCHEMA.lower()}:employeenumber": lambda v: (
        Q(person__employee_id=v) | Q(person__isnull=True, scim__employee_number=v)
    ),
    "employeenumber": lambda v: (
        Q(person__employee_id=v) | Q(person__isnull=True, scim__employee_number=v)
    ),
}


def filter_q(text: str) -> Q:
    """`attr eq "value"`, joined by `and`; other filters answer 400 invalidFilter."""
    try:
        tree = ScimFilter(text).ast
    except Exception as error:  # the grammar's errors are of several kinds
        raise ScimError(400, _("The filter cannot be read."), "invalidFilter") from error
    return _q(tree)


def _q(node) -> Q:
    if isinstance(node, LogicalExpr) and node.op == LogicalOperator.and_:
        result = Q()
        for term in node.terms:
            result &= _q(term)
        return result
    if isinstance(node, Comparison) and node.op == CompareOperator.eq:
        key = str(node.attr_path).lower()
        if key in FILTERABLE:
            return FILTERABLE[key](node.value)
    raise ScimError(
        400,
        _(
            "This filter is not supported: use eq on userName, externalId, emails.value, "
            "employeeNumber, active or id, joined by and."
        ),
        "invalidFilter",
    )
