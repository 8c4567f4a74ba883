"""Someone imported without a hire date: the time in role is unknown, and readiness says so
instead of counting from the day of the import."""

import datetime

import pytest

from ladder.readiness import career_options, ready_for_role
from people.imports import import_people
from people.models import Person
from tests.ladder.factories import PromotionPathFactory
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db

FILE = b"""employee_id,name,title,manager_id
L1,Lena Berg,Team Leader,
C1,Carl Weiss,Consultant,L1
"""


@pytest.fixture
def imported():
    lead = RoleFactory(title="Team Leader")
    consultant = RoleFactory(title="Consultant", parent=lead)
    senior = RoleFactory(title="Senior Consultant", parent=lead)
    PromotionPathFactory(from_role=consultant, to_role=senior, min_months=6)
    assert import_people(data=FILE).errors == []
    return senior


def test_the_tenure_of_someone_imported_without_a_hire_date_is_unknown(imported):
    carl = Person.objects.get(employee_id="C1")
    later = datetime.date.today() + datetime.timedelta(days=400)

    option = career_options(carl, on=later)[0]

    assert carl.hire_date is None
    assert (option.months_in_role, option.months_to_go, option.tenure_met) == (None, None, None)
    assert option.verdict == "nearly"  # never "ready" on a guess
    assert ready_for_role(imported, viewer=None, on=later) == []


def test_the_person_page_says_the_hire_date_and_the_time_in_role_are_unknown(
    imported, client, hr_user
):
    client.force_login(hr_user)

    page = client.get(Person.objects.get(employee_id="C1").get_absolute_url()).content.decode()

    assert "<dd>unknown</dd>" in page
    assert "time in role unknown (no hire date)" in page


def test_the_api_gives_a_null_hire_date_and_null_months(imported, client, hr_user):
    client.force_login(hr_user)
    carl = Person.objects.get(employee_id="C1")

    person = client.get(f"/api/v1/people/{carl.pk}/").json()
    career = client.get(f"/api/v1/people/{carl.pk}/career/").json()

    assert (person["hire_date"], person["name_withheld"]) == (None, False)
    option = career["options"][0] if "options" in career else career[0]
    assert (option["months_in_role"], option["tenure_met"]) == (None, None)
