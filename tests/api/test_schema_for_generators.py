"""The OpenAPI schema is one a client generator can use: valid, JSON bodies, every error status
declared with its body, and PATCH bodies without defaults (a generated client sends every
property that has one)."""

import datetime
from urllib.parse import urlencode

import pytest
from openapi_spec_validator.validation import OpenAPIV30SpecValidator

from integrations.models import WebhookSubscription
from planning.scenarios import scenario_create
from staffing.models import SiteStaffing
from tests.ladder.factories import PromotionPathFactory
from tests.roles.factories import SkillFactory

V1 = "/api/v1"


@pytest.fixture
def schema(anon) -> dict:
    return anon.get("/api/schema/?format=json").json()


def operations(schema: dict):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_the_spec_validator_finds_no_error(schema):
    assert [e.message for e in OpenAPIV30SpecValidator(schema).iter_errors()] == []


def test_request_bodies_are_json_only_but_the_file_uploads_of_the_imports(schema):
    bodies = {
        (path, method): sorted(operation["requestBody"]["content"])
        for path, method, operation in operations(schema)
        if "requestBody" in operation
    }
    uploads = [
        ("/api/v1/imports/", "post"),
        ("/api/v1/pay/imports/", "post"),
        ("/api/v1/staffing/forecasts/", "post"),
    ]
    for upload in uploads:
        assert bodies.pop(upload) == ["application/json", "multipart/form-data"]
    assert {tuple(types) for types in bodies.values()} == {("application/json",)}


@pytest.mark.parametrize("form", ["multipart", "urlencoded"])
def test_the_api_still_reads_the_form_posts_of_the_browsable_api(as_user, org, form):
    from people.models import Position

    body = {"role": org["roles"]["agent"].pk, "manager": org["team"].pk}
    hr = as_user("hr")
    if form == "multipart":
        answer = hr.post(f"{V1}/positions/", body, format="multipart")
    else:
        urlencoded = "application/x-www-form-urlencoded"
        answer = hr.post(f"{V1}/positions/", urlencode(body), content_type=urlencoded)

    assert answer.status_code == 201, answer.json()
    assert Position.objects.get(pk=answer.json()["id"]).manager == org["team"]


def expected_errors(path: str, method: str) -> set[str]:
    if path.endswith("/auth/token/"):  # no sign-in needed; throttled hard
        return {"400", "406", "413", "415", "429"}
    writes = {"409", "413", "415"} if method in ("post", "put", "patch") else set()
    return (
        {"400", "401", "403", "404", "406", "429"}
        | writes
        | ({"409"} if method == "delete" else set())
    )


def test_every_operation_declares_its_error_statuses_with_their_bodies(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        for code in expected_errors(path, method):
            body = responses[code]["content"]["application/problem+json"]["schema"]["$ref"]
            assert body.endswith("/ValidationProblem" if code == "400" else "/Problem"), (
                path,
                code,
            )
        assert "Retry-After" in responses["429"]["headers"], (path, method)


def test_patched_bodies_have_no_defaults(schema):
    patched = {n: c for n, c in schema["components"]["schemas"].items() if n.startswith("Patched")}
    assert set(patched) == {
        "PatchedPathInRequest",
        "PatchedPersonInRequest",
        "PatchedPositionInRequest",
        "PatchedRoleInRequest",
        "PatchedScenarioPatchRequest",
        "PatchedSiteInRequest",
        "PatchedSiteStaffingInRequest",
        "PatchedSkillInRequest",
        "PatchedWebhookInRequest",
    }
    for name, component in patched.items():
        assert "default" not in str(component), name


def test_output_choices_are_enums(schema):
    components = schema["components"]["schemas"]
    assert components["RoleOut"]["properties"]["track"] == {
        "$ref": "#/components/schemas/TrackEnum"
    }
    assert components["SkillOut"]["properties"]["category"]["$ref"].endswith("CategoryEnum")
    assert components["PathOut"]["properties"]["kind"]["$ref"].endswith("KindEnum")
    for band in ("BandOut", "BandFitOut"):
        assert components[band]["properties"]["period"]["$ref"].endswith("PeriodEnum")


# The one field each PATCH operation changes; a new PATCH operation needs an entry here.
ONE_FIELD = {
    "/api/v1/roles/{id}/": ("title", "Senior Agent"),
    "/api/v1/skills/{id}/": ("name", "Calm under pressure"),
    "/api/v1/people/{id}/": ("employee_id", "E-PATCHED"),
    "/api/v1/promotion-paths/{id}/": ("kind", "lateral"),
    "/api/v1/webhooks/{id}/": ("description", "Payroll"),
    "/api/v1/positions/{id}/": ("is_assistant", True),
    "/api/v1/sites/{id}/": ("name", "Gdańsk Oliwa"),
    "/api/v1/staffing/sites/{id}/": ("team_leader_span", 18),
    "/api/v1/scenarios/{id}/": ("name", "Spring reorg"),
}


def _defaults(schema: dict, operation: dict) -> dict:
    """What a generated client sends besides the field set: every property with a default."""
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return {
        name: prop["default"] for name, prop in component["properties"].items() if "default" in prop
    }


@pytest.fixture
def records(org, users) -> dict:
    agent = org["roles"]["agent"]
    agent.summary, agent.education, agent.min_experience_months = "Answers calls", "Abitur", 6
    agent.save()
    skill = SkillFactory(category="technical", description="Speaks Polish")
    path = PromotionPathFactory(
        from_role=agent, to_role=org["roles"]["lead"], kind="up", min_months=12
    )
    vacancy = org["vacancy"]
    vacancy.site, vacancy.external_id = org["site"], "HR-POS-9"
    vacancy.save()
    return {
        "/api/v1/positions/{id}/": vacancy.pk,
        "/api/v1/sites/{id}/": org["site"].pk,
        "/api/v1/roles/{id}/": agent.pk,
        "/api/v1/skills/{id}/": skill.pk,
        "/api/v1/people/{id}/": org["agents"][0].holder.pk,
        "/api/v1/promotion-paths/{id}/": path.pk,
        "/api/v1/staffing/sites/{id}/": SiteStaffing.objects.create(site=org["site"]).pk,
        "/api/v1/scenarios/{id}/": scenario_create(
            created_by=users["hradmin"],
            name="Reorg",
            effective_on=datetime.date.today() + datetime.timedelta(days=10),
        ).pk,
        "/api/v1/webhooks/{id}/": WebhookSubscription.objects.create(
            url="https://hris.example.com/hooks", event_types=["person.*"], description="HRIS"
        ).pk,
    }


def test_a_patch_of_one_field_changes_nothing_else_for_every_patch_operation(
    schema, records, as_user
):
    adam = as_user("hradmin")
    patches = {path: op for path, method, op in operations(schema) if method == "patch"}
    assert set(patches) == set(ONE_FIELD)
    for path, operation in patches.items():
        url = path.replace("{id}", str(records[path]))
        field, value = ONE_FIELD[path]
        before = adam.get(url).json()

        body = {**_defaults(schema, operation), field: value}
        answer = adam.patch(url, body, format="json")

        assert answer.status_code == 200, (path, answer.json())
        after = adam.get(url).json()
        assert after[field] == value
        assert {k: v for k, v in after.items() if k != field} == {
            k: v for k, v in before.items() if k != field
        }, path
