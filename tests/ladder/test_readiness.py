import datetime
from decimal import Decimal

import pytest

from ladder.readiness import career_options, months_between, ready_for_role
from people.models import PersonSkill
from tests.ladder.factories import (
    CriterionFactory,
    MeasurementFactory,
    PathSkillFactory,
    PromotionPathFactory,
)
from tests.people.factories import PersonFactory, SiteFactory, seat
from tests.roles.factories import RoleFactory, SalaryBandFactory, SkillFactory

pytestmark = pytest.mark.django_db
STARTED = datetime.date(2025, 1, 15)


@pytest.fixture
def ladder():
    """Team Leader > Consultant; the path Consultant → Senior Consultant asks 6 months,
    communication 3, empathy 4 and a QA score of 95 %."""
    lead = RoleFactory(title="Team Leader")
    consultant = RoleFactory(title="Consultant", parent=lead)
    senior = RoleFactory(title="Senior Consultant", parent=lead)
    path = PromotionPathFactory(from_role=consultant, to_role=senior, min_months=6)
    communication, empathy = SkillFactory(slug="communication"), SkillFactory(slug="empathy")
    PathSkillFactory(path=path, skill=communication, level=3)
    PathSkillFactory(path=path, skill=empathy, level=4)
    CriterionFactory(path=path, metric="qa_score", threshold=95)
    SalaryBandFactory(
        role=senior,
        currency="EUR",
        minimum=30000,
        midpoint=35000,
        maximum=40000,
        effective_from=datetime.date(2024, 1, 1),
        location="Germany",
    )
    team = seat(role=lead)
    return {
        "consultant": consultant,
        "senior": senior,
        "team": team,
        "communication": communication,
        "empathy": empathy,
    }


def consultant(ladder, *, communication=3, empathy=4, qa="96", salary=Decimal("36000")):
    person = PersonFactory(salary=salary, salary_currency="EUR", hire_date=STARTED)
    seat(role=ladder["consultant"], manager=ladder["team"], holder=person, started_on=STARTED)
    for skill, level in ((ladder["communication"], communication), (ladder["empathy"], empathy)):
        if level:
            PersonSkill.objects.create(person=person, skill=skill, level=level)
    if qa is not None:
        MeasurementFactory(person=person, value=Decimal(qa), measured_on=STARTED)
    return person


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ((2025, 1, 15), (2025, 7, 14), 5),
        ((2025, 1, 15), (2025, 7, 15), 6),
        ((2025, 1, 31), (2025, 2, 28), 0),
        ((2025, 3, 1), (2025, 1, 1), 0),
    ],
)
def test_months_are_counted_in_whole_months(start, end, months):
    assert months_between(datetime.date(*start), datetime.date(*end)) == months


def test_just_under_the_tenure_is_nearly_ready_with_the_months_to_go(ladder):
    person = consultant(ladder)
    [option] = career_options(person, on=datetime.date(2025, 7, 14))
    assert (option.months_in_role, option.months_to_go, option.tenure_met) == (5, 1, False)
    assert option.verdict == "nearly"


def test_just_over_the_tenure_with_every_skill_and_criterion_is_ready(ladder):
    person = consultant(ladder)
    [option] = career_options(person, on=datetime.date(2025, 7, 15))
    assert (option.to_role_title, option.months_to_go, option.tenure_met) == (
        "Senior Consultant",
        0,
        True,
    )
    assert [(s.skill_slug, s.required, s.actual, s.gap) for s in option.skills] == [
        ("communication", 3, 3, 0),
        ("empathy", 4, 4, 0),
    ]
    assert [(c.metric, c.value, c.met) for c in option.criteria] == [
        ("qa_score", Decimal("96.00"), True)
    ]
    assert option.verdict == "ready"


def test_a_one_level_gap_makes_a_person_nearly_ready(ladder):
    person = consultant(ladder, empathy=3)
    [option] = career_options(person, on=datetime.date(2026, 1, 1))
    assert [s.gap for s in option.skills] == [0, 1]
    assert option.verdict == "nearly"


def test_a_missing_skill_counts_as_level_zero_and_is_not_yet(ladder):
    person = consultant(ladder, communication=0)
    [option] = career_options(person, on=datetime.date(2026, 1, 1))
    assert option.skills[0].actual == 0 and option.skills[0].gap == 3
    assert option.verdict == "not_yet"


def test_a_missed_criterion_is_not_yet_and_an_unmeasured_one_is_nearly(ladder):
    missed = consultant(ladder, qa="90")
    unmeasured = consultant(ladder, qa=None)
    on = datetime.date(2026, 1, 1)
    assert career_options(missed, on=on)[0].verdict == "not_yet"
    option = career_options(unmeasured, on=on)[0]
    assert (option.criteria[0].value, option.criteria[0].met, option.verdict) == (
        None,
        None,
        "nearly",
    )


def test_the_band_shows_where_the_salary_would_sit_only_when_asked(ladder):
    SiteFactory()
    person = consultant(ladder)
    hidden = career_options(person, on=datetime.date(2026, 1, 1))[0].band
    shown = career_options(person, on=datetime.date(2026, 1, 1), include_salary=True)[0].band
    assert (hidden.minimum, hidden.maximum, hidden.salary, hidden.position_pct) == (
        30000,
        40000,
        None,
        None,
    )
    assert (shown.salary, shown.position_pct) == (Decimal("36000"), 60.0)


def test_a_person_without_a_seat_has_no_options(ladder):
    assert career_options(PersonFactory()) == []


def test_ready_for_role_lists_only_the_ready(ladder):
    ready = consultant(ladder)
    consultant(ladder, empathy=2)
    consultant(ladder, qa="80")
    found = ready_for_role(ladder["senior"], viewer=None, on=datetime.date(2026, 1, 1))
    assert [person for person, _ in found] == [ready]


@pytest.mark.parametrize("people", [1, 6])
def test_career_options_make_the_same_queries_for_any_number_of_skills_and_paths(
    ladder, django_assert_num_queries, people
):
    for _ in range(people):
        person = consultant(ladder)
        other = RoleFactory(parent=ladder["consultant"].parent)
        PromotionPathFactory(from_role=ladder["consultant"], to_role=other, kind="lateral")
    with django_assert_num_queries(9):
        career_options(person)
