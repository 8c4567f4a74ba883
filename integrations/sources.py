"""Which models' changes the feed follows, and the event types they make."""

from dataclasses import dataclass

VERBS = {"+": "created", "~": "changed", "-": "deleted"}
ASSIGNMENT_VERBS = {"+": "started", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class Source:
    """How the historical rows of one model become events."""

    object_type: str
    id_field: str = "id"  # the attname that holds the object's id
    related: tuple[tuple[str, str], ...] = ()  # (name in the event, attname)
    part: bool = False  # a row the object owns (a role's skill): any change is "<object>.changed"

    def type_for(self, history_type: str) -> str:
        if self.part:
            return f"{self.object_type}.changed"
        verbs = ASSIGNMENT_VERBS if self.object_type == "assignment" else VERBS
        return f"{self.object_type}.{verbs[history_type]}"


# Pay transparency's models (pay.*) are left out on purpose: even a dataless event would tell
# when a raise, a bonus or a request for pay information was recorded (docs/pay-transparency.md).
SOURCES = {
    "people.position": Source("position"),
    "people.person": Source("person"),
    "people.personskill": Source("person", "person_id", part=True),
    "people.assignment": Source(
        "assignment", related=(("person", "person_id"), ("position", "position_id"))
    ),
    "roles.role": Source("role"),
    "roles.responsibility": Source("role", "role_id", part=True),
    "roles.roleskill": Source("role", "role_id", part=True),
    "roles.salaryband": Source("band", related=(("role", "role_id"),)),
    "roles.skill": Source("skill"),
    "ladder.promotionpath": Source("promotion_path"),
    "ladder.pathskill": Source("promotion_path", "path_id", part=True),
}

PLANNING_TYPES = (
    "scenario.created",
    "scenario.approved",
    "scenario.applied",
    "planned_change.applied",
)

# Every type the feed can carry: webhook subscriptions choose among them.
EVENT_TYPES = sorted(
    {
        *(s.type_for(h) for s in SOURCES.values() for h in VERBS),
        "assignment.ended",
        "person.hired",
        "person.left",
        "promotion.created",
        # Planning (issue 17): sent by planning.signals.planning_event, never with a salary.
        *PLANNING_TYPES,
    }
)


def is_known_type(value: str) -> bool:
    """An event type, or a family of them such as "person.*"."""
    if value.endswith(".*"):
        return any(t.startswith(value[:-1]) for t in EVENT_TYPES)
    return value in EVENT_TYPES
