"""The demo's invented pay data (demo/pay.py): legal entities per country with their sites."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from pay.models import EntitySite, LegalEntity
from pay.report import pay_report
from people.models import Site

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_gmbh_for_the_german_sites_and_a_sp_z_oo_for_the_polish(settings):
    settings.PAY_REPORT_MIN_GROUP = 1
    day = datetime.date(2026, 11, 1)
    call_command("load_demo", people=120, seed=7, as_of=day, no_accounts=True, stdout=StringIO())

    sites = dict(EntitySite.objects.values_list("site__code", "entity__name"))
    gmbh = LegalEntity.objects.get(name="Callcenter Deutschland GmbH")

    assert len(sites) == Site.objects.count()  # every site is in one entity
    german = set(Site.objects.filter(country="DE").values_list("code", flat=True))
    assert {code for code, name in sites.items() if name == gmbh.name} == german
    assert LegalEntity.objects.get(country="PL").name == "Callcenter Polska sp. z o.o."
    whole, of_gmbh = pay_report(year=2026), pay_report(year=2026, entity_id=gmbh.pk)
    assert 0 < of_gmbh.women + of_gmbh.men < whole.women + whole.men
