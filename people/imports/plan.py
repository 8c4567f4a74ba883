"""Step 2 of an import: the file's rows matched against the org, and every check that needs it.

The org is read once into dicts (a handful of queries, whatever its size); each row is then matched
to its person (employee ID, else e-mail), its seat (position_id, else the person's seat), its
manager's seat, its role (title or alias in any language, ignoring case and spaces) and site.
Problems are collected as RowErrors, never raised. changes.py says what the plan changes.
"""

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from roles.models import Role, RoleAlias

from ..models import Person, Position, Site
from .read import ImportRow, ParsedFile, RowError

BATCH = 2000
# The id sequence continues after a new seat's number: keeping new numbers in 32 bits keeps every
# later id far below read.MAX_SEAT, so an export of the org always imports again.
MAX_NEW_SEAT = 2**31 - 1
PERSON_FIELDS = (
    "employee_id",
    "first_name",
    "last_name",
    "email",
    "hire_date",
    "site_id",
    "salary",
    "salary_currency",
    "name_withheld",
)
SEAT_FIELDS = ("manager_id", "role_id", "site_id", "holder_id", "reference")
Progress = Callable[[str, int, int], None]


def _norm(text: str) -> str:
    return "".join(text.split()).casefold()


@dataclass
class Org:
    """The org as it is, read in a handful of queries."""

    people: dict[str, dict]  # employee_id → person fields (and "pk")
    by_email: dict[str, str]  # lower email → employee_id
    seats: dict[int, dict]  # pk → {manager_id, role_id, site_id, holder_id, reference}
    seat_of: dict[int, int]  # person pk → seat pk
    eid_of: dict[int, str]  # person pk → employee_id
    dotted: dict[int, set[int]]
    roles: dict[str, int]  # normalised title or alias → role pk
    sites: dict[str, int]  # normalised code or name → site pk
    seat_by_ref: dict[str, int]  # post reference → seat pk
    counts: dict[int, tuple] = field(default_factory=dict)  # pk → stored derived counts

    @classmethod
    def load(cls) -> "Org":
        people, by_email, eid_of = {}, {}, {}
        for values in Person.objects.values("pk", "left_on", *PERSON_FIELDS).iterator(
            chunk_size=BATCH
        ):
            people[values["employee_id"]] = values
            eid_of[values["pk"]] = values["employee_id"]
            if values["email"]:
                by_email[values["email"].lower()] = values["employee_id"]
        seats, seat_of, counts = {}, {}, {}
        columns = (*SEAT_FIELDS, "direct_count", "seat_count", "headcount")
        for pk, *values in Position.objects.values_list("pk", *columns).iterator(chunk_size=BATCH):
            seats[pk] = dict(zip(SEAT_FIELDS, values[:-3], strict=True))
            counts[pk] = tuple(values[-3:])
            if values[3] is not None:
                seat_of[values[3]] = pk
        dotted = defaultdict(set)
        through = Position.dotted_line_managers.through
        for src, dst in through.objects.values_list("from_position_id", "to_position_id"):
            dotted[src].add(dst)
        by_ref = {s["reference"]: pk for pk, s in seats.items() if s["reference"]}
        org = cls(people, by_email, seats, seat_of, eid_of, dotted, _roles(), _sites(), by_ref)
        org.counts = counts
        return org


def _id_from_email(email: str) -> str:
    """An employee ID for a file keyed by e-mail: the address, or a digest of a long one."""
    if len(email) <= 40:
        return email
    return f"{email[:23]}~{hashlib.sha1(email.encode()).hexdigest()[:16]}"


def _roles() -> dict[str, int]:
    roles: dict[str, int] = {}
    for name, role_id in RoleAlias.objects.values_list("name", "role_id"):
        roles[_norm(name)] = role_id
    for pk, *titles in Role.objects.values_list("pk", "title_pl", "title_de", "title_en"):
        roles.update({_norm(t): pk for t in titles if t})  # titles win over aliases, English first
    return roles


def _sites() -> dict[str, int]:
    sites: dict[str, int] = {}
    for pk, code, name in Site.objects.values_list("pk", "code", "name"):
        sites[_norm(name)] = pk
        sites[_norm(code)] = pk
    return sites


@dataclass
class PlanRow:
    """A file row matched to the org: its person, its seat and the seat it reports to."""

    src: ImportRow
    eid: str = ""
    person: dict | None = None  # the existing person, or None for a new one / a vacancy
    seat: int = 0  # existing pk, an explicit new pk, or a negative key for a new seat
    manager: int | None = None
    role: int | str = 0  # role pk, or the normalised title of a role to create
    site: int | None = None
    dotted: set[int] | None = None


