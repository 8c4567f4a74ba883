"""The SCIM endpoints: thin views that authenticate the provisioning client, read the request with
scim2-models, call identity.services and answer application/scim+json."""

import json
from collections.abc import Callable
from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group as AuthGroup
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from pydantic import ValidationError as PydanticError
from scim2_models import (
    Context,
    Group,
    GroupMember,
    Meta,
    PatchOp,
    SCIMException,
    ScimFilter,
    SearchRequest,
)
from scim2_models.path.expressions import CompareOperator, Comparison

from identity import services
from identity.managers import chart_managers
from identity.models import ScimAccount

from . import quirks, schema
from .errors import CONTENT_TYPE, ScimError
from .users import ScimUser, account_data, accounts, body_of, dump, etag, filter_q, user_body

Account = get_user_model()
DEFAULT_COUNT = 100


def _json(body, status: int = 200, version: str | None = None, location: str = "") -> HttpResponse:
    response = HttpResponse(json.dumps(body, default=str), status=status, content_type=CONTENT_TYPE)
    if version:
        response["ETag"] = version
    if location:
        response["Location"] = location
    return response


def scim_view(view: Callable) -> Callable:
    """Bearer token of a provisioning client; refusals as SCIM error bodies."""

    @csrf_exempt
    @login_not_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        scheme, _sep, token = header.partition(" ")
        client = (
            services.provisioning_client_for(token.strip()) if scheme.lower() == "bearer" else None
        )
        if client is None:
            response = ScimError(
                401, _("A provisioning client's bearer token is needed.")
            ).response()
            response["WWW-Authenticate"] = 'Bearer realm="scim"'
            return response
        request.scim_client = client
        request.scim_base = request.build_absolute_uri("/scim/v2").rstrip("/")
        try:
            return view(request, *args, **kwargs)
        except ScimError as error:
            return error.response()
        except services.Refusal as refusal:
            return ScimError(refusal.status, refusal.message, refusal.kind).response()
        except SCIMException as error:
            return ScimError(error.status, str(error.detail or error), error.scim_type).response()
        except PydanticError as error:
            return ScimError(400, _describe(error), _scim_type(error)).response()
        except ValidationError as error:
            return ScimError(400, " ".join(error.messages), "invalidValue").response()
        except IntegrityError:
            return ScimError(
                409, _("This conflicts with another account."), "uniqueness"
            ).response()

    return wrapped


