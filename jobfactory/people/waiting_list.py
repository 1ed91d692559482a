"""The waiting list as users read it: rank, days waiting, the written skip pending, who is next.
The page, the API and the exports show the same rows from here."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class WaitingRow:
    position: int
    person: object
    pending_skip: object | None
    days: int | None
    next_up: bool


def waiting_rows(people, today: date) -> list[WaitingRow]:
    """`people` in the list's order, with their `skips` prefetched. The next person to hire is the
    first without a pending skip: hiring follows the list."""
    rows, next_found = [], False
    for position, person in enumerate(people, start=1):
        pending = next((s for s in person.skips.all() if s.hire_id is None), None)
        next_up = pending is None and not next_found
        next_found = next_found or next_up
        days = (today - person.eligible_since).days if person.eligible_since else None
        rows.append(WaitingRow(position, person, pending, days, next_up))
    return rows