class Plan:
    def __init__(
        self,
        parsed: ParsedFile,
        org: Org,
        create_roles: bool,
        progress: Progress,
        tops_under: str = "",
        roles_under: str = "",
    ):
        self.parsed, self.org, self.create_roles = parsed, org, create_roles
        self.progress, self.tops_under, self.roles_under = progress, tops_under, roles_under
        self.roles_parent: int | None = None  # where --create-roles puts new roles
        self.errors: list[RowError] = list(parsed.errors)
        self.rows = [PlanRow(r) for r in parsed.rows]
        self.new_roles: dict[str, str] = {}
        self.role_units: dict[str, str] = {}  # new role → the unit of its first row
        self.notes: list[str] = list(parsed.notes)

    def error(self, row: PlanRow | int, column: str, message: str) -> None:
        number = row if isinstance(row, int) else row.src.row
        self.errors.append(RowError(number, self.parsed.columns.get(column, column), message))

    def check(self) -> None:
        self.match_references()
        self.match_people()
        self.match_roles_and_sites()
        self.match_seats()
        self.match_managers()
        self.match_vacancies()
        self.check_top()
        self.check_loops()
        self.match_dotted_lines()
        self.errors.sort(key=lambda e: e.row)

    def match_references(self) -> None:
        """Seat-first files: each row's post id names its seat, in the file and in the org."""
        self.row_of_ref: dict[str, PlanRow] = {}
        column = "post_id" if self.parsed.has("post_id") else "employee_id"
        for row in self.rows:
            ref = row.src.reference
            if not ref:
                continue
            if ref in self.row_of_ref:
                self.error(
                    row,
                    column,
                    _("%(v)s is also on row %(n)s; each post once, please.")
                    % {"v": ref, "n": self.row_of_ref[ref].src.row},
                )
                continue
            self.row_of_ref[ref] = row
            if len(ref) > 40:
                self.error(row, column, _("Longer than %(n)s characters; shorten it.") % {"n": 40})

    def holders(self) -> list[PlanRow]:
        return [r for r in self.rows if not r.src.is_vacant]

    def match_people(self) -> None:
        first_row: dict[tuple[str, str], int] = {}
        holders = self.holders()
        for row in holders:
            if row.src.reference and not self.parsed.has("post_id"):
                continue  # the employee ID is the post id: checked by match_references
            for column, value in (("employee_id", row.src.employee_id), ("email", row.src.email)):
                if value and (column, value) in first_row:
                    self.error(
                        row,
                        column,
                        _("%(v)s is also on row %(n)s; each person once, please.")
                        % {"v": value, "n": first_row[column, value]},
                    )
                elif value:
                    first_row[column, value] = row.src.row
        matched: set[str] = set()
        for row in holders:
            row.person = self.org.people.get(row.src.employee_id) if row.src.employee_id else None
            if row.person:
                matched.add(row.person["employee_id"])
        for row in holders:  # then by e-mail, for people without a known ID
            eid = self.org.by_email.get(row.src.email) if row.src.email else None
            if row.person is None and eid and eid not in matched:
                row.person = self.org.people[eid]
                matched.add(eid)
            row.eid = (
                row.src.employee_id
                or (row.person or {}).get("employee_id")
                or (_id_from_email(row.src.email) if row.src.email else row.src.reference)
            )
            owner = self.org.by_email.get(row.src.email) if row.src.email else None
            if owner and owner not in matched and owner != row.eid:
                self.error(
                    row,
                    "email",
                    _(
                        "%(v)s is the e-mail of %(eid)s, who is not in the file; "
                        "give one of them another e-mail."
                    )
                    % {"v": row.src.email, "eid": owner},
                )
            self.check_left(row)
        self.row_of_eid = {r.eid: r for r in holders}
        self.row_of_email = {r.src.email: r for r in holders if r.src.email}

    def check_left(self, row: PlanRow) -> None:
        """The database holds that nobody leaves before they were hired; say so in the preview."""
        left_on = (row.person or {}).get("left_on")
        if left_on and row.src.hire_date and row.src.hire_date > left_on:
            self.error(
                row,
                "hire_date",
                _(
                    "%(eid)s left on %(left)s, before this hire date; "
                    "give the hire date they had, or re-hire them in the app."
                )
                % {"eid": row.eid, "left": left_on.isoformat()},
            )

    def match_roles_parent(self) -> None:
        """--roles-under: a role's slug, title or alias; new roles go there, not at the top."""
        if not self.roles_under:
            return
        found = Role.objects.filter(slug=self.roles_under).values_list("pk", flat=True).first()
        self.roles_parent = found or self.org.roles.get(_norm(self.roles_under))
        if self.roles_parent is None:
            self.error(
                0,
                "",
                _("--roles-under %(v)s: no role has this slug, title or alias.")
                % {"v": self.roles_under},
            )

    def match_roles_and_sites(self) -> None:
        self.match_roles_parent()
        has_site = self.parsed.has("site")
        unknown_sites: dict[str, int] = {}
        for row in self.rows:
            key = _norm(row.src.job_title)
            role = self.org.roles.get(key)
            if role is not None:
                row.role = role
            elif self.create_roles and key:
                row.role = key
                self.new_roles.setdefault(key, row.src.job_title)
                self.role_units.setdefault(key, row.src.department)
            elif key:
                self.error(
                    row,
                    "job_title",
                    _(
                        "No role is called %(v)s. Add it as an alias of a role, or let the "
                        "import create roles (--create-roles; on the import page: "
                        "“Create roles for unknown job titles”)."
                    )
                    % {"v": row.src.job_title},
                )
            if has_site and row.src.site:
                row.site = self.org.sites.get(_norm(row.src.site))
                if row.site is None:
                    unknown_sites.setdefault(row.src.site, row.src.row)
        if unknown_sites:
            # A site is not needed for the chart: the seat goes without one, and the report says so.
            self.notes.append(
                _("No site has the code or name %(v)s: those seats are imported without a site.")
                % {"v": ", ".join(sorted(unknown_sites))}
            )

    def match_seats(self) -> None:
        self.row_of_seat: dict[int, PlanRow] = {}
        for row in self.rows:
            pid = row.src.position_id
            if pid is None:
                continue
            if pid not in self.org.seats and pid > MAX_NEW_SEAT:
                self.error(
                    row,
                    "position_id",
                    _(
                        "A new seat takes a number up to %(max)s, not %(v)s; "
                        "leave it empty for the next free number."
                    )
                    % {"max": MAX_NEW_SEAT, "v": pid},
                )
                continue
            if pid in self.row_of_seat:
                self.error(
                    row,
                    "position_id",
                    _("Seat %(v)s is also on row %(n)s.")
                    % {"v": pid, "n": self.row_of_seat[pid].src.row},
                )
            else:
                row.seat = pid
                self.row_of_seat[pid] = row
        for ref, row in self.row_of_ref.items():
            known = self.org.seat_by_ref.get(ref)
            if row.seat or (known is not None and known in self.row_of_seat):
                continue
            row.seat = known if known is not None else -row.src.row
            self.row_of_seat[row.seat] = row
        for row in self.holders():
            if row.seat:
                continue
            current = self.org.seat_of.get(row.person["pk"]) if row.person else None
            if current is not None and current not in self.row_of_seat:
                row.seat = current
            else:
                row.seat = -row.src.row
            self.row_of_seat[row.seat] = row

    def seat_of_person(self, row: PlanRow, column: str, value: str) -> int | None:
        """The seat of the person with this employee ID or e-mail: in the file, else in the org."""
        found = (self.row_of_eid if column.endswith("_id") else self.row_of_email).get(value)
        if found is not None:
            return found.seat
        eid = value if column.endswith("_id") else self.org.by_email.get(value)
        person = self.org.people.get(eid or "")
        seat = self.org.seat_of.get(person["pk"]) if person else None
        if seat is None or seat in self.row_of_seat:
            self.error(
                row,
                column,
                _("No one in the file or the org has %(v)s, or they hold no seat; fix the manager.")
                % {"v": value},
            )
        return seat

    def seat_of_key(self, row: PlanRow, value: str) -> int | None:
        """A manager_id: a post id of the file or the org (seat-first files), else a person's."""
        found = self.row_of_ref.get(value)
        if found is not None:
            return found.seat
        known = self.org.seat_by_ref.get(value)
        if known is not None and known not in self.row_of_seat:
            return known
        return self.seat_of_person(row, "manager_id", value)

    def match_managers(self) -> None:
        """The manager's seat: by the manager's employee ID or e-mail, else by seat number (the
        only way to report to a vacant seat). When both are given they must agree."""
        for i, row in enumerate(self.rows):
            src = row.src
            if src.manager_id:
                row.manager = self.seat_of_key(row, src.manager_id)
            elif src.manager_email:
                row.manager = self.seat_of_person(row, "manager_email", src.manager_email)
            seat = src.manager_position_id
            if seat is not None and seat not in self.row_of_seat and seat not in self.org.seats:
                self.error(row, "manager_position_id", _("There is no seat %(v)s.") % {"v": seat})
            elif seat is not None and row.manager is None:
                row.manager = seat
            elif seat is not None and row.manager != seat:
                self.error(
                    row,
                    "manager_position_id",
                    _(
                        "The manager's seat is %(found)s, not %(v)s; "
                        "clear manager_position_id or fix it."
                    )
                    % {"found": row.manager, "v": seat},
                )
            if i % 10_000 == 9_999:
                self.progress(_("checking"), i + 1, len(self.rows))

    def match_vacancies(self) -> None:
        """Vacant rows without a seat number take a vacant seat of their role and manager."""
        free: dict[tuple, list[int]] = defaultdict(list)
        for pk, seat in self.org.seats.items():
            if seat["holder_id"] is None and pk not in self.row_of_seat:
                free[seat["manager_id"], seat["role_id"]].append(pk)
        for row in self.rows:
            if row.seat:
                continue
            same = free.get((row.manager, row.role))
            row.seat = same.pop() if same else -row.src.row
            self.row_of_seat[row.seat] = row

    def check_top(self) -> None:
        tops = [r for r in self.rows if r.manager is None and not self._manager_given(r)]
        if len(tops) > 1 and self.tops_under:
            tops = self.put_tops_under(tops)
        if len(tops) > 1:
            numbers = ", ".join(str(r.src.row) for r in tops)
            names = "; ".join(self.describe(r) for r in tops[:10])
            for row in tops:
                self.error(
                    row,
                    "manager_id",
                    _(
                        "More than one top: rows %(rows)s have no manager (%(names)s). "
                        "Give all but one a manager, or put them under one seat with "
                        "--tops-under and its post or employee ID."
                    )
                    % {"rows": numbers, "names": names},
                )
        elif tops:
            others = [
                pk
                for pk, s in self.org.seats.items()
                if s["manager_id"] is None and pk not in self.row_of_seat
            ]
            if others:
                self.error(
                    tops[0],
                    "manager_id",
                    _(
                        "The org already has a top seat (#%(pk)s) that is not in the file; "
                        "give this row a manager."
                    )
                    % {"pk": others[0]},
                )

    def describe(self, row: PlanRow) -> str:
        src = row.src
        if src.is_vacant:
            who = _("vacant")
        elif src.name_withheld:
            who = _("name withheld")
        else:
            who = f"{src.first_name} {src.last_name}".strip()
        return f"{src.job_title} · {who} ({src.key or src.row})"

    def put_tops_under(self, tops: list[PlanRow]) -> list[PlanRow]:
        """--tops-under: every top but the chosen seat reports to it; that seat is the top."""
        found = self.row_of_ref.get(self.tops_under) or self.row_of_eid.get(self.tops_under)
        seat = found.seat if found else self.org.seat_by_ref.get(self.tops_under)
        if seat is None and (person := self.org.people.get(self.tops_under)):
            seat = self.org.seat_of.get(person["pk"])
        if seat is None:
            self.error(
                0,
                "",
                _("--tops-under %(v)s: no row of the file and no seat of the org has this ID.")
                % {"v": self.tops_under},
            )
            return []
        for row in tops:
            if row.seat != seat:
                row.manager = seat
        return [r for r in tops if r.seat == seat]

    def _manager_given(self, row: PlanRow) -> bool:
        src = row.src
        return bool(src.manager_position_id or src.manager_id or src.manager_email)

    def manager_of(self, seat: int) -> int | None:
        row = self.row_of_seat.get(seat)
        if row is not None:
            return row.manager
        known = self.org.seats.get(seat)
        return known["manager_id"] if known else None

    def check_loops(self) -> None:
        done: set[int] = set()
        for row in self.rows:
            path: list[int] = []
            on_path: set[int] = set()
            seat: int | None = row.seat
            while seat is not None and seat not in done:
                if seat in on_path:
                    self.report_loop(path[path.index(seat) :])
                    break
                path.append(seat)
                on_path.add(seat)
                seat = self.manager_of(seat)
            done.update(path)

    def report_loop(self, seats: list[int]) -> None:
        members = [self.row_of_seat[s] for s in seats if s in self.row_of_seat]
        names = [
            f"{r.src.first_name} {r.src.last_name} ({r.eid or r.src.position_id})".strip()
            if (r := self.row_of_seat.get(s))
            else f"#{s}"
            for s in seats
        ]
        chain = " → ".join([*names, names[0]])
        first = min(members, key=lambda r: r.src.row)
        self.error(
            first,
            "manager_id",
            _("Reporting loop on rows %(rows)s: %(chain)s. Break it by fixing one manager.")
            % {
                "rows": ", ".join(str(n) for n in sorted(r.src.row for r in members)),
                "chain": chain,
            },
        )

    def match_dotted_lines(self) -> None:
        if not self.parsed.has("dotted_line_manager_id"):
            return
        for row in self.rows:
            if not row.src.dotted_line_manager_ids:
                row.dotted = set()
                continue
            seats = {
                self.seat_of_person(row, "dotted_line_manager_id", eid)
                for eid in row.src.dotted_line_manager_ids
            }
            row.dotted = {s for s in seats if s is not None}
