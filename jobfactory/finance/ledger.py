"""The activation ledger: each person's direct effect on public finances, computed and stored.

For a programme, every person ever hired by one of its employers and every person on a waiting
list is costed with OpenFisca-France at one reference month's legislation, in four scenarios: not
working ("before"), and in months 1, 4 and 13 of a job at their hours on the SMIC. RSA and the prime
d'activité look back three months and housing aid a year, so the effect grows over the first year.
The figures are stored with the OpenFisca-France version and the date; pages read them back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone

from jobfactory.engines import costing, costing_batch
from jobfactory.engines.contracts import ContractTerms, HoursChange, hours_on
from jobfactory.engines.legislation import openfisca_france_version
from jobfactory.finance.enums import CostingKind
from jobfactory.finance.models import CostingRun, PersonCosting
from jobfactory.people.enums import PersonStatus
from jobfactory.people.household import households_of
from jobfactory.people.models import Person
from jobfactory.staffing.models import Contract

# Scenario key -> months worked by the reference month (0: not hired).
SCENARIOS = {"before": 0, "month_1": 1, "month_4": 4, "month_13": 13}
HEADLINE = "month_13"
# An EBE of Lille's size: the headcount sets a few contribution rates (FNAL, the reduction's ceiling).
DEFAULT_HEADCOUNT = 100
SPENDING = tuple(item.key for item in costing.ITEMS if item.side == "spending")
RECEIPTS = tuple(item.key for item in costing.ITEMS if item.side == "receipts")


def before_used(computed_before: dict[str, int], declared: dict[str, int]) -> dict[str, int]:
    """Declared amounts replace computed entitlements: unclaimed benefits are not savings."""
    return {key: declared.get(key, value) for key, value in computed_before.items()}


def effect_cents(before: dict[str, int], after: dict[str, int]) -> int:
    """Spending avoided plus receipts gained, in cents per month."""
    avoided = sum(before[key] - after[key] for key in SPENDING)
    gained = sum(after[key] - before[key] for key in RECEIPTS)
    return avoided + gained


def _weekly_hours(contract: Contract, on: date):
    terms = ContractTerms(
        start_on=contract.start_on, end_on=contract.end_on, weekly_hours=contract.weekly_hours,
        changes=tuple(HoursChange(a.effective_on, a.weekly_hours) for a in contract.amendments.all()))
    return hours_on(terms, min(on, contract.end_on) if contract.end_on else on)


def _population(programme):
    """(person, kind, contract or None) for everyone the ledger covers."""
    contracts = (Contract.objects.filter(employer__programme=programme)
                 .select_related("person__household", "person__territory", "employer")
                 .prefetch_related("amendments").order_by("person_id", "-start_on"))
    latest: dict[int, Contract] = {}
    for contract in contracts:
        latest.setdefault(contract.person_id, contract)
    rows = [(c.person, CostingKind.HIRED, c) for c in latest.values()]
    waiting = (Person.objects.filter(territory__programme=programme, status=PersonStatus.WAITING)
               .exclude(pk__in=latest.keys()).select_related("household", "territory"))
    rows += [(person, CostingKind.WAITING, None) for person in waiting]
    return rows


def recompute(programme, *, user=None, reference_month: date | None = None,
              headcount: int = DEFAULT_HEADCOUNT,
              progress: Callable[[int, int], None] | None = None) -> CostingRun:
    """Cost everyone the programme covers and store a new run (the previous ones stay)."""
    started = time.perf_counter()
    today = timezone.localdate()
    reference_month = (reference_month or today).replace(day=1)
    rows = _population(programme)
    hours = {person.public_id: (_weekly_hours(contract, today) if contract else person.chosen_hours)
             for person, _, contract in rows}
    batch = households_of([person for person, _, _ in rows], weekly_hours=hours)
    scenarios = [costing.Scenario(reference_month, worked) for worked in SCENARIOS.values()]
    results = costing_batch.cost_population(batch.households, scenarios, employer_headcount=headcount,
                                            progress=progress) if len(batch.households) else []
    by_id = {person.public_id: (person, kind, contract) for person, kind, contract in rows}
    with transaction.atomic():
        run = CostingRun.objects.create(
            programme=programme, reference_month=reference_month,
            openfisca_version=openfisca_france_version(), employer_headcount=headcount,
            computed_by=user if user and user.is_authenticated else None,
            people_count=len(batch.people), skipped_count=len(batch.skipped))
        records = []
        for row, public_id in enumerate(batch.people):
            person, kind, contract = by_id[public_id]
            computed = {name: {key: int(costs.computed[key][row]) for key in costing.ITEM_KEYS}
                        for name, costs in zip(SCENARIOS, results, strict=True)}
            declared = {key: int(batch.households.declared[key][row])
                        for key in costing.DECLARABLE
                        if key in batch.households.declared and batch.households.declared[key][row] >= 0}
            records.append(PersonCosting(
                run=run, person=person, territory=person.territory,
                employer=contract.employer if contract else None, kind=kind,
                hired_on=contract.start_on if contract else None,
                left_on=contract.end_on if contract else None,
                weekly_hours=hours[public_id], computed=computed, declared=declared,
                effect_cents=effect_cents(before_used(computed["before"], declared), computed[HEADLINE]),
            ))
        PersonCosting.objects.bulk_create(records, batch_size=500)
        run.seconds = round(time.perf_counter() - started, 2)
        run.save(update_fields=["seconds"])
    return run
