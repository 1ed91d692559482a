"""A territory's figures at a date, from plain facts.

Definitions (issue "Foundation"), used everywhere:
- exhaustivity at d = people under an EBE contract / (people under contract + eligible volunteers
  waiting);
- coverage = volunteers met / the territory's estimated number of PPDE;
- a volunteer is waiting at d when the committee's latest decision by d recognises them eligible,
  they have not withdrawn by d and no contract of theirs has started by d.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from jobfactory.engines.contracts import ContractTerms, fte_of_hours, hours_on, is_active, month_fte

ELIGIBLE = "eligible"


@dataclass(frozen=True)
class Decision:
    decided_on: date
    outcome: str  # "eligible" or "not_eligible"


@dataclass(frozen=True)
class PersonFacts:
    person_id: int
    registered_on: date
    decisions: tuple[Decision, ...] = ()
    withdrawn_on: date | None = None


@dataclass(frozen=True)
class ContractFacts:
    person_id: int
    terms: ContractTerms
    exit_reason: str | None = None


@dataclass(frozen=True)
class TerritoryFigures:
    on: date
    registered: int
    eligible: int
    waiting: int
    under_contract: int
    fte: Decimal
    month_fte: Decimal
    # Weekly hours under contract on the date, amendments included (fte before rounding x 35).
    weekly_hours: Decimal
    exits_total: int
    exits_last_12_months: int
    exits_by_reason: dict[str, int] = field(default_factory=dict)
    exhaustivity: Decimal | None = None
    coverage: Decimal | None = None
    estimated_ppde: int | None = None
    median_days_waiting: float | None = None
    median_days_to_hire_last_12_months: float | None = None
    hires_last_12_months: int = 0


def eligible_since(decisions: tuple[Decision, ...] | list[Decision], on: date) -> date | None:
    """The date the committee recognised eligibility, if the latest decision by `on` says so.

    A run of eligible decisions keeps its first date: confirming eligibility does not send a
    person to the back of the waiting list.
    """
    since = None
    for decision in sorted(decisions, key=lambda d: d.decided_on):
        if decision.decided_on > on:
            break
        if decision.outcome == ELIGIBLE:
            since = since or decision.decided_on
        else:
            since = None
    return since


def is_withdrawn(decisions, withdrawn_on: date | None, on: date) -> bool:
    """Withdrawn by `on`, unless the committee decided again after the withdrawal (came back)."""
    if withdrawn_on is None or withdrawn_on > on:
        return False
    return not any(withdrawn_on < d.decided_on <= on for d in decisions)


def exhaustivity(under_contract: int, waiting: int) -> Decimal | None:
    """People under contract / (under contract + eligible volunteers waiting): the one definition,
    for the figures of a day, the stored months and the dashboards."""
    return _ratio(under_contract, under_contract + waiting)


def _ratio(numerator: int, denominator: int | None) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"))


def territory_figures(
    people: list[PersonFacts],
    contracts: list[ContractFacts],
    on: date,
    estimated_ppde: int | None = None,
) -> TerritoryFigures:
    year_ago = on - timedelta(days=365)
    started_by_person: dict[int, date] = {}
    for contract in contracts:
        start = contract.terms.start_on
        if start <= on and (contract.person_id not in started_by_person
                            or start < started_by_person[contract.person_id]):
            started_by_person[contract.person_id] = start

    decisions_by_person = {person.person_id: person.decisions for person in people}
    registered = eligible = 0
    waiting_days: list[int] = []
    for person in people:
        if person.registered_on > on:
            continue
        registered += 1
        since = eligible_since(person.decisions, on)
        if since is None:
            continue
        eligible += 1
        withdrawn = is_withdrawn(person.decisions, person.withdrawn_on, on)
        if not withdrawn and person.person_id not in started_by_person:
            waiting_days.append((on - since).days)

    active_people: set[int] = set()
    weekly_hours = month_total = Decimal(0)
    exits: Counter[str] = Counter()
    exits_recent = 0
    days_to_hire: list[int] = []
    for contract in contracts:
        terms = contract.terms
        if is_active(terms, on):
            active_people.add(contract.person_id)
            weekly_hours += hours_on(terms, on)
        if terms.start_on <= on:
            month_total += month_fte(terms, on)
        if terms.end_on is not None and terms.end_on < on:
            exits[contract.exit_reason or "other"] += 1
            if terms.end_on >= year_ago:
                exits_recent += 1
        first_start = started_by_person.get(contract.person_id)
        if first_start == terms.start_on and year_ago < terms.start_on <= on:
            since = eligible_since(decisions_by_person.get(contract.person_id, ()), terms.start_on)
            if since is not None:
                days_to_hire.append((terms.start_on - since).days)

    under_contract = len(active_people)
    waiting = len(waiting_days)
    return TerritoryFigures(
        on=on,
        registered=registered,
        eligible=eligible,
        waiting=waiting,
        under_contract=under_contract,
        fte=fte_of_hours(weekly_hours).quantize(Decimal("0.01")),
        weekly_hours=weekly_hours,
        month_fte=month_total.quantize(Decimal("0.01")),
        exits_total=sum(exits.values()),
        exits_last_12_months=exits_recent,
        exits_by_reason=dict(exits),
        exhaustivity=exhaustivity(under_contract, waiting),
        coverage=_ratio(registered, estimated_ppde),
        estimated_ppde=estimated_ppde,
        median_days_waiting=statistics.median(waiting_days) if waiting_days else None,
        median_days_to_hire_last_12_months=statistics.median(days_to_hire) if days_to_hire else None,
        hires_last_12_months=len(days_to_hire),
    )
