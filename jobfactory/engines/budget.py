"""The employer's (EBE's) budget for a calendar year, month by month.

Funding (DOMAIN.md, "Financing"; law 2020-1577, decree 2021-863):
- the State's job contribution (CDE) = rate x gross hourly SMIC x hours paid, with hours paid =
  FTE x 151.67 a month; the rate is a row of a parameter table (data, passed in: the Django layer
  stores the rows in the database), looked up on the month's first day, like the SMIC;
- supervisory staff (not volunteers) are funded only up to 10 % of the employer's total FTE;
- the CDE may not exceed the salary it funds: it is capped at the gross wages plus the employer's
  contributions of the volunteers and of the funded part of the supervisory staff;
- the département adds at least 15 % of the State's share;
- the start-up grant is at most 30 % of the year's gross SMIC per net new volunteer FTE in the year.

Money is integer cents (each month's figure rounded half up once, from exact Decimals), rates are
Decimal percents. Every figure that rests on a scenario's assumption rather than on the law or the
payroll is named in its month's `assumed` set, so that the page can label it.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from jobfactory.engines import legislation
from jobfactory.engines.contracts import FULL_TIME_WEEKLY_HOURS, MONTHLY_HOURS_FULL_TIME, month_start
from jobfactory.engines.legislation import NoParameterValue, SmicSchedule

HUNDRED = Decimal(100)
MINIMUM_DEPARTEMENT_SHARE = Decimal("15")  # % of the State's share, decree 2021-863 art. 24
MAXIMUM_STARTUP_GRANT = Decimal("30")  # % of the annual gross SMIC, decree 2021-863 art. 22
SUPERVISORY_LIMIT = Decimal("0.10")  # of the employer's total FTE, decree 2021-863 art. 24


@dataclass(frozen=True)
class RateRow:
    """The State's CDE rate from `starts_on`, in % of the gross hourly SMIC per hour paid."""

    starts_on: date
    percent: Decimal
    source: str
    confirmed: bool = True


_SOURCE = "tzcld.fr (FAQ) et arrêtés annuels, repris dans DOMAIN.md"
JOB_CONTRIBUTION_RATES: tuple[RateRow, ...] = (
    RateRow(date(2017, 1, 1), Decimal("101"), f"2017 : 101 % ({_SOURCE})"),
    RateRow(date(2018, 1, 1), Decimal("101"),
            "2018 : inconnu (?) dans DOMAIN.md, valeur de 2017 reportée, à confirmer (un arrêté du "
            "20 mars 2018, NOR MTRD1801442A, donnerait 101 %)", confirmed=False),
    RateRow(date(2019, 1, 1), Decimal("95"), f"2019-2020 : 95 % ({_SOURCE})"),
    # DOMAIN.md gives 2019-2020 and then July 2021: the first half of 2021 is not stated.
    RateRow(date(2021, 1, 1), Decimal("95"),
            "Janvier-juin 2021 : non indiqué dans DOMAIN.md, valeur 2019-2020 reportée, à confirmer",
            confirmed=False),
    RateRow(date(2021, 7, 1), Decimal("102"), f"Juillet 2021 - juin 2022 : 102 % ({_SOURCE})"),
    RateRow(date(2022, 7, 1), Decimal("102"),
            "Juillet 2022 - juin 2023 : inconnu (?) dans DOMAIN.md, valeur de juillet 2021 reportée, "
            "à confirmer", confirmed=False),
    RateRow(date(2023, 7, 1), Decimal("102"), f"Juillet - septembre 2023 : 102 % ({_SOURCE})"),
    RateRow(date(2023, 10, 1), Decimal("95"), f"Depuis le 1er octobre 2023 : 95 % ({_SOURCE})"),
)


def rate_on(table: Sequence[RateRow], on: date) -> RateRow:
    rows = sorted(table, key=lambda r: r.starts_on)
    position = bisect.bisect_right([r.starts_on for r in rows], on) - 1
    if position < 0:
        raise NoParameterValue(f"no job contribution rate known on {on.isoformat()}")
    return rows[position]


