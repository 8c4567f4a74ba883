import datetime

import numpy as np
import pytest
from django.core.management import call_command

from demo.staffing import THEIR_TARGET
from staffing.erlang import agents_needed_many
from staffing.models import ForecastDay, unpack

pytestmark = pytest.mark.django_db


def test_the_demo_forecast_gives_every_interval_the_agents_the_wfm_target_needs():
    call_command(
        "load_demo", people=300, seed=7, as_of=datetime.date(2026, 11, 1), no_accounts=True
    )
    days = list(ForecastDay.objects.all())
    assert len(days) > 100
    for day in days[:: len(days) // 40]:  # a day of each queue and site, computed alone
        offered, aht, acw = unpack(day.offered), unpack(day.aht), unpack(day.acw)
        handle = (aht + acw).astype(float)
        alone = agents_needed_many(offered.astype(float) * handle / 1800, handle, THEIR_TARGET)
        assert np.array_equal(unpack(day.wfm_agents), alone.astype(np.float32))
        assert unpack(day.wfm_agents).max() > 0 or offered.max() == 0
