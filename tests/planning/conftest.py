"""The planning tests' org (the shared small org), its day ahead and a way to plan by kind."""

import datetime

import pytest

from planning import services


@pytest.fixture
def ahead(org) -> datetime.date:
    """A day the changes are planned for: ten days from today."""
    return org["today"] + datetime.timedelta(days=10)


@pytest.fixture
def plan(hr_user, ahead):
    """plan(kind, **columns) plans a change as HR, for `ahead` unless effective_on is given."""

    def make(kind: str, **columns):
        columns.setdefault("effective_on", ahead)
        return services.change_plan(planned_by=hr_user, kind=kind, **columns)

    return make