def with_overrides(table: Sequence[RateRow], overrides: Sequence[RateRow]) -> tuple[RateRow, ...]:
    """The table with a scenario's rows replacing those starting the same day (or added).

    A scenario's row is an assumption, whatever it says: it is marked unconfirmed.
    """
    merged = {row.starts_on: row for row in table}
    for row in overrides:
        merged[row.starts_on] = RateRow(row.starts_on, row.percent,
                                        f"Hypothèse du scénario : {row.source}", confirmed=False)
    return tuple(sorted(merged.values(), key=lambda r: r.starts_on))


@dataclass(frozen=True)
class ContractMonth:
    """One volunteer's contract in one month, from the payroll (or projected: `planned`)."""

    month: date
    fte: Decimal
    gross_cents: int
    employer_contributions_cents: int  # net of the general reduction (payroll.WageCost)
    planned: bool = False


@dataclass(frozen=True)
class SupervisoryMonth:
    """Supervisory staff in one month: their FTE and their cost (gross + employer contributions)."""

    month: date
    fte: Decimal
    cost_cents: int


@dataclass(frozen=True)
class PlannedHire:
    """`count` volunteers hired from the first day of `month`, open-ended, at `weekly_hours`."""

    month: date
    weekly_hours: Decimal
    count: int = 1


@dataclass(frozen=True)
class Assumptions:
    """A scenario: copy it with changes (`dataclasses.replace`) to compare another one."""

    name: str = "Scénario de base"
    hires: tuple[PlannedHire, ...] = ()
    revenue: Mapping[str, Mapping[date, int]] = field(default_factory=dict)  # activity -> month -> cents
    other_costs: Mapping[str, Mapping[date, int]] = field(default_factory=dict)  # label -> month -> cents
    departement_share_percent: Decimal = MINIMUM_DEPARTEMENT_SHARE
    # No grant unless the scenario says so: it depends on the funding agreement, not on the law.
    startup_grant_percent: Decimal = Decimal(0)
    rate_overrides: tuple[RateRow, ...] = ()
    # Decree 2021-863 art. 24 caps the total of the public funding (State, département, others)
    # at the salary; DOMAIN.md says the CDE. False caps the State's share alone.
    cap_includes_departement: bool = False
    # For the payroll of planned hires (OpenFisca's thresholds at 11, 50...); None: estimated.
    employer_headcount: int | None = None


