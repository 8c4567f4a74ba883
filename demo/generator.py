"""The demo organisation: the seed job architecture and ladders, and a generated org.

The generated org is a function of (people, seed, as_of): the same arguments give the same org.
It is written with bulk inserts, one level of the reporting lines at a time, so 100,000 people
load in well under a minute on SQLite.
"""

import datetime
import json
import math
import random
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from core.locks import ROLE_TREE, lock_tree
from ladder import fit as skill_fits
from ladder.models import CareerTrack, Criterion, Measurement, PathSkill, PromotionPath, Rung
from people.imports import keys
from people.imports.write import insert_rows, reserve_ids
from people.models import Assignment, AssignmentReason, Person, PersonSkill, Position, Site
from people.services import positions_recount
from roles import bands as pay
from roles.models import Responsibility, Role, RoleAlias, RoleSkill, SalaryBand, Skill

from .seed import content, names

LANGS = ("en", "de", "pl")
MIN_PEOPLE = 30
TEAM_MIN, TEAM_MAX = 15, 30
AGENT_MIX = (  # share of agent seats per role
    ("junior-consultant", 15),
    ("consultant", 40),
    ("senior-consultant", 20),
    ("specialist", 8),
    ("expert", 4),
    ("technical-support-specialist", 5),
    ("sales-representative", 5),
    ("foreign-language-expert", 3),
)
BATCH = 5000


def _translated(prefix: str, text: dict) -> dict:
    return {f"{prefix}_{lang}": text.get(lang, "") for lang in LANGS} | {prefix: text["en"]}


@transaction.atomic
def load_seed_content() -> dict[str, Role]:
    """Skills, roles with their content, career tracks and promotion paths from ladder/seed."""
    lock_tree(ROLE_TREE)  # the role inserts below rewrite mptt bounds, like any tree write
    skills = {
        s["slug"]: Skill(
            slug=s["slug"],
            category=s["category"],
            **_translated("name", s["name"]),
            **_translated("description", s["description"]),
        )
        for s in content.SKILLS
    }
    Skill.objects.bulk_create(skills.values())
    roles: dict[str, Role] = {}
    for spec in content.ROLES:
        parent = roles[spec["parent"]] if spec["parent"] else None
        role = Role(
            slug=spec["slug"],
            parent=parent,
            track=spec["track"],
            career_level=spec["career_level"],
            min_experience_months=spec["min_experience_months"],
            span_min=spec.get("span", (None, None))[0],
            span_max=spec.get("span", (None, None))[1],
            **_translated("title", spec["title"]),
            **_translated("summary", spec["summary"]),
            **_translated("education", spec["education"]),
        )
        role.save()  # mptt inserts need one save each; the role tree is small
        roles[spec["slug"]] = role
    aliases, duties, needs, bands = [], [], [], []
    for spec in content.ROLES:
        role = roles[spec["slug"]]
        for lang, alias_names in spec["aliases"].items():
            aliases += [RoleAlias(role=role, name=n, language=lang) for n in alias_names]
        duties += [
            Responsibility(role=role, order=i, **_translated("text", text))
            for i, text in enumerate(spec["responsibilities"], start=1)
        ]
        needs += [RoleSkill(role=role, skill=skills[s], level=lvl) for s, lvl in spec["skills"]]
        bands += [
            SalaryBand(
                role=role,
                currency=b["currency"],
                period=b["period"],
                minimum=Decimal(str(b["minimum"])),
                midpoint=Decimal(str(b["midpoint"])),
                maximum=Decimal(str(b["maximum"])),
                effective_from=datetime.date.fromisoformat(b["effective"]),
                location=b["location"],
                source=b["source"][:200],
            )
            for b in spec["bands"]
        ]
    RoleAlias.objects.bulk_create(aliases, ignore_conflicts=True)
    Responsibility.objects.bulk_create(duties)
    RoleSkill.objects.bulk_create(needs)
    SalaryBand.objects.bulk_create(bands)
    for spec in content.TRACKS:
        track = CareerTrack.objects.create(
            slug=spec["slug"],
            **_translated("name", spec["name"]),
            **_translated("description", spec["description"]),
        )
        Rung.objects.bulk_create(
            Rung(track=track, role=roles[r["role"]], order=i, typical_months=r["typical_months"])
            for i, r in enumerate(spec["rungs"], start=1)
        )
    for spec in content.PATHS:
        path = PromotionPath.objects.create(
            from_role=roles[spec["from"]],
            to_role=roles[spec["to"]],
            kind=spec["kind"],
            min_months=spec["min_months"],
        )
        PathSkill.objects.bulk_create(
            PathSkill(path=path, skill=skills[s], level=lvl) for s, lvl in spec["skills"]
        )
        Criterion.objects.bulk_create(
            Criterion(
                path=path,
                metric=c["metric"],
                threshold=Decimal(str(c["threshold"])),
                unit=c["unit"],
                **_translated("label", c["label"]),
            )
            for c in spec["criteria"]
        )
    return roles


