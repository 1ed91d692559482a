"""An activity's life, from a proposed need to its closure, as allowed transitions.

Approval and refusal belong to the local committee (CLE): they only happen through a committee
decision, never by a plain status change.
"""

PROPOSED = "proposed"
UNDER_STUDY = "under_study"
SUBMITTED = "submitted"
APPROVED = "approved"
REFUSED = "refused"
RUNNING = "running"
SUSPENDED = "suspended"
CLOSED = "closed"

ORDER = (PROPOSED, UNDER_STUDY, SUBMITTED, APPROVED, REFUSED, RUNNING, SUSPENDED, CLOSED)

TRANSITIONS: dict[str, frozenset[str]] = {
    PROPOSED: frozenset({UNDER_STUDY, CLOSED}),
    # Taken back for more study: withdrawn from the committee's agenda.
    SUBMITTED: frozenset({APPROVED, REFUSED, UNDER_STUDY, CLOSED}),
    UNDER_STUDY: frozenset({SUBMITTED, CLOSED}),
    APPROVED: frozenset({RUNNING, CLOSED}),
    # A refused activity may be reworked and submitted again.
    REFUSED: frozenset({UNDER_STUDY, CLOSED}),
    RUNNING: frozenset({SUSPENDED, CLOSED}),
    SUSPENDED: frozenset({RUNNING, CLOSED}),
    CLOSED: frozenset(),
}

COMMITTEE_ONLY = frozenset({APPROVED, REFUSED})
# Statuses whose work is offered to people, now or soon.
OFFERING_WORK = frozenset({APPROVED, RUNNING})


class TransitionRefused(ValueError):
    """`code` names the reason; the web layer puts it into words."""

    def __init__(self, code: str, current: str, target: str):
        super().__init__(f"{code}: {current} -> {target}")
        self.code = code
        self.current = current
        self.target = target


def check_transition(current: str, target: str, *, by_committee: bool = False) -> None:
    if target not in TRANSITIONS:
        raise TransitionRefused("unknown_status", current, target)
    if target in COMMITTEE_ONLY and not by_committee:
        raise TransitionRefused("committee_only", current, target)
    if target not in TRANSITIONS.get(current, frozenset()):
        raise TransitionRefused("not_allowed", current, target)


def next_statuses(current: str, *, by_committee: bool = False) -> list[str]:
    """What a user may move the activity to, in the pipeline's order."""
    allowed = TRANSITIONS.get(current, frozenset())
    if not by_committee:
        allowed = allowed - COMMITTEE_ONLY
    return [status for status in ORDER if status in allowed]
