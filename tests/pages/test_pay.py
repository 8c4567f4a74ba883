"""The pay transparency pages (issue 19): who may open them, what leaves HR, the Art. 10 reasons,
the Art. 7 requests from asking to the answer, the notice, the job ad; query counts."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from pay.models import GapExplanation, InformationRequest, PayRecord
from tests.pay.factories import CategoryFactory, evaluate, paid
from tests.people.factories import PersonFactory, seat

D = Decimal
HR_PAGES = [
    "/pay/",
    "/pay/report.csv",
    "/pay/report.pdf",
    "/pay/requests/",
    "/pay/import/",
    "/pay/explain/?category=1&year=2026",
]


@pytest.fixture
def pay_org(org, users):
    """Agents: five women paid 38,000 and five men paid 42,000 (a 9.5 % gap), flagged; team
    leaders: one woman, one man (too few to report). Emil is the first woman agent."""
    agents = CategoryFactory(name="Agents")
    leads = CategoryFactory(name="Team leaders")
    evaluate(org["roles"]["agent"], agents)
    evaluate(org["roles"]["lead"], leads, points=(40, 40, 40, 40))
    people = []
    for i, (sex, basic) in enumerate([("female", 38000)] * 5 + [("male", 42000)] * 5):
        person = PersonFactory(first_name=f"Agent{i}")
        seat(role=org["roles"]["agent"], manager=org["team"], holder=person)
        paid(person, sex, basic=D(basic))
        people.append(person)
    paid(org["team"].holder, "female", basic=D(50000))
    second_lead = PersonFactory(first_name="Lead2")
    seat(role=org["roles"]["lead"], manager=org["middle"], holder=second_lead)
    paid(second_lead, "male", basic=D(52000))
    people[0].user = users["employee"]
    people[0].save()
    return {"agents": agents, "leads": leads, "people": people}


@pytest.mark.parametrize("username", ["employee", "manager", "outsider"])
def test_only_hr_opens_the_report_its_exports_requests_and_the_import(client, users, username):
    client.force_login(users[username])
    for url in HR_PAGES:
        assert client.get(url).status_code == 403, url


def test_hr_sees_the_report_with_the_flagged_category_and_its_counts(client, users, pay_org):
    client.force_login(users["hr"])
    page = client.get("/pay/?year=2026").content.decode()
    assert "Agents</strong>: 9.5" in page
    assert "5 women, 5 men" in page
    assert "Team leaders" in page and "1 women, 1 men" not in page  # 3.8 %: not flagged
    assert '<svg class="bars"' in page


def test_the_csv_withholds_groups_under_the_threshold(client, users, pay_org):
    client.force_login(users["hr"])
    body = client.get("/pay/report.csv?year=2026").content.decode()
    rows = {row[1]: row for row in csv.reader(io.StringIO(body))}
    assert rows["(g) Agents: pay gap"][2:5] == ["5", "5", "9.5"]
    assert rows["(g) Team leaders: pay gap"][2:5] == [
        "fewer than 5",
        "fewer than 5",
        "too few to report",
    ]
    assert rows["(a) Mean pay gap"][2:4] == ["6", "6"]


def test_the_pdf_is_in_the_language_asked_and_withholds_small_groups(client, users, pay_org):
    from pypdf import PdfReader

    client.force_login(users["hr"])
    response = client.get("/pay/report.pdf?year=2026&language=de")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Entgelt" in text or "Lohn" in text
    assert "9,5" in text or "9.5" in text


def _pdf_text(response) -> str:
    from pypdf import PdfReader

    assert response["Content-Type"] == "application/pdf"
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


@pytest.mark.parametrize(
    "language, quartile", [("en", "Quartile 1, women"), ("de", "Quartil 1, Frauen")]
)
def test_the_pdf_draws_the_charts_of_the_page_and_withholds_small_groups_in_them(
    client, users, pay_org, language, quartile
):
    client.force_login(users["hr"])
    response = client.get(f"/pay/report.pdf?year=2026&language={language}")
    text = _pdf_text(response)
    # the bar labels are text of the SVG, drawn only by the charts (the table says "(f) …")
    assert quartile in text
    assert "Team leaders" in text.replace("\n", " ")
    # the leaders' 3.8 % gap (one woman, one man) is withheld in the chart as in the table
    assert "3.8" not in text and "3,8" not in text
    assert b"/Subtype /Image" not in response.content  # drawn as vectors, not pasted as a picture


def test_the_pdf_charts_draw_a_bar_for_each_quartile_and_sex(pay_org):
    from pages.views.pay import _charts
    from pay.report import pay_report

    charts = _charts(pay_report(year=2026), public=True)
    texts = {bar.label: bar.text for bar in charts["categories"]["bars"]}
    assert texts == {"Agents": "9.5 %", "Team leaders": "too few to report"}
    assert len(charts["quartiles"]["bars"]) == 8


def test_hr_reports_per_legal_entity(client, users, pay_org, org):
    from pay.models import EntitySite, LegalEntity
    from tests.people.factories import SiteFactory

    warsaw = SiteFactory(code="WAW", name="Warsaw", country="PL")
    spzoo = LegalEntity.objects.create(name="Callcenter sp. z o.o.", country="PL")
    EntitySite.objects.create(site=warsaw, entity=spzoo)
    pole = PersonFactory(first_name="Pole", site=warsaw)
    paid(pole, "female", basic=D(60000), currency="PLN")
    client.force_login(users["hr"])

    page = client.get(f"/pay/?year=2026&entity={spzoo.pk}").content.decode()
    csv_answer = client.get(f"/pay/report.csv?year=2026&entity={spzoo.pk}")

    assert "Pay gap report 2026 · Callcenter sp. z o.o." in page
    assert "<dd>1</dd>" in page.split("Women")[1][:40]  # the one woman at Warsaw
    assert "callcenter-sp-z-oo" in csv_answer["Content-Disposition"]
    unknown = client.get("/pay/?year=2026&entity=999999")
    assert unknown.status_code == 400
    assert "There is no legal entity “999999”" in unknown.content.decode()


def test_a_year_that_is_no_year_is_a_clear_message(client, users, pay_org):
    client.force_login(users["hr"])
    response = client.get("/pay/?year=twenty")
    assert response.status_code == 400
    assert "“twenty” is not a year" in response.content.decode()


def test_hr_records_a_reason_and_the_flag_shows_it(client, users, pay_org):
    client.force_login(users["hr"])
    url = f"/pay/explain/?category={pay_org['agents'].pk}&year=2026"
    response = client.post(url, {"reason": "", "remedy": "", "decided_on": "2026-11-20"})
    assert response.status_code == 400 and not GapExplanation.objects.exists()
    reason = "Night shifts are paid a premium; more men work nights."
    client.post(url, {"reason": reason, "decided_on": "2026-11-20"})
    saved = GapExplanation.objects.get()
    assert (saved.category, saved.year, saved.recorded_by) == (pay_org["agents"], 2026, users["hr"])
    assert reason in client.get("/pay/?year=2026").content.decode()


def test_an_unexplained_flag_six_months_after_the_report_needs_a_joint_assessment(
    client, users, pay_org
):
    PayRecord.objects.update(year=2024)
    client.force_login(users["hr"])
    assert "Joint pay assessment needed" in client.get("/pay/?year=2024").content.decode()


def test_an_employee_asks_hr_answers_and_the_employee_sees_the_answer(client, users, pay_org):
    client.force_login(users["employee"])
    assert client.post("/pay/me/", {"question": "Wie verdiene ich?"}).status_code == 302
    asked = InformationRequest.objects.get()
    today = timezone.localdate()
    assert asked.person == pay_org["people"][0] and asked.asked_on == today
    assert asked.due_on > today + datetime.timedelta(days=58)

    client.force_login(users["hr"])
    assert "Agent0" in client.get("/pay/requests/").content.decode()
    draft = client.get(f"/pay/requests/{asked.pk}/").content.decode()
    assert "38000.00 EUR a year" in draft
    assert "women: 18.27 EUR" in draft and "men: 20.19 EUR" in draft
    client.post(f"/pay/requests/{asked.pk}/", {"answer": "Your pay: 38,000 EUR."})
    asked.refresh_from_db()
    assert asked.answered_on == today and asked.answered_by == users["hr"]
    assert asked.figures["female"] == "18.27"

    client.force_login(users["employee"])
    assert "Your pay: 38,000 EUR." in client.get("/pay/me/").content.decode()


def test_an_answer_withholds_the_average_of_a_small_group(client, users, pay_org):
    lead = pay_org["people"][0].__class__.objects.get(first_name="Lead2")
    asked = InformationRequest.objects.create(
        person=lead, asked_on=datetime.date(2026, 11, 1), due_on=datetime.date(2027, 1, 1)
    )
    client.force_login(users["hr"])
    draft = client.get(f"/pay/requests/{asked.pk}/").content.decode()
    assert "women: too few to report" in draft and "men: too few to report" in draft
    assert "50000" not in draft  # the other team leader's pay


def test_nobody_else_sees_a_request_or_its_answer(client, users, pay_org):
    asked = InformationRequest.objects.create(
        person=pay_org["people"][1],
        asked_on=datetime.date(2026, 11, 1),
        due_on=datetime.date(2027, 1, 1),
        answer="SECRET-ANSWER",
        answered_on=datetime.date(2026, 11, 2),
    )
    client.force_login(users["employee"])
    assert client.get(f"/pay/requests/{asked.pk}/").status_code == 403
    assert "SECRET-ANSWER" not in client.get("/pay/me/").content.decode()


def test_the_notice_is_a_page_for_everyone_and_a_download_in_each_language(client, users):
    client.force_login(users["employee"])
    assert "two months" in client.get("/pay/notice/").content.decode()
    german = client.get("/pay/notice/?download=1&language=de")
    assert "attachment" in german["Content-Disposition"]
    assert "zwei Monate" in german.content.decode()
    assert "dwóch miesięcy" in client.get("/pay/notice/?download=1&language=pl").content.decode()


@pytest.mark.parametrize(
    "language, words",
    [("en", "within two months"), ("de", "zwei Monate"), ("pl", "dwóch miesięcy")],
)
def test_the_notice_is_a_pdf_in_each_language(client, users, language, words):
    client.force_login(users["employee"])
    response = client.get(f"/pay/notice/?download=pdf&language={language}")
    assert f"-{language}.pdf" in response["Content-Disposition"]
    assert words in " ".join(_pdf_text(response).split())


def test_a_vacancy_has_a_job_ad_with_its_band_and_a_gender_neutral_title(client, users, org):
    from tests.roles.factories import SalaryBandFactory

    SalaryBandFactory(
        role=org["roles"]["agent"],
        minimum=D(29000),
        midpoint=D(32000),
        maximum=D(35000),
        effective_from=datetime.date(2026, 1, 1),
    )
    client.force_login(users["employee"])
    ad = client.get(
        f"/pay/vacancies/{org['vacancy'].pk}/ad/", HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Agent (m/w/d)" in ad and "29.000–35.000 EUR" in ad
    assert client.get(f"/pay/vacancies/{org['top'].pk}/ad/").status_code == 404
    listed = client.get("/org/vacancies/").content.decode()
    assert "29,000–35,000 EUR" in listed


def test_the_report_page_makes_the_same_queries_for_few_and_more_workers(
    client, users, pay_org, django_assert_num_queries
):
    client.force_login(users["hr"])
    client.get("/pay/?year=2026")  # the session and the user's groups
    with django_assert_num_queries(9) as first:  # 8, and the legal entities of the form
        client.get("/pay/?year=2026")
    for i in range(10):
        paid(PersonFactory(first_name=f"More{i}"), "female" if i % 2 else "male")
    with django_assert_num_queries(len(first.captured_queries)):
        client.get("/pay/?year=2026")


def test_the_requests_list_makes_the_same_queries_for_one_and_ten(
    client, users, pay_org, django_assert_num_queries
):
    day = datetime.date(2026, 11, 1)
    InformationRequest.objects.create(
        person=pay_org["people"][0], asked_on=day, due_on=day + datetime.timedelta(days=61)
    )
    client.force_login(users["hr"])
    client.get("/pay/requests/")
    with django_assert_num_queries(4) as first:
        client.get("/pay/requests/")
    for person in pay_org["people"][1:]:
        InformationRequest.objects.create(
            person=person, asked_on=day, due_on=day + datetime.timedelta(days=61)
        )
    with django_assert_num_queries(len(first.captured_queries)):
        client.get("/pay/requests/")


def test_the_role_page_shows_the_job_evaluation_to_hr_only(client, users, pay_org, org):
    url = f"/roles/{org['roles']['lead'].slug}/"
    client.force_login(users["employee"])
    assert "Job evaluation" not in client.get(url).content.decode()
    client.force_login(users["hr"])
    page = client.get(url).content.decode()
    assert "Job evaluation" in page and "Team leaders" in page and "160" in page


def test_numbers_too_large_for_an_id_are_a_clear_message_not_an_error(client, users, pay_org):
    client.force_login(users["hr"])
    huge = "9" * 30
    assert client.get(f"/pay/?site={huge}").status_code == 400
    assert client.get(f"/pay/explain/?category={huge}&year=2026").status_code == 400
    assert client.get(f"/pay/requests/{huge}/").status_code == 404
