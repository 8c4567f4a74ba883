"""The Art. 9 figures against an org computed by hand (docs/pay-transparency.md).

Women (basic + variable an hour): 8+2, 12+0, 10+4 → 10, 12, 14.
Men: 12+0, 9+5, 16+0, 8+10, 37+3 → 12, 14, 16, 18, 40.
Category 1: the first two women and the first two men; category 2: the rest.
"""

from decimal import Decimal

import pytest

from pay.report import Worker, from_workers, pay_report
from tests.pay.factories import paid
from tests.people.factories import PersonFactory, SiteFactory

D = Decimal
WOMEN = [(8, 2, 1), (12, 0, 1), (10, 4, 2)]
MEN = [(12, 0, 1), (9, 5, 1), (16, 0, 2), (8, 10, 2), (37, 3, 2)]


def workers() -> list[Worker]:
    return (
        [Worker("female", D(b), D(v), c) for b, v, c in WOMEN]
        + [Worker("male", D(b), D(v), c) for b, v, c in MEN]
        + [Worker("", D(99), D(0), 1), Worker("other", D(50), D(1), 2)]
    )


@pytest.fixture
def report(settings):
    settings.PAY_REPORT_MIN_GROUP = 2
    return from_workers(workers(), year=2026, currency="EUR")


def test_the_mean_gap_is_the_difference_of_mean_hourly_pay_in_per_cent_of_mens(report):
    # men 20, women 12: (20 - 12) / 20
    assert report.mean.value == D("40.0")
    assert (report.women, report.men, report.others) == (3, 5, 2)


def test_the_median_gap_compares_the_middle_worker_of_each_sex(report):
    # men 16, women 12: (16 - 12) / 16
    assert report.median.value == D("25.0")


def test_the_variable_gaps_compare_those_who_received_variable_pay(report):
    # receiving: women 2 and 4 (mean 3, median 3); men 5, 10 and 3 (mean 6, median 5)
    assert report.variable_mean.value == D("50.0")
    assert report.variable_median.value == D("40.0")
    assert (report.variable_mean.women, report.variable_mean.men) == (2, 3)


def test_the_share_receiving_variable_pay_is_per_sex(report):
    assert report.variable_women_pct == D("66.7")
    assert report.variable_men_pct == D("60.0")


def test_quartile_edges_keep_equal_pay_together_in_the_lower_quartile(report):
    # 10 12 12 | 14 14 | 16 | 18 40: the edge of the first quartile is the 2nd pay (12), and the
    # man paid 12 like the woman at the edge stays with her
    rows = [(q.women, q.men, q.high) for q in report.quartiles]
    assert rows == [(2, 1, D(12)), (1, 1, D(14)), (0, 1, D(16)), (0, 2, D(40))]
    assert [q.women_pct for q in report.quartiles] == [D("66.7"), D("50.0"), D("0.0"), D("0.0")]
    assert [q.suppressed for q in report.quartiles] == [False, False, True, False]


def test_the_gap_per_category_is_split_into_basic_and_variable_pay(report):
    first, _second = report.categories
    # women 10 and 12, men 12 and 14: (13 - 11) / 13
    assert first.total.value == D("15.4")
    assert first.basic.value == D("4.8")  # 10.5 against 10
    assert first.variable.value == D("60.0")  # 2.5 against 1
    assert first.flagged and not first.total.suppressed


def test_a_category_with_fewer_women_than_the_threshold_is_too_few_to_report(report):
    second = report.categories[1]
    assert (second.total.women, second.total.men) == (1, 3)
    assert second.total.suppressed


def test_the_default_threshold_of_five_withholds_a_comparison_of_three_women(settings):
    settings.PAY_REPORT_MIN_GROUP = 5
    report = from_workers(workers(), year=2026, currency="EUR")
    assert report.mean.suppressed and report.mean.value == D("40.0")
    assert report.variable_share_suppressed


def test_a_gap_under_five_per_cent_is_not_flagged(settings):
    settings.PAY_REPORT_MIN_GROUP = 1
    same = [Worker("female", D("19.1"), D(0), 1), Worker("male", D(20), D(0), 1)]
    report = from_workers(same, year=2026, currency="EUR")
    assert report.categories[0].total.value == D("4.5")
    assert report.flagged == []


@pytest.mark.django_db
def test_part_time_pay_is_compared_per_hour(settings):
    settings.PAY_REPORT_MIN_GROUP = 1
    # half the hours, half the pay: 20 an hour each; and a full-timer on 41,600 + 4,160 bonus
    paid(PersonFactory(), "female", basic=D(20800), weekly_hours=D(20))
    paid(PersonFactory(), "male", basic=D(41600), weekly_hours=D(40))
    assert pay_report(year=2026).mean.value == D("0.0")
    paid(PersonFactory(), "male", basic=D(41600), bonus=D(4160), weekly_hours=D(40))
    report = pay_report(year=2026)
    # men: 20 and 22 an hour (mean 21); the woman 20
    assert report.mean.value == D("4.8")
    assert report.variable_men_pct == D("50.0")


@pytest.mark.django_db
def test_a_report_is_per_site_and_in_one_currency(settings):
    settings.PAY_REPORT_MIN_GROUP = 1
    berlin, warsaw = SiteFactory(), SiteFactory(code="WAW", name="Warsaw", country="PL")
    paid(PersonFactory(site=berlin), "female", basic=D(41600))
    paid(PersonFactory(site=berlin), "male", basic=D(41600))
    paid(PersonFactory(site=warsaw), "female", basic=D(83200), currency="PLN")
    paid(PersonFactory(site=warsaw), "male", basic=D(104000), currency="PLN")
    paid(PersonFactory(site=warsaw), "male", basic=D(104000), year=2025, currency="PLN")
    assert pay_report(year=2026, site_id=warsaw.pk).mean.value == D("20.0")
    assert pay_report(year=2026, site_id=berlin.pk).mean.value == D("0.0")
    whole = pay_report(year=2026, currency="EUR")
    assert (whole.women, whole.men, whole.left_out) == (1, 1, 2)
    assert whole.currencies == ["EUR", "PLN"]


