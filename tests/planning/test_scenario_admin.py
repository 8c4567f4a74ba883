"""The scenario admin (HR, drafts read-only) and the planned change admin showing only the org's
own changes, not a scenario's drafts (issue 17)."""

import pytest

from planning.models import Kind
from planning.scenarios import scenario_create, scenario_edit

pytestmark = pytest.mark.django_db


def test_hr_reads_a_scenario_with_its_drafts_and_the_change_list_leaves_them_out(
    client, org, hr_user, users, ahead
):
    scenario = scenario_create(created_by=hr_user, name="Reorg", effective_on=ahead)
    (draft,) = scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.CLOSE_SEAT, "position": org["vacancy"]}],
    )
    client.force_login(hr_user)

    page = client.get(f"/admin/planning/scenario/{scenario.pk}/change/")
    assert page.status_code == 200
    assert "Closed seat" in page.content.decode() or "closed" in page.content.decode().lower()
    listing = client.get("/admin/planning/plannedchange/")
    assert listing.status_code == 200
    assert f"/admin/planning/plannedchange/{draft.pk}/change/" not in listing.content.decode()

    client.force_login(users["manager"])
    assert client.get(f"/admin/planning/scenario/{scenario.pk}/change/").status_code in (302, 403)
