"""A territory's indicators month by month, from plain facts.

Each month is read on its last day (or on `today` for the month in progress):
- registered, eligible, waiting, the median days waiting and exhaustivity come from
  `figures.territory_figures` on that day, so that they mean what they mean everywhere else;
- `employees` counts contracts started by that day and not ended by it: the month's exits are
  deducted. With `hires` (contracts starting in the month) and `exits` (contracts whose last day is in
  the month), employees(m) - employees(m-1) = hires(m) - exits(m) exactly, which the open data
  relies on to protect small counts;
- breakdowns describe those employees (sex, age, qualification, months without employment before
  their hire, weekly hours). They are counts, so they add up across territories.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from jobfactory.engines.contracts import fte_of_hours, hours_on, month_end, month_start, next_month
from jobfactory.engines.eligibility import age_on
from jobfactory.engines.eligibility import months_between as months_apart
from jobfactory.engines.figures import (
    ContractFacts,
    PersonFacts,
    eligible_since,
    exhaustivity,
    territory_figures,
)

AGE_BANDS = (("under_25", 0, 25), ("25_49", 25, 50), ("50_plus", 50, 200))
DEPRIVATION_BANDS = (("under_12", 0, 12), ("12_23", 12, 24), ("24_59", 24, 60), ("60_plus", 60, 10_000))
HOURS_BANDS = (("under_24", Decimal(0), Decimal(24)), ("24_29", Decimal(24), Decimal(30)),
               ("30_34", Decimal(30), Decimal(35)), ("35", Decimal(35), Decimal(1000)))
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Profile:
    sex: str
    birth_date: date
    qualification_level: int | None
    without_employment_since: date


@dataclass(frozen=True)
class MonthFigures:
    month: date  # first day
    on: date  # the day the stocks are read
    registered: int
    eligible: int
    waiting: int
    waiting_days_median: float | None
    employees: int
    fte: Decimal
    month_fte: Decimal
    hires: int
    hires_from_list_days: int  # sum of days between eligibility and hire, over the month's hires
    exits: int
    exits_by_reason: dict[str, int] = field(default_factory=dict)
    breakdowns: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def exhaustivity(self) -> Decimal | None:
        return exhaustivity(self.employees, self.waiting)


def months_between(first: date, last: date) -> list[date]:
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def _band(value, bands) -> str:
    return next((name for name, low, high in bands if low <= value < high), UNKNOWN)


def _breakdowns(active: list[ContractFacts], profiles: dict[int, Profile], on: date) -> dict:
    counts: dict[str, Counter] = {key: Counter() for key in ("sex", "age", "qualification",
                                                              "deprivation", "hours")}
    for contract in active:
        profile = profiles.get(contract.person_id)
        counts["hours"][_band(hours_on(contract.terms, on), HOURS_BANDS)] += 1
        if profile is None:
            continue
        counts["sex"][profile.sex or UNKNOWN] += 1
        counts["age"][_band(age_on(profile.birth_date, on), AGE_BANDS)] += 1
        level = profile.qualification_level
        counts["qualification"][str(level) if level else UNKNOWN] += 1
        deprived = months_apart(profile.without_employment_since, contract.terms.start_on)
        counts["deprivation"][_band(max(deprived, 0), DEPRIVATION_BANDS)] += 1
    return {key: dict(sorted(counter.items())) for key, counter in counts.items()}


def monthly_figures(people: list[PersonFacts], contracts: list[ContractFacts],
                    profiles: dict[int, Profile], months: list[date], today: date,
                    estimated_ppde: int | None = None) -> list[MonthFigures]:
    """One `MonthFigures` per month up to `today`'s month; later months are not computed."""
    decisions = {person.person_id: person.decisions for person in people}
    result = []
    for month in months:
        if month > today:
            break
        on = min(month_end(month), today)
        stocks = territory_figures(people, contracts, on, estimated_ppde=estimated_ppde)
        active = [c for c in contracts
                  if c.terms.start_on <= on and (c.terms.end_on is None or c.terms.end_on > on)]
        hires = [c for c in contracts if month <= c.terms.start_on <= on]
        ended = [c for c in contracts if c.terms.end_on is not None and month <= c.terms.end_on <= on]
        waited = 0
        for contract in hires:
            since = eligible_since(decisions.get(contract.person_id, ()), contract.terms.start_on)
            waited += (contract.terms.start_on - since).days if since else 0
        hours = sum((hours_on(c.terms, on) for c in active), Decimal(0))
        result.append(MonthFigures(
            month=month, on=on, registered=stocks.registered, eligible=stocks.eligible,
            waiting=stocks.waiting, waiting_days_median=stocks.median_days_waiting,
            employees=len(active), fte=fte_of_hours(hours).quantize(Decimal("0.01")),
            month_fte=stocks.month_fte, hires=len(hires), hires_from_list_days=waited,
            exits=len(ended),
            exits_by_reason=dict(sorted(Counter(c.exit_reason or "other" for c in ended).items())),
            breakdowns=_breakdowns(active, profiles, on)))
    return result
