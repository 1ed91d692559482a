"""The activation ledger of some territories, read back from the latest costing run.

Figures are monthly, in cents. The direct effect comes from OpenFisca-France (a computation with a
named version and legislation month); the job contribution from the rate table and the SMIC; the
département's share and the indirect costs are assumptions, kept apart and labelled as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from jobfactory.engines import costing
from jobfactory.engines.budget import RateRow, rate_on
from jobfactory.engines.contracts import MONTHLY_HOURS_FULL_TIME, fte_of_hours, month_start, next_month
from jobfactory.engines.legislation import smic_schedule
from jobfactory.finance.budget_service import rate_table
from jobfactory.finance.enums import CostingKind, IndirectCost
from jobfactory.finance.ledger import HEADLINE, SCENARIOS, before_used, effect_cents
from jobfactory.finance.models import CostingRun, IndirectCostAssumption, PersonCosting

# Decree 2021-863 art. 24: at least 15 % of the State's share; a programme may pay more.
DEPARTEMENT_SHARE = Decimal("0.15")
# ATD Quart Monde study (2013), cited in DOMAIN.md: 5.59 bn EUR of employment services and 8.29 bn of
# indirect costs over 2,163,060 long-term unemployed people.
STUDY = "Étude ATD Quart Monde (2013) : {bn} Md€ pour 2 163 060 personnes privées durablement d'emploi"
PEOPLE_2013 = 2_163_060
INDIRECT_DEFAULTS = {
    IndirectCost.EMPLOYMENT_SERVICES: (Decimal("5.59"), STUDY.format(bn="5,59")),
    IndirectCost.SOCIAL_CONSEQUENCES: (Decimal("8.29"), STUDY.format(bn="8,29")),
}


@dataclass
class ItemRow:
    key: str
    label: str
    side: str
    before: int = 0
    after: int = 0
    declared_people: int = 0

    @property
    def change(self) -> int:
        """Positive when it favours the public purse."""
        return (self.before - self.after) if self.side == "spending" else (self.after - self.before)


@dataclass
class TimelinePoint:
    month: date
    employees: int
    fte: Decimal
    direct_effect: int
    job_contribution: int
    departement_share: int


@dataclass
class Ledger:
    run: CostingRun | None
    items: list[ItemRow] = field(default_factory=list)
    hired: int = 0
    employed: int = 0
    fte: Decimal = Decimal(0)
    effect: int = 0
    waiting: int = 0
    waiting_effect: int = 0
    milestones: dict[str, int] = field(default_factory=dict)
    timeline: list[TimelinePoint] = field(default_factory=list)
    indirect: list[tuple[IndirectCostAssumption, int]] = field(default_factory=list)
    rate: RateRow | None = None

    @property
    def public_money(self) -> int:
        last = self.timeline[-1] if self.timeline else None
        return (last.job_contribution + last.departement_share) if last else 0

    @property
    def net_cost_per_fte(self) -> int | None:
        """Public money paid minus the direct effect, per FTE, for the last month."""
        last = self.timeline[-1] if self.timeline else None
        if not last or not last.fte:
            return None
        return int((last.job_contribution + last.departement_share - last.direct_effect) / last.fte)


def indirect_assumptions(programme) -> list[IndirectCostAssumption]:
    """The programme's indirect-cost assumptions, created from the 2013 study the first time."""
    existing = {a.key: a for a in IndirectCostAssumption.objects.filter(programme=programme)}
    for key, (billions, source) in INDIRECT_DEFAULTS.items():
        if key not in existing:
            annual = int(billions * 10**9 * 100 / PEOPLE_2013)
            existing[key] = IndirectCostAssumption.objects.create(
                programme=programme, key=key, annual_cents=annual, source=source)
    return [existing[key] for key in INDIRECT_DEFAULTS]


def _milestone(months_worked: int) -> str:
    if months_worked >= 13:
        return "month_13"
    if months_worked >= 4:
        return "month_4"
    return "month_1"


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def ledger_for(programme, territories, *, on: date) -> Ledger:
    run = CostingRun.objects.filter(programme=programme).order_by("-computed_at").first()
    if run is None:
        return Ledger(run=None)
    rows = list(PersonCosting.objects.filter(run=run, territory__in=territories)
                .only("kind", "computed", "declared", "hired_on", "left_on", "weekly_hours", "effect_cents"))
    ledger = Ledger(run=run)
    labels = {item.key: item for item in costing.ITEMS}
    ledger.items = [ItemRow(key, labels[key].label, labels[key].side) for key in costing.ITEM_KEYS]
    effects, employed = {}, []
    for row in rows:
        used = before_used(row.computed["before"], row.declared)
        if row.kind == CostingKind.WAITING:
            ledger.waiting += 1
            ledger.waiting_effect += row.effect_cents
            continue
        ledger.hired += 1
        effects[row.pk] = {name: effect_cents(used, row.computed[name])
                           for name in SCENARIOS if name != "before"}
        if row.left_on is not None and row.left_on < on:
            continue
        ledger.employed += 1
        employed.append(row.pk)
        ledger.effect += row.effect_cents
        for item in ledger.items:
            item.before += used[item.key]
            item.after += row.computed[HEADLINE][item.key]
            item.declared_people += item.key in row.declared
    ledger.milestones = {name: sum(effects[pk][name] for pk in employed)
                         for name in ("month_1", "month_4", "month_13")}
    rates = list(rate_table())
    ledger.timeline = _timeline([r for r in rows if r.kind == CostingKind.HIRED], effects, on, rates)
    if ledger.timeline:
        ledger.fte = ledger.timeline[-1].fte
    ledger.rate = rate_on(rates, on) if rates else None
    ledger.indirect = [(a, a.annual_cents * ledger.employed // 12) for a in indirect_assumptions(programme)]
    return ledger


def _timeline(rows, effects, on: date, rates: list[RateRow]) -> list[TimelinePoint]:
    """Month by month since the first hire: each employee's effect at their month of work (1-3, 4-12,
    13 and more), the job contribution on their FTE at each month's rate and SMIC."""
    starts = [r.hired_on for r in rows if r.hired_on]
    if not starts:
        return []
    smic = smic_schedule()
    points = []
    month, last = month_start(min(starts)), month_start(on)
    while month <= last:
        working = [r for r in rows if r.hired_on and r.hired_on <= month.replace(day=28)
                   and (r.left_on is None or r.left_on >= month)]
        fte = sum((fte_of_hours(Decimal(r.weekly_hours)) for r in working), Decimal(0))
        effect = sum(effects[r.pk][_milestone(_months_between(month_start(r.hired_on), month) + 1)]
                     for r in working)
        try:
            rate = rate_on(rates, month).percent / 100
        except LookupError:
            rate = Decimal(0)
        contribution = int(rate * smic.rate_on(month).hourly_gross * MONTHLY_HOURS_FULL_TIME * fte * 100)
        points.append(TimelinePoint(month, len(working), fte.quantize(Decimal("0.01")), effect, contribution,
                                    int(contribution * DEPARTEMENT_SHARE)))
        month = next_month(month)
    return points