@dataclass(eq=False)  # seats are compared by identity; fields point at each other
class Seat:
    role: str
    site: int
    manager: "Seat | None"
    vacant: bool = False
    pk: int | None = None
    depth: int = 0
    person: int | None = None  # index into the generated people
    children: list["Seat"] = field(default_factory=list)


class OrgPlan:
    """Seats of a generated org, as a tree of Seat objects, before anything is written."""

    def __init__(self, people: int, rng: random.Random, site_count: int):
        self.seats: list[Seat] = []
        self.site_count = site_count
        self.layout_seed = rng.random()
        agents = people
        for _ in range(6):  # converge on the agent count that makes `people` in all
            self._build(agents)
            agents = max(agents + people - self.filled(), 1)
        self._build(agents)
        self._fit(people, random.Random(self.layout_seed))

    def filled(self) -> int:
        return sum(1 for s in self.seats if not s.vacant)

    def _fit(self, people: int, rng: random.Random) -> None:
        """Add or remove agent seats until exactly `people` seats are filled."""
        leads = [s for s in self.seats if s.role == "team-leader"]
        while self.filled() < people:
            lead = min(leads, key=lambda s: len(s.children))
            self._seat(rng.choice(("consultant", "junior-consultant")), lead.site, lead)
        while self.filled() > people:
            lead = max(leads, key=lambda s: len(s.children))
            seat = next(c for c in reversed(lead.children) if not c.vacant)
            lead.children.remove(seat)
            self.seats.remove(seat)

    def _seat(self, role: str, site: int, manager: Seat | None, vacant: bool = False) -> Seat:
        seat = Seat(role, site, manager, vacant, depth=(manager.depth + 1) if manager else 0)
        if manager is not None:
            manager.children.append(seat)
        self.seats.append(seat)
        return seat

    def _build(self, agents: int) -> None:
        self.seats = []
        rng = random.Random(self.layout_seed)
        cco = self._seat("chief-customer-officer", 0, None)
        vp = self._seat("vp-customer-service", 0, cco)
        hcs = self._seat("head-of-customer-service", 0, vp)
        for _ in range(max(1, agents // 8000)):
            kam = self._seat("key-account-manager", 0, hcs)
            for _ in range(2 + (agents > 3000)):
                self._seat("account-manager", 0, kam)
        weights = [rng.uniform(0.6, 1.4) for _ in range(self.site_count)]
        total = sum(weights)
        shares = [round(agents * w / total) for w in weights]
        shares[0] += agents - sum(shares)
        for site, site_agents in enumerate(shares):
            self._build_site(site, max(site_agents, 1), hcs, rng)

    def _build_site(self, site: int, agents: int, top: Seat, rng: random.Random) -> None:
        head = self._seat("head-of-call-center", site, top)
        self._seat("operations-manager", site, head)
        planner = self._seat("resource-planning-manager", site, head)
        for i in range(max(1, agents // 500)):
            self._seat("workforce-planning-analyst", site, planner, vacant=i == 3)
        teams = max(1, round(agents / ((TEAM_MIN + TEAM_MAX) / 2)))
        managers = max(1, math.ceil(teams / 8))
        seniors = [
            self._seat("senior-call-center-manager", site, head)
            for _ in range(max(1, math.ceil(managers / 5)))
        ]
        ccms = [
            self._seat("call-center-manager", site, seniors[i % len(seniors)])
            for i in range(managers)
        ]
        for i, ccm in enumerate(ccms):
            self._seat("shift-manager", site, ccm)
            self._seat("quality-checker", site, ccm)
            if i % 2 == 0:
                self._seat("trainer-coach", site, ccm)
                self._seat("project-manager", site, ccm)
        leads = [
            self._seat("team-leader", site, ccms[i % managers], vacant=i % 40 == 39)
            for i in range(teams)
        ]
        sizes = _team_sizes(agents, teams, rng)
        roles = [r for r, _w in AGENT_MIX]
        weights = [w for _r, w in AGENT_MIX]
        for lead, size in zip(leads, sizes, strict=True):
            for role in rng.choices(roles, weights, k=size):
                self._seat(role, site, lead)
            for _ in range(1 if rng.random() < 0.6 else 0):  # open agent seats, ~4 % of all
                self._seat("consultant", site, lead, vacant=True)


_AGENT_ROLES = {r for r, _w in AGENT_MIX}


def _team_sizes(agents: int, teams: int, rng: random.Random) -> list[int]:
    """Team sizes that add up to `agents`, each within 15-30 where the numbers allow it."""
    sizes = [agents // teams] * teams
    for i in range(agents - sum(sizes)):
        sizes[i] += 1
    for _ in range(teams * 2):  # spread sizes around the mean without leaving the bounds
        a, b = rng.randrange(teams), rng.randrange(teams)
        step = rng.randint(1, 4)
        if sizes[a] - step >= TEAM_MIN and sizes[b] + step <= TEAM_MAX:
            sizes[a] -= step
            sizes[b] += step
    return sizes


_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ł": "l", "Ł": "L"})


def _ascii(text: str) -> str:
    text = text.translate(_ASCII)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text.lower() if ch.isalnum() or ch == "-")


def _name(rng: random.Random, language: str) -> tuple[str, str]:
    if rng.random() < 0.15:  # every site has people from elsewhere
        language = rng.choice(("de", "pl", "en"))
    if language == "de":
        return rng.choice(names.GERMAN_FIRST), rng.choice(names.GERMAN_LAST)
    if language == "pl":
        if rng.random() < 0.5:
            i = rng.randrange(len(names.POLISH_LAST_FEMALE))
            return rng.choice(names.POLISH_FIRST_FEMALE), names.POLISH_LAST_FEMALE[i]
        i = rng.randrange(len(names.POLISH_LAST_MALE))
        return rng.choice(names.POLISH_FIRST_MALE), names.POLISH_LAST_MALE[i]
    return rng.choice(names.ENGLISH_FIRST), rng.choice(names.ENGLISH_LAST)


def _band_salary(rng: random.Random, bands: list[SalaryBand], country: str) -> tuple:
    band = pay.band_for(bands, location=pay.location_for_country(country))
    if band is None:
        return None, ""
    low, high = float(band.minimum), float(band.maximum)
    return Decimal(str(round(rng.uniform(low, high) / 100) * 100)), band.currency


@transaction.atomic
def generate_org(*, people: int, seed: int, as_of: datetime.date) -> dict[str, int]:
    """Write a generated org of `people` people onto the seed roles. Returns counts."""
    rng = random.Random(seed)
    roles = {r.slug: r for r in Role.objects.prefetch_related("salary_bands", "role_skills")}
    site_specs = names.SITES[: max(2, min(len(names.SITES), people // 100))]
    sites = Site.objects.bulk_create(
        Site(code=s["code"], name=s["name"], city=s["city"], country=s["country"])
        for s in site_specs
    )
    plan = OrgPlan(people, rng, len(sites))
    filled = [s for s in plan.seats if not s.vacant]
    emails: set[str] = set()
    persons, hires = [], []
    for number, seat in enumerate(filled, start=1):
        spec = site_specs[seat.site]
        first, last = _name(rng, spec["language"])
        email = f"{_ascii(first)}.{_ascii(last)}"
        if email in emails:
            email = f"{email}{number}"
        emails.add(email)
        role = roles[seat.role]
        years = 1 + role.career_level * 1.2
        hired = as_of - datetime.timedelta(days=int(rng.triangular(20, 365 * years, 200)))
        salary, currency = _band_salary(rng, list(role.salary_bands.all()), spec["country"])
        languages = [spec["language"]] + (["en"] if spec["language"] != "en" else [])
        if seat.role == "foreign-language-expert":
            languages.append(rng.choice(("fr", "es", "it", "nl", "tr", "uk")))
        seat.person = len(persons)
        persons.append(
            Person(
                employee_id=f"E{number:06d}",
                first_name=first,
                last_name=last,
                email=f"{email}@demo-callcenter.example",
                hire_date=hired,
                site=sites[seat.site],
                languages=languages,
                salary=salary,
                salary_currency=currency,
            )
        )
        hires.append(hired)
    for person, pk in zip(persons, reserve_ids(Person, len(persons)), strict=True):
        person.pk = person.id = pk
    _number_seats(plan)
    assignments = _plan_history(plan, persons, hires, as_of, rng)
    # Rows as tuples, COPY on PostgreSQL, each foreign key checked once as a set (the demo loads
    # into an empty org, as a first import does: people/imports/keys.py). Model instances and
    # bulk_create were two thirds of `load_demo` at 100,000 people (issue 21).
    with keys.checked_as_a_set([Person, Position, Assignment, PersonSkill, Measurement]):
        _write_people(persons)
        _write_positions(plan, roles, sites, persons)
        _write_assignments(assignments)
        skills = _write_skills(filled, roles, persons, rng)
        measurements = _write_measurements(filled, roles, persons, rng, as_of)
    skill_fits.rebuild()  # the skills went in around the ORM: no signal kept the fits
    positions_recount()
    return {
        "people": len(persons),
        "positions": len(plan.seats),
        "vacancies": len(plan.seats) - len(filled),
        "sites": len(sites),
        "assignments": len(assignments),
        "person_skills": skills,
        "measurements": measurements,
    }


PERSON_COLUMNS = [
    "id", "employee_id", "external_id", "first_name", "last_name", "name_withheld", "email",
    "hire_date", "site_id", "languages", "salary", "salary_currency", "photo_url",
]  # fmt: skip


def _person_row(p: Person) -> tuple:
    return (
        p.pk, p.employee_id, "", p.first_name, p.last_name, False, p.email,
        p.hire_date, p.site_id, json.dumps(p.languages), p.salary, p.salary_currency, "",
    )  # fmt: skip


def _write_people(persons: list[Person]) -> None:
    insert_rows(Person, PERSON_COLUMNS, [_person_row(p) for p in persons])


def _number_seats(plan: OrgPlan) -> None:
    """Every seat's id, taken from the sequence before any is written (managers first, so the
    chart's order of seats is the plan's)."""
    order, level = [], [s for s in plan.seats if s.depth == 0]
    while level:
        order.extend(level)
        level = [c for s in level for c in s.children]
    for seat, pk in zip(order, reserve_ids(Position, len(order)), strict=True):
        seat.pk = pk


def _write_positions(plan: OrgPlan, roles: dict, sites: list, persons: list) -> None:
    columns = ["id", "role_id", "manager_id", "holder_id", "site_id", "reference", "external_id",
               "is_assistant", "direct_count", "seat_count", "headcount"]  # fmt: skip
    rows = [
        (
            s.pk,
            roles[s.role].pk,
            s.manager.pk if s.manager else None,
            persons[s.person].pk if s.person is not None else None,
            sites[s.site].pk,
            "",
            "",
            False,
            0,
            0,
            0,
        )
        for s in sorted(plan.seats, key=lambda seat: seat.pk)
    ]
    insert_rows(Position, columns, rows)  # the counts are made by positions_recount


def _plan_history(plan: OrgPlan, persons: list, hires: list, as_of, rng) -> list[Assignment]:
    """Current assignments, and for some people a promotion out of a lower seat.

    A promoted person's earlier seat is now held by someone who started after the promotion,
    so the history of every seat has no overlaps.
    """
    rows = []
    by_role: dict[str, list[Seat]] = {}
    for seat in plan.seats:
        if seat.person is not None:
            by_role.setdefault(seat.role, []).append(seat)
    taken: set[int] = set()  # people whose earlier seat-holder was promoted out of it
    promoted: set[int] = set()
    lower = {
        "consultant": "junior-consultant",
        "senior-consultant": "consultant",
        "specialist": "senior-consultant",
        "expert": "specialist",
        "team-leader": "senior-consultant",
        "call-center-manager": "team-leader",
        "quality-checker": "consultant",
        "trainer-coach": "team-leader",
    }
    for seat in plan.seats:
        if seat.person is None:
            continue
        person = persons[seat.person]
        started = person.hire_date
        pool = by_role.get(lower.get(seat.role, ""), [])
        tenure = (as_of - person.hire_date).days
        if pool and tenure > 240 and seat.person not in taken and rng.random() < 0.35:
            earlier = pool[rng.randrange(len(pool))]
            if (
                earlier.person not in taken
                and earlier.person not in promoted
                and earlier.pk != seat.pk
            ):
                taken.add(earlier.person)
                promoted.add(seat.person)
                started = person.hire_date + datetime.timedelta(days=rng.randint(90, tenure - 60))
                rows.append(
                    Assignment(
                        person=person,
                        position_id=earlier.pk,
                        started_on=person.hire_date,
                        ended_on=started,
                        reason=AssignmentReason.HIRE,
                        end_reason=AssignmentReason.PROMOTION,
                    )
                )
                successor = persons[earlier.person]
                successor.hire_date = started + datetime.timedelta(
                    days=rng.randint(1, max(1, (as_of - started).days))
                )
        reason = (
            AssignmentReason.HIRE if started == person.hire_date else AssignmentReason.PROMOTION
        )
        rows.append(
            Assignment(person=person, position_id=seat.pk, started_on=started, reason=reason)
        )
    for row in rows:  # a successor's current seat starts on their (moved) hire date
        if row.ended_on is None and row.reason == AssignmentReason.HIRE:
            row.started_on = row.person.hire_date
    return rows


def _write_assignments(rows: list[Assignment]) -> None:
    columns = ["person_id", "position_id", "started_on", "ended_on", "reason", "end_reason",
               "note"]  # fmt: skip
    insert_rows(
        Assignment,
        columns,
        [
            (a.person_id, a.position_id, a.started_on, a.ended_on, a.reason, a.end_reason, "")
            for a in rows
        ],
    )


def _write_skills(filled: list[Seat], roles: dict, persons: list, rng) -> int:
    """Each person's skills, near the levels their role asks for.

    Tuples, not model instances: at 100,000 people these are some 700,000 rows, and building model
    instances for them would take most of the load time.
    """
    needs = {
        slug: [(n.skill_id, n.level) for n in r.role_skills.all()] for slug, r in roles.items()
    }
    rows = [
        (persons[seat.person].pk, skill_id, min(5, max(1, level + rng.choice((-1, 0, 0, 1)))))
        for seat in filled
        for skill_id, level in needs[seat.role]
    ]
    insert_rows(PersonSkill, ["person_id", "skill_id", "level"], rows)
    return len(rows)


def _write_measurements(filled: list[Seat], roles: dict, persons: list, rng, as_of) -> int:
    """The latest figure of every metric the paths out of each person's role ask about,
    scattered around the threshold so that some people meet it and some do not."""
    thresholds: dict[int, dict[str, float]] = defaultdict(dict)
    percentages = set()
    for role_id, metric, threshold, unit in Criterion.objects.values_list(
        "path__from_role_id", "metric", "threshold", "unit"
    ):
        thresholds[role_id][metric] = max(thresholds[role_id].get(metric, 0), float(threshold))
        if unit == "%":
            percentages.add(metric)
    measured_on = as_of - datetime.timedelta(days=as_of.day)  # end of last month
    rows = []
    for seat in filled:
        for metric, threshold in thresholds[roles[seat.role].pk].items():
            value = rng.gauss(threshold * 1.01, threshold * 0.04)
            if metric in percentages:
                value = min(value, 100.0)
            rows.append((persons[seat.person].pk, metric, round(max(value, 0), 2), measured_on))
    columns = ["person_id", "metric", "value", "measured_on", "source"]
    insert_rows(Measurement, columns, [(*row, "demo") for row in rows])
    return len(rows)