def _describe(error: PydanticError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    return f"{where}: {first.get('msg', '')}".strip(": ")


def _scim_type(error: PydanticError) -> str:
    """The scimType scim2-models gave the first failure (invalidPath for a PATCH path that names
    no attribute, mutability, noTarget…), else invalidSyntax for an unknown attribute."""
    for item in error.errors():
        if scim_type := (item.get("ctx") or {}).get("scim_type"):
            return scim_type
    kinds = {item.get("type") for item in error.errors()}
    return "invalidSyntax" if "extra_forbidden" in kinds else "invalidValue"


def _body(request) -> dict:
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        raise ScimError(400, _("The body is not JSON."), "invalidSyntax") from error
    if not isinstance(data, dict):
        raise ScimError(400, _("The body must be a JSON object."), "invalidSyntax")
    return data


def _listing(request) -> tuple[int, int, list | None, list | None]:
    def number(name, default):
        raw = request.GET.get(name, "")
        try:
            return int(raw) if raw != "" else default
        except ValueError as error:
            raise ScimError(400, _("%s must be a whole number.") % name, "invalidValue") from error

    start = max(number("startIndex", 1), 1)
    count = min(max(number("count", DEFAULT_COUNT), 0), schema.MAX_RESULTS)
    return (
        start,
        count,
        _names(request.GET.get("attributes")),
        _names(request.GET.get("excludedAttributes")),
    )


def _names(raw: str | None) -> list | None:
    names = [name.strip() for name in (raw or "").split(",") if name.strip()]
    return names or None


def _check_version(request, current: str) -> None:
    wanted = request.headers.get("If-Match")
    if wanted and wanted.strip() != "*" and current not in [v.strip() for v in wanted.split(",")]:
        raise ScimError(412, _("The resource changed since it was read (If-Match)."))


# ------------------------------------------------------------------ discovery


def read_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "GET":
            raise ScimError(405, _("This endpoint is read-only."))
        return view(request, *args, **kwargs)

    return wrapped


@scim_view
def not_found(request, rest: str = ""):
    raise ScimError(404, _("There is nothing at this address."))


@scim_view
def bulk(request):
    """ServiceProviderConfig says bulk is not supported; RFC 7644 section 3.12 answers 501."""
    raise ScimError(501, _("Bulk operations are not supported: send each request on its own."))


@scim_view
@read_only
def service_provider_config(request):
    return _json(dump(schema.service_provider_config(request.scim_base)))


def _list(resources: list[dict], total: int, start: int = 1) -> dict:
    return {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }


@scim_view
@read_only
def resource_types(request, name: str | None = None):
    found = {rt.id: dump(rt) for rt in schema.resource_types(request.scim_base)}
    if name is None:
        return _json(_list(list(found.values()), len(found)))
    if name not in found:
        raise ScimError(404, _("No such resource type."))
    return _json(found[name])


@scim_view
@read_only
def schemas(request, urn: str | None = None):
    found = {s.id: dump(s) for s in schema.schemas(request.scim_base)}
    if urn is None:
        return _json(_list(list(found.values()), len(found)))
    if urn not in found:
        raise ScimError(404, _("No such schema."))
    return _json(found[urn])


# ------------------------------------------------------------------ users


def _user_page(request, filter_text, start, count, attributes, excluded):
    rows = accounts()
    if filter_text:
        rows = rows.filter(filter_q(filter_text))
    total = rows.count()
    page = list(rows[start - 1 : start - 1 + count]) if count else []
    managers = chart_managers(page)
    resources = []
    for user in page:
        body = user_body(user, request.scim_base, managers)
        body["meta"]["version"] = etag(body)
        if attributes or excluded:
            body = _select(body, attributes, excluded)
        resources.append(body)
    return _json(_list(resources, total, start))


def _select(body: dict, attributes, excluded) -> dict:
    """attributes / excludedAttributes (RFC 7644 §3.4.2.5); id and schemas always stay."""
    resource = ScimUser.model_validate(body, scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    version = body["meta"]["version"]
    selected = dump(resource, attributes, excluded)
    if "meta" in selected:
        selected["meta"]["version"] = version
    return selected


@scim_view
def users(request):
    if request.method == "POST":
        return _user_create(request)
    start, count, attributes, excluded = _listing(request)
    return _user_page(request, request.GET.get("filter"), start, count, attributes, excluded)


@scim_view
def users_search(request):
    if request.method != "POST":
        raise ScimError(405, _("Search with POST."))
    search = SearchRequest.model_validate(_body(request), scim_ctx=Context.SEARCH_REQUEST)
    start = max(search.start_index or 1, 1)
    count = min(
        max(search.count if search.count is not None else DEFAULT_COUNT, 0), schema.MAX_RESULTS
    )
    return _user_page(
        request,
        str(search.filter) if search.filter else None,
        start,
        count,
        [str(a) for a in search.attributes] if search.attributes else None,
        [str(a) for a in search.excluded_attributes] if search.excluded_attributes else None,
    )


def _normalise_manager(value, base: str):
    """Entra ID sends the manager as a bare id string, and often without $ref."""
    if isinstance(value, str | int):
        value = {"value": str(value)}
    if isinstance(value, dict) and value.get("value") and not value.get("$ref"):
        value = {**value, "$ref": f"{base}/Users/{value['value']}"}
    return value


def _normalise_user(data: dict, base: str) -> dict:
    extension = data.get(schema.ENTERPRISE_SCHEMA)
    if isinstance(extension, dict) and "manager" in extension:
        extension["manager"] = _normalise_manager(extension["manager"], base)
    for key in list(data):  # "urn:…:User:manager": {...} flattened
        if key.lower() == f"{schema.ENTERPRISE_SCHEMA}:manager".lower():
            data[key] = _normalise_manager(data[key], base)
    return data


def _user_create(request):
    data = _normalise_user(_body(request), request.scim_base)
    resource = ScimUser.model_validate(data, scim_ctx=Context.RESOURCE_CREATION_REQUEST)
    if not resource.user_name:
        raise ScimError(400, _("userName is required."), "invalidValue")
    user = services.account_write(data=account_data(resource), client=request.scim_client)
    body, version = body_of(user, request.scim_base)
    return _json(body, 201, version, body["meta"]["location"])


def _account(pk: str):
    user = Account.objects.filter(pk=int(pk)).first() if pk.isdigit() else None
    if user is None or ScimAccount.objects.filter(user=user, removed_at__isnull=False).exists():
        raise ScimError(404, _("No such user."))
    return user


@scim_view
def user(request, pk: str):
    account = _account(pk)
    body, version = body_of(account, request.scim_base)
    if request.method == "GET":
        if request.headers.get("If-None-Match") == version:
            return HttpResponse(status=304)
        attributes, excluded = (
            _names(request.GET.get("attributes")),
            _names(request.GET.get("excludedAttributes")),
        )
        if attributes or excluded:
            body = _select(body, attributes, excluded)
        return _json(body, version=version)
    _check_version(request, version)
    if request.method == "DELETE":
        services.account_delete(user=account, client=request.scim_client)
        return HttpResponse(status=204)
    if request.method == "PUT":
        data = _normalise_user(_body(request), request.scim_base)
        resource = ScimUser.model_validate(data, scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)
        if not resource.user_name:
            raise ScimError(400, _("userName is required."), "invalidValue")
    elif request.method == "PATCH":
        resource = _patched_user(request, body)
    else:
        raise ScimError(405, _("This method is not allowed here."))
    services.account_write(data=account_data(resource), user=account, client=request.scim_client)
    body, version = body_of(account, request.scim_base)
    return _json(body, version=version)


def _patched_user(request, body: dict):
    data = _body(request)
    if isinstance(data.get("Operations"), list):
        data["Operations"] = quirks.user_operations(data["Operations"])
    for operation in data.get("Operations") or []:
        if not isinstance(operation, dict):
            continue
        path = str(operation.get("path") or "")
        if path.lower().endswith("manager"):
            operation["value"] = _normalise_manager(operation.get("value"), request.scim_base)
        elif not path and isinstance(operation.get("value"), dict):
            _normalise_user(operation["value"], request.scim_base)
    patch = PatchOp[ScimUser].model_validate(data, scim_ctx=Context.RESOURCE_PATCH_REQUEST)
    resource = ScimUser.model_validate(body, scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    patch.patch(resource)
    return resource


# ------------------------------------------------------------------ groups


def _app_groups():
    return (
        AuthGroup.objects.filter(name__in=services.APP_GROUPS).select_related("scim").order_by("pk")
    )


def _group_body(group, base: str, members: bool = True) -> dict:
    """The Group resource. Members carry value, $ref and type, the sub-attributes RFC 7643
    section 8.7.1 gives Group.members: no `display` (a client's display is not kept)."""
    link = getattr(group, "scim", None)  # None until a provider gave it an externalId
    resource = Group(id=str(group.pk), display_name=group.name)
    resource.external_id = (link.external_id if link else "") or None
    if members:
        resource.members = [
            GroupMember(value=str(pk), ref=f"{base}/Users/{pk}", type="User")
            for pk in group.user_set.order_by("pk").values_list("pk", flat=True)
        ] or None
    resource.meta = Meta(resource_type="Group", location=f"{base}/Groups/{group.pk}")
    body = dump(resource)
    body["meta"]["version"] = etag(body)
    return body


@scim_view
def groups(request):
    if request.method == "POST":
        raise ScimError(403, _("The app has its four groups; new ones are not made here."))
    start, count, attributes, excluded = _listing(request)
    rows = _app_groups()
    text = request.GET.get("filter")
    if text:
        rows = rows.filter(_group_filter(text))
    with_members = "members" not in (excluded or []) and (not attributes or "members" in attributes)
    page = list(rows[start - 1 : start - 1 + count])
    found = [_group_body(group, request.scim_base, with_members) for group in page]
    return _json(_list(found, rows.count(), start))


def _group_filter(text: str) -> Q:
    try:
        tree = ScimFilter(text).ast
    except Exception as error:  # the grammar's errors are of several kinds
        raise ScimError(400, _("The filter cannot be read."), "invalidFilter") from error
    if isinstance(tree, Comparison) and tree.op == CompareOperator.eq:
        key = str(tree.attr_path).lower()
        if key == "displayname":
            return Q(name__iexact=tree.value)
        if key == "id":
            return Q(pk=int(tree.value)) if str(tree.value).isdigit() else Q(pk__in=[])
    raise ScimError(400, _("Groups filter by displayName eq or id eq."), "invalidFilter")


@scim_view
def group(request, pk: str):
    found = _app_groups().filter(pk=int(pk)).first() if pk.isdigit() else None
    if found is None:
        raise ScimError(404, _("No such group."))
    body = _group_body(found, request.scim_base)
    if request.method == "GET":
        return _json(body, version=body["meta"]["version"])
    if request.method == "DELETE":
        raise ScimError(403, _("The app's groups cannot be deleted."))
    _check_version(request, body["meta"]["version"])
    if request.method == "PUT":
        # displayName is readOnly (the app's four names): a replacement may leave it out, and
        # what it sends is ignored (RFC 7644 section 3.5.1).
        data = _body(request)
        data["displayName"] = found.name
        resource = Group.model_validate(data, scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)
    elif request.method == "PATCH":
        data = _body(request)
        if isinstance(data.get("Operations"), list):
            data["Operations"] = quirks.group_operations(data["Operations"])
        patch = PatchOp[Group].model_validate(data, scim_ctx=Context.RESOURCE_PATCH_REQUEST)
        resource = Group.model_validate(body, scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
        patch.patch(resource)
    else:
        raise ScimError(405, _("This method is not allowed here."))
    ids = {int(m.value) for m in resource.members or [] if m.value and str(m.value).isdigit()}
    if any(not str(m.value or "").isdigit() for m in resource.members or []):
        raise ScimError(400, _("A member is not an account here."), "invalidValue")
    with transaction.atomic():
        services.group_write(
            group=found, user_ids=ids, external_id=(resource.external_id or "").strip()
        )
    found = _app_groups().get(pk=found.pk)
    body = _group_body(found, request.scim_base)
    return _json(body, version=body["meta"]["version"])
