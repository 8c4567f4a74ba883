"""The WFM tool's agent hours per day and week, beside ours (issue 18): summed from the days'
packed `wfm_agents` for forecasts stored before."""

from collections import defaultdict
from datetime import timedelta

import numpy as np
from django.db import migrations, models


def sum_wfm_hours(apps, schema_editor):
    ForecastDay = apps.get_model("staffing", "ForecastDay")
    ForecastWeek = apps.get_model("staffing", "ForecastWeek")
    weeks = defaultdict(float)
    days = ForecastDay.objects.exclude(wfm_agents=None).select_related("forecast")
    for day in days.iterator():
        agents = np.frombuffer(bytes(day.wfm_agents), dtype=np.float32)
        day.wfm_agent_hours = float(agents.sum()) * day.forecast.interval_minutes / 60
        day.save(update_fields=["wfm_agent_hours"])
        monday = day.day - timedelta(days=day.day.weekday())
        weeks[(day.forecast_id, day.site_id, day.queue_id, monday)] += day.wfm_agent_hours
    for (forecast, site, queue, week), hours in weeks.items():
        ForecastWeek.objects.filter(forecast=forecast, site=site, queue=queue, week=week).update(
            wfm_agent_hours=hours
        )


class Migration(migrations.Migration):
    dependencies = [("staffing", "0001_forecasts_queues_parameters")]

    operations = [
        migrations.AddField(
            model_name="forecastday",
            name="wfm_agent_hours",
            field=models.FloatField(null=True),
        ),
        migrations.AddField(
            model_name="forecastweek",
            name="wfm_agent_hours",
            field=models.FloatField(null=True),
        ),
        migrations.RunPython(sum_wfm_hours, migrations.RunPython.noop),
    ]