class BudgetError(ValueError):
    """Invalid inputs, all at once: `problems` maps a field to what is wrong with it."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(f"{key}: {message}" for key, message in problems.items()))
        self.problems = problems


@dataclass(frozen=True)
class BudgetMonth:
    month: date
    smic_hourly: Decimal
    job_contribution_percent: Decimal
    volunteer_fte: Decimal
    supervisory_fte: Decimal
    funded_supervisory_fte: Decimal
    state_contribution_cents: int
    state_contribution_uncapped_cents: int
    capped: bool
    departement_share_cents: int
    startup_grant_cents: int
    revenue_cents: int
    wages_gross_cents: int
    employer_contributions_cents: int
    supervisory_cost_cents: int
    other_costs_cents: int
    balance_cents: int
    revenue_by_activity: Mapping[str, int] = field(default_factory=dict)
    other_costs_by_label: Mapping[str, int] = field(default_factory=dict)
    assumed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class BudgetYear:
    year: int
    volunteer_fte_years: Decimal  # the months' FTE summed / 12
    supervisory_fte_years: Decimal
    funded_supervisory_fte_years: Decimal
    net_new_fte: Decimal  # December's volunteer FTE - the previous December's, at least 0
    state_contribution_cents: int
    departement_share_cents: int
    startup_grant_cents: int
    revenue_cents: int
    wages_gross_cents: int
    employer_contributions_cents: int
    supervisory_cost_cents: int
    other_costs_cents: int
    balance_cents: int
    cost_per_fte_cents: int | None  # all costs / FTE-years of all staff; None without staff
    revenue_per_fte_cents: int | None
    capped_months: tuple[date, ...] = ()
    assumed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Budget:
    scenario: str
    year: int
    months: tuple[BudgetMonth, ...]
    totals: BudgetYear
    sources: Mapping[str, str]
    warnings: tuple[str, ...] = ()


# French labels of the figures, in the order of a table.
LABELS: dict[str, str] = {
    "volunteer_fte": "ETP des salariés (PPDE)",
    "supervisory_fte": "ETP d'encadrement",
    "funded_supervisory_fte": "ETP d'encadrement financés",
    "job_contribution_percent": "Taux de la CDE (% du SMIC horaire brut)",
    "state_contribution_cents": "Contribution au développement de l'emploi (État)",
    "departement_share_cents": "Participation du département",
    "startup_grant_cents": "Dotation d'amorçage",
    "revenue_cents": "Chiffre d'affaires",
    "wages_gross_cents": "Salaires bruts des PPDE",
    "employer_contributions_cents": "Cotisations patronales (après réduction générale)",
    "supervisory_cost_cents": "Coût de l'encadrement",
    "other_costs_cents": "Autres charges",
    "balance_cents": "Solde",
    "cost_per_fte_cents": "Coût par ETP",
    "revenue_per_fte_cents": "Chiffre d'affaires par ETP",
}
INCOME = ("state_contribution_cents", "departement_share_cents", "startup_grant_cents", "revenue_cents")
COSTS = ("wages_gross_cents", "employer_contributions_cents", "supervisory_cost_cents", "other_costs_cents")
PAYROLL_FIGURES = ("volunteer_fte", "wages_gross_cents", "employer_contributions_cents")

WageCosts = Callable[..., Mapping[tuple[date, Decimal], object]]


def cents(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def year_months(year: int) -> list[date]:
    return [date(year, month, 1) for month in range(1, 13)]


def validate(assumptions: Assumptions) -> dict[str, str]:
    problems = {}
    if assumptions.departement_share_percent < MINIMUM_DEPARTEMENT_SHARE:
        problems["departement_share_percent"] = (
            "La part du département doit être d'au moins 15 % de celle de l'État (décret 2021-863, art. 24).")
    if not Decimal(0) <= assumptions.startup_grant_percent <= MAXIMUM_STARTUP_GRANT:
        problems["startup_grant_percent"] = (
            "La dotation d'amorçage va de 0 à 30 % du SMIC brut annuel par ETP net créé "
            "(décret 2021-863, art. 22).")
    if any(row.percent < 0 for row in assumptions.rate_overrides):
        problems["rate_overrides"] = "Un taux de CDE ne peut pas être négatif."
    if any(h.count < 1 or not Decimal(0) < h.weekly_hours <= 48 for h in assumptions.hires):
        problems["hires"] = "Chaque embauche prévue compte au moins une personne, de 0 à 48 h par semaine."
    for name in ("revenue", "other_costs"):
        amounts = getattr(assumptions, name)
        if any(value < 0 for per_month in amounts.values() for value in per_month.values()):
            problems[name] = "Les montants ne peuvent pas être négatifs."
    return problems


def project_hires(
    hires: Iterable[PlannedHire],
    year: int,
    *,
    employer_headcount: int,
    wage_costs: WageCosts | None = None,
) -> list[ContractMonth]:
    """The planned hires' contract months in `year`: one row per person and month under contract.

    `wage_costs` is payroll.wage_costs unless given (tests pass a stand-in); it is called once.
    """
    rows = [(hire, month) for hire in hires for month in year_months(year)
            if month >= month_start(hire.month)]
    if not rows:
        return []
    if wage_costs is None:
        from jobfactory.engines import payroll  # the whole tax-benefit system: only when needed

        wage_costs = payroll.wage_costs
    costs = wage_costs([month for _, month in rows], [hire.weekly_hours for hire, _ in rows],
                       employer_headcount=employer_headcount)
    projected = []
    for hire, month in rows:
        cost = costs[(month, hire.weekly_hours)]
        fte = hire.weekly_hours / FULL_TIME_WEEKLY_HOURS
        projected.extend(
            ContractMonth(month, fte, cost.gross_cents, cost.employer_contributions_cents, planned=True)
            for _ in range(hire.count)
        )
    return projected


def employer_budget(
    year: int,
    contracts: Iterable[ContractMonth],
    supervisory: Iterable[SupervisoryMonth],
    assumptions: Assumptions,
    *,
    rates: Sequence[RateRow] = JOB_CONTRIBUTION_RATES,
    smic: SmicSchedule | None = None,
    fte_before: Decimal | None = None,
    wage_costs: WageCosts | None = None,
) -> Budget:
    """The year's budget. Rows outside the year are ignored, except that without `fte_before`
    the volunteer FTE of the previous December is taken from `contracts` (for the start-up grant).
    """
    problems = validate(assumptions)
    if problems:
        raise BudgetError(problems)
    smic = smic or legislation.smic_schedule()
    table = with_overrides(rates, assumptions.rate_overrides)
    months = year_months(year)
    contracts = list(contracts)
    supervisory = [s for s in supervisory if month_start(s.month).year == year]
    if fte_before is None:
        december = date(year - 1, 12, 1)
        fte_before = sum((c.fte for c in contracts if month_start(c.month) == december), Decimal(0))
    contracts = [c for c in contracts if month_start(c.month).year == year]
    if assumptions.hires:
        headcount = (assumptions.employer_headcount
                     or _estimated_headcount(contracts, supervisory, assumptions))
        contracts += project_hires(assumptions.hires, year, employer_headcount=headcount,
                                   wage_costs=wage_costs)

    by_month: dict[date, list[ContractMonth]] = {m: [] for m in months}
    for contract in contracts:
        by_month[month_start(contract.month)].append(contract)
    staff = {m: (sum((s.fte for s in supervisory if month_start(s.month) == m), Decimal(0)),
                 sum(s.cost_cents for s in supervisory if month_start(s.month) == m)) for m in months}

    # The grant: on the year's net new FTE, spread evenly over the months (an assumption too).
    december_fte = sum((c.fte for c in by_month[months[-1]]), Decimal(0))
    net_new = max(december_fte - fte_before, Decimal(0))
    annual_smic = sum((smic.rate_on(m).hourly_gross * MONTHLY_HOURS_FULL_TIME for m in months), Decimal(0))
    grant = cents(assumptions.startup_grant_percent * annual_smic * net_new)  # % of euros: cents
    grant_by_month = [grant * (i + 1) // 12 - grant * i // 12 for i in range(12)]

    results, warnings = [], []
    for index, month in enumerate(months):
        rate = rate_on(table, month)
        result = _month(month, by_month[month], staff[month], rate, smic.rate_on(month).hourly_gross,
                        assumptions, grant_by_month[index])
        results.append(result)
        if not rate.confirmed:
            warnings.append(f"{month:%Y-%m} : taux de CDE non confirmé ({rate.source}).")
        if result.capped:
            warnings.append(f"{month:%Y-%m} : CDE plafonnée au montant des salaires qu'elle finance.")
    return Budget(
        scenario=assumptions.name,
        year=year,
        months=tuple(results),
        totals=_totals(year, results, net_new),
        sources=_sources(table, assumptions),
        warnings=tuple(warnings),
    )


def _month(month: date, rows: list[ContractMonth], staff: tuple[Decimal, int], rate: RateRow,
           smic_hourly: Decimal, assumptions: Assumptions, grant: int) -> BudgetMonth:
    volunteer_fte = sum((r.fte for r in rows), Decimal(0))
    gross = sum(r.gross_cents for r in rows)
    contributions = sum(r.employer_contributions_cents for r in rows)
    supervisory_fte, supervisory_cost = staff
    funded_supervisory = min(supervisory_fte, (volunteer_fte + supervisory_fte) * SUPERVISORY_LIMIT)
    funded_supervisory_cost = (
        cents(supervisory_cost * funded_supervisory / supervisory_fte) if supervisory_fte else 0)

    hours_paid = (volunteer_fte + funded_supervisory) * MONTHLY_HOURS_FULL_TIME
    uncapped = cents(rate.percent * smic_hourly * hours_paid)  # % of euros: cents
    salary = gross + contributions + funded_supervisory_cost
    state = min(uncapped, salary)
    departement = cents(state * assumptions.departement_share_percent / HUNDRED)
    capped = uncapped > salary
    if assumptions.cap_includes_departement and state + departement > salary:
        departement, capped = salary - state, True

    revenue_by_activity = _in_month(assumptions.revenue, month)
    other_by_label = _in_month(assumptions.other_costs, month)
    revenue, other = sum(revenue_by_activity.values()), sum(other_by_label.values())
    balance = (state + departement + grant + revenue
               - gross - contributions - supervisory_cost - other)

    assumed = {"revenue_cents", "other_costs_cents", "startup_grant_cents", "balance_cents"}
    if any(r.planned for r in rows):
        assumed.update(PAYROLL_FIGURES)
    if not rate.confirmed:
        assumed.add("job_contribution_percent")
    if assumed & {"job_contribution_percent", "volunteer_fte"}:
        assumed.add("state_contribution_cents")
    if "state_contribution_cents" in assumed or (
            assumptions.departement_share_percent != MINIMUM_DEPARTEMENT_SHARE):
        assumed.add("departement_share_cents")
    return BudgetMonth(
        month=month, smic_hourly=smic_hourly, job_contribution_percent=rate.percent,
        volunteer_fte=volunteer_fte, supervisory_fte=supervisory_fte,
        funded_supervisory_fte=funded_supervisory,
        state_contribution_cents=state, state_contribution_uncapped_cents=uncapped, capped=capped,
        departement_share_cents=departement, startup_grant_cents=grant, revenue_cents=revenue,
        wages_gross_cents=gross, employer_contributions_cents=contributions,
        supervisory_cost_cents=supervisory_cost, other_costs_cents=other, balance_cents=balance,
        revenue_by_activity=revenue_by_activity, other_costs_by_label=other_by_label,
        assumed=frozenset(assumed),
    )


def _in_month(amounts: Mapping[str, Mapping[date, int]], month: date) -> dict[str, int]:
    # Any day designates its month, as elsewhere in the engines.
    return {name: sum(v for on, v in per_month.items() if month_start(on) == month)
            for name, per_month in amounts.items()}


def _totals(year: int, months: list[BudgetMonth], net_new: Decimal) -> BudgetYear:
    def total(name: str) -> int:
        return sum(getattr(m, name) for m in months)

    def fte_years(name: str) -> Decimal:
        return sum((getattr(m, name) for m in months), Decimal(0)) / 12

    staff_years = fte_years("volunteer_fte") + fte_years("supervisory_fte")
    costs = sum(total(name) for name in COSTS)
    assumed = set().union(*(m.assumed for m in months))
    # A ratio per FTE rests on an assumption when its numerator or the FTE do.
    if assumed & {*COSTS, "volunteer_fte"}:
        assumed.add("cost_per_fte_cents")
    if assumed & {"revenue_cents", "volunteer_fte"}:
        assumed.add("revenue_per_fte_cents")
    return BudgetYear(
        year=year,
        volunteer_fte_years=fte_years("volunteer_fte"),
        supervisory_fte_years=fte_years("supervisory_fte"),
        funded_supervisory_fte_years=fte_years("funded_supervisory_fte"),
        net_new_fte=net_new,
        **{name: total(name) for name in INCOME + COSTS + ("balance_cents",)},
        cost_per_fte_cents=cents(costs / staff_years) if staff_years else None,
        revenue_per_fte_cents=cents(total("revenue_cents") / staff_years) if staff_years else None,
        capped_months=tuple(m.month for m in months if m.capped),
        assumed=frozenset(assumed),
    )


def _estimated_headcount(contracts: list[ContractMonth], supervisory: list[SupervisoryMonth],
                         assumptions: Assumptions) -> int:
    """People employed at the busiest month plus every planned hire (a ceiling, for thresholds)."""
    busiest = max(Counter(month_start(c.month) for c in contracts).values(), default=0)
    supervisors = math.ceil(max((s.fte for s in supervisory), default=0))
    return busiest + sum(h.count for h in assumptions.hires) + supervisors


def _sources(table: Sequence[RateRow], assumptions: Assumptions) -> dict[str, str]:
    openfisca = f"OpenFisca-France {legislation.openfisca_france_version()}"
    rates = "; ".join(f"{r.starts_on.isoformat()} : {r.percent} %{'' if r.confirmed else ' (?)'}"
                      for r in table)
    return {
        "volunteer_fte": "Contrats (heures hebdomadaires / 35) ; embauches prévues : hypothèse",
        "job_contribution_percent": f"Table des taux de la CDE : {rates}",
        "state_contribution_cents": f"Taux de la CDE x SMIC horaire brut ({openfisca}, smic_b_horaire) "
        "x 151,67 h x ETP (encadrement dans la limite de 10 % des ETP), plafonnée aux salaires financés",
        "departement_share_cents": f"{assumptions.departement_share_percent} % de la part de l'État "
        "(au moins 15 %, décret 2021-863 art. 24)",
        "startup_grant_cents": f"Hypothèse : {assumptions.startup_grant_percent} % du SMIC brut annuel "
        "par ETP net créé (au plus 30 %, décret 2021-863 art. 22), réparti sur les 12 mois",
        "wages_gross_cents": f"Paie au SMIC ({openfisca})",
        "employer_contributions_cents": f"{openfisca} : cotisations_employeur + allegement_general",
        "supervisory_cost_cents": "Coût déclaré de l'encadrement (brut + cotisations patronales)",
        "revenue_cents": "Hypothèse du scénario, par activité",
        "other_costs_cents": "Hypothèse du scénario",
        "balance_cents": "Recettes - charges",
    }


@dataclass(frozen=True)
class ComparisonRow:
    key: str
    label: str
    values: tuple[int | Decimal | None, ...]
    assumed: tuple[bool, ...]


@dataclass(frozen=True)
class Comparison:
    scenarios: tuple[str, ...]
    rows: tuple[ComparisonRow, ...]


# The yearly figures compared, with their labels: FTE as the year's average.
YEAR_LABELS: dict[str, str] = {
    "volunteer_fte_years": "ETP des salariés (PPDE), moyenne de l'année",
    "supervisory_fte_years": "ETP d'encadrement, moyenne de l'année",
    "funded_supervisory_fte_years": "ETP d'encadrement financés, moyenne de l'année",
    "net_new_fte": "ETP nets créés dans l'année",
    **{key: LABELS[key] for key in INCOME + COSTS + ("balance_cents", "cost_per_fte_cents",
                                                      "revenue_per_fte_cents")},
}


def compare(budgets: Sequence[Budget]) -> Comparison:
    """The scenarios' yearly totals side by side, one row per figure."""
    # An FTE-year rests on an assumption when the months' FTE do.
    rows = tuple(ComparisonRow(key, label, tuple(getattr(b.totals, key) for b in budgets),
                               tuple(key.removesuffix("_years") in b.totals.assumed for b in budgets))
                 for key, label in YEAR_LABELS.items())
    return Comparison(scenarios=tuple(b.scenario for b in budgets), rows=rows)