@pytest.mark.django_db
def test_workers_count_where_they_worked_in_the_reference_year(settings, django_assert_num_queries):
    """A report of 2026 made later: a leaver of 2026 and a mover of 2027 count in the category
    and site of the seat they held in 2026, not where the org has them now."""
    from people import services
    from tests.pay.factories import CategoryFactory, evaluate
    from tests.people.factories import seat
    from tests.roles.factories import RoleFactory

    settings.PAY_REPORT_MIN_GROUP = 1
    berlin, warsaw = SiteFactory(), SiteFactory(code="WAW", name="Warsaw", country="PL")
    agents, leads = CategoryFactory(name="Agents"), CategoryFactory(name="Leads")
    agent, lead = RoleFactory(), RoleFactory()
    evaluate(agent, agents)
    evaluate(lead, leads, points=(40, 40, 40, 40))
    top = seat(role=lead)
    services.position_update(position=top, site=berlin)
    stays, leaves, moves = (PersonFactory(site=berlin) for _ in range(3))
    for person in (stays, leaves, moves):
        spot = seat(role=agent, manager=top, holder=person, started_on=_day(2024, 1, 1))
        services.position_update(position=spot, site=berlin)
    services.person_exit(person=leaves, left_on=_day(2026, 6, 30))
    later = seat(role=lead, manager=top)
    services.position_update(position=later, site=warsaw)
    services.person_move(person=moves, to_position=later, on=_day(2027, 2, 1), note="promoted")
    for person, sex in ((stays, "female"), (leaves, "female"), (moves, "male")):
        paid(person, sex)

    report = pay_report(year=2026, site_id=berlin.pk)

    assert (report.women, report.men) == (2, 1)  # the leaver and the mover still count here
    assert [(c.category.name, c.total.women, c.total.men) for c in report.categories] == [
        ("Agents", 2, 1)
    ]
    assert pay_report(year=2026, site_id=warsaw.pk).men == 0
    with django_assert_num_queries(2):  # the records with their seat of the year, the categories
        pay_report(year=2026)


def _day(year: int, month: int, day: int):
    import datetime

    return datetime.date(year, month, day)


@pytest.mark.django_db
def test_a_seat_counts_with_the_role_it_had_in_the_reference_year(settings):
    """A seat made a lead's seat in 2026: its holder counts as an agent in the report of 2025,
    from the seat's history, and as a lead in 2026's."""
    from people import services
    from people.models import Position
    from tests.pay.factories import CategoryFactory, evaluate
    from tests.people.factories import seat
    from tests.roles.factories import RoleFactory

    settings.PAY_REPORT_MIN_GROUP = 1
    agent, lead = RoleFactory(), RoleFactory()
    evaluate(agent, CategoryFactory(name="Agents"))
    evaluate(lead, CategoryFactory(name="Leads"), points=(40, 40, 40, 40))
    top = seat(role=lead)
    her, him = PersonFactory(), PersonFactory()
    spot = seat(role=agent, manager=top, holder=her, started_on=_day(2024, 1, 1))
    seat(role=agent, manager=top, holder=him, started_on=_day(2024, 1, 1))
    Position.history.update(history_date=_moment(2024, 1, 1))  # the seats as made in 2024
    services.position_update(position=spot, role=lead)  # today, in 2026
    for person, sex in ((her, "female"), (him, "male")):
        paid(person, sex, year=2025)
        paid(person, sex, year=2026)

    def placed(year: int) -> list:
        report = pay_report(year=year)
        return [(c.category.name, c.total.women, c.total.men) for c in report.categories]

    assert placed(2025) == [("Agents", 1, 1)]
    assert placed(2026) == [("Agents", 0, 1), ("Leads", 1, 0)]


@pytest.mark.django_db
def test_a_report_of_a_legal_entity_counts_the_workers_of_its_sites_only(
    settings, django_assert_num_queries
):
    from pay.models import EntitySite, LegalEntity

    settings.PAY_REPORT_MIN_GROUP = 1
    berlin, munich = SiteFactory(code="BER", name="Berlin"), SiteFactory(code="MUC", name="Munich")
    warsaw = SiteFactory(code="WAW", name="Warsaw", country="PL")
    gmbh = LegalEntity.objects.create(name="Callcenter GmbH", country="DE")
    spzoo = LegalEntity.objects.create(name="Callcenter sp. z o.o.", country="PL")
    for site, entity in ((berlin, gmbh), (munich, gmbh), (warsaw, spzoo)):
        EntitySite.objects.create(site=site, entity=entity)
    paid(PersonFactory(site=berlin), "female", basic=D(41600))
    paid(PersonFactory(site=munich), "male", basic=D(52000))
    paid(PersonFactory(site=warsaw), "male", basic=D(41600))

    with django_assert_num_queries(3):  # the entity's sites, the records, the categories
        german = pay_report(year=2026, entity_id=gmbh.pk)

    assert (german.women, german.men, german.entity_id) == (1, 1, gmbh.pk)
    assert german.mean.value == D("20.0")  # 20 against 25 an hour
    assert (pay_report(year=2026, entity_id=spzoo.pk).men, pay_report(year=2026).men) == (1, 2)
    assert pay_report(year=2026, entity_id=gmbh.pk, site_id=warsaw.pk).men == 0


def _moment(year: int, month: int, day: int):
    import datetime

    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)
