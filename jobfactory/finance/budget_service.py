"""The employer's budget: scenarios stored as assumptions, figures computed on demand.

Only the scenarios are stored (BudgetScenario, its assumptions as JSON). Each page computes the
year from what is real (the employer's contracts and their amendments, the job-contribution rate
table, the SMIC and the employer contributions from OpenFisca-France) and from the scenario's
assumptions (planned hires, revenue, other costs, supervisory staff, the département's share, the
start-up grant, rate overrides), through engines.budget.

The assumptions' JSON (version 1):
    hires            [{"month": "2026-12", "weekly_hours": "35", "count": 2}, ...]
    revenue          [{"activity": "<public id>" | null, "label": "...", "monthly_cents": [12 ints]}, ...]
    other_costs      [{"label": "...", "monthly_cents": [12 ints]}, ...]
    supervisory_fte  "10.5"; supervisory_cost_per_fte_cents: 350000 (a month, gross + contributions)
    departement_share_percent "15"; startup_grant_percent "0"; cap_includes_departement false
    rate_overrides   [{"starts_on": "2026-07-01", "percent": "100", "note": "..."}, ...]
    basis            {"hires": "how the default was set", ...}: shown next to each assumption
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from jobfactory.activities.enums import ActivityStatus
from jobfactory.activities.models import Activity
from jobfactory.engines import budget as engine
from jobfactory.engines import contracts as contract_terms
from jobfactory.engines import legislation, payroll
from jobfactory.engines.eligibility import add_months
from jobfactory.finance.models import BudgetScenario, JobContributionRate
from jobfactory.people.enums import PersonStatus
from jobfactory.people.models import Person
from jobfactory.staffing.models import Contract
from jobfactory.territories.enums import Role
from jobfactory.territories.models import Employer
from jobfactory.territories.scope import role_of

BASE_NAME = "Budget de base"
VERSION = 1
FIRST_YEAR = 2017  # the first row of the job-contribution rate table
YEARS_AHEAD = 3
# Defaults of a new base scenario: assumptions, each labelled as such on the page.
SUPERVISORY_SHARE = Decimal("0.08")  # of the volunteers' FTE: about one supervisor for 12 FTE
SUPERVISORY_COST_PER_FTE_CENTS = 350_000  # a month, gross + employer contributions
HIRING_LOOKBACK_MONTHS = 12

VIEW_ROLES = frozenset({Role.EMPLOYER_MANAGER, Role.PROGRAMME_OFFICER, Role.NATIONAL_FUND})


# --- who may see and change ---------------------------------------------------------------------

def can_view_budgets(user) -> bool:
    """The employer's managers, its programme's officers and the national fund (figures only)."""
    return role_of(user) in VIEW_ROLES


def budget_employers(user):
    """The employers whose budget the user may read; none outside VIEW_ROLES."""
    if role_of(user) not in VIEW_ROLES:
        return Employer.objects.none()
    return Employer.objects.visible_to(user)


def can_edit(user, employer: Employer) -> bool:
    """Only the employer's own managers copy and change its scenarios."""
    return role_of(user) == Role.EMPLOYER_MANAGER and user.profile.employer_id == employer.pk


def scenarios_visible_to(user):
    return BudgetScenario.objects.filter(employer__in=budget_employers(user))


def year_allowed(year: int, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return FIRST_YEAR <= year <= today.year + YEARS_AHEAD


# --- the assumptions' JSON ----------------------------------------------------------------------

def month_key(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def parse_month(text: str) -> date:
    year, month = text.split("-")[:2]
    return date(int(year), int(month), 1)


def _decimal(value, default: str = "0") -> Decimal:
    try:
        return Decimal(str(value if value not in (None, "") else default))
    except InvalidOperation:
        return Decimal(default)


def to_cents(euros: Decimal) -> int:
    return int((Decimal(euros) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def spread(annual_cents: int, months: int = 12) -> list[int]:
    """An annual amount over `months` months, to the cent, the remainder on the later months."""
    return [annual_cents * (i + 1) // months - annual_cents * i // months for i in range(months)]


def _twelve(values) -> list[int]:
    values = [int(v) for v in (values or [])][:12]
    return values + [0] * (12 - len(values))


def engine_assumptions(data: dict, year: int, name: str, *, since: date | None = None,
                       headcount: int | None = None) -> engine.Assumptions:
    """The engine's Assumptions from a scenario's JSON. Planned hires before `since` are left out."""
    months = engine.year_months(year)
    hires = tuple(
        engine.PlannedHire(parse_month(h["month"]), _decimal(h["weekly_hours"]), int(h.get("count", 1)))
        for h in data.get("hires", [])
        if parse_month(h["month"]).year == year and (since is None or parse_month(h["month"]) >= since))
    return engine.Assumptions(
        name=name,
        hires=hires,
        revenue={row["label"]: dict(zip(months, _twelve(row.get("monthly_cents")), strict=True))
                 for row in data.get("revenue", [])},
        other_costs={row["label"]: dict(zip(months, _twelve(row.get("monthly_cents")), strict=True))
                     for row in data.get("other_costs", [])},
        departement_share_percent=_decimal(data.get("departement_share_percent"),
                                           str(engine.MINIMUM_DEPARTEMENT_SHARE)),
        startup_grant_percent=_decimal(data.get("startup_grant_percent")),
        rate_overrides=tuple(
            engine.RateRow(date.fromisoformat(r["starts_on"]), _decimal(r["percent"]), r.get("note") or "")
            for r in data.get("rate_overrides", [])),
        cap_includes_departement=bool(data.get("cap_includes_departement", False)),
        employer_headcount=headcount,
    )


def problems_of(data: dict, year: int) -> dict[str, str]:
    """What is wrong with a scenario's assumptions, by field, in French: the engine's rules first."""
    problems = {}
    try:
        assumptions = engine_assumptions(data, year, "")
    except (KeyError, TypeError, ValueError):
        return {"__all__": _("Hypothèses illisibles.")}
    problems.update(engine.validate(assumptions))
    if any(parse_month(h["month"]).year != year for h in data.get("hires", [])):
        problems.setdefault("hires", _("Les embauches prévues doivent tomber dans l'année %(year)s.")
                            % {"year": year})
    if _decimal(data.get("supervisory_fte")) < 0:
        problems["supervisory_fte"] = _("Les ETP d'encadrement ne peuvent pas être négatifs.")
    if int(data.get("supervisory_cost_per_fte_cents") or 0) < 0:
        problems["supervisory_cost_per_fte_cents"] = _("Un coût ne peut pas être négatif.")
    for name in ("revenue", "other_costs"):
        labels = [row["label"] for row in data.get(name, [])]
        if len(labels) != len(set(labels)):
            problems.setdefault(name, _("Deux lignes portent le même nom."))
    return problems


# --- defaults of the base scenario, from the real data ------------------------------------------

def _activities(employer: Employer):
    return list(Activity.objects.filter(
        employer=employer, status__in=[ActivityStatus.RUNNING, ActivityStatus.APPROVED])
        .select_related("territory").order_by("title", "territory__name"))


def _labels(activities) -> dict[int, str]:
    titles = Counter(a.title for a in activities)
    return {a.pk: f"{a.title} ({a.territory.name})" if titles[a.title] > 1 else a.title for a in activities}


def _activity_months(activity, year: int) -> list[bool]:
    """The months of `year` in which a running activity earns by default: from its start."""
    if activity.status != ActivityStatus.RUNNING:
        return [False] * 12
    since = activity.status_since
    if since.year > year:
        return [False] * 12
    first = since.month if since.year == year else 1
    return [m >= first for m in range(1, 13)]


def monthly_euros(annual_euros: Decimal) -> int:
    """A twelfth of an annual amount, rounded to the euro, in cents."""
    return to_cents((Decimal(annual_euros) / 12).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _rows_from(activities, year, amount) -> list[dict]:
    labels = _labels(activities)
    rows = []
    for activity in activities:
        monthly = [monthly_euros(amount(activity))] * 12
        active = _activity_months(activity, year)
        rows.append({"activity": str(activity.public_id), "label": labels[activity.pk],
                     "monthly_cents": [v if on else 0 for v, on in zip(monthly, active, strict=True)]})
    return rows


def waiting_queue(employer: Employer):
    """The waiting lists of the territories the employer serves, merged in the committee's order."""
    return Person.objects.filter(territory__in=employer.territories.all(), status=PersonStatus.WAITING) \
        .order_by("eligible_since", "registered_at", "pk")


def hiring_rate(employer: Employer, today: date) -> Decimal:
    """Hires a month over the last 12 months (contracts started in that window)."""
    since = add_months(today, -HIRING_LOOKBACK_MONTHS)
    started = Contract.objects.filter(employer=employer, start_on__gt=since, start_on__lte=today).count()
    return Decimal(started) / HIRING_LOOKBACK_MONTHS


def planning_months(year: int, today: date) -> list[date]:
    """The months of `year` still to come (after the current month): those a scenario plans."""
    current = contract_terms.month_start(today)
    return [m for m in engine.year_months(year) if m > current]


def default_hires(employer: Employer, year: int, today: date, *,
                  per_month: Decimal | None = None) -> list[dict]:
    """Planned hires for the months to come: `per_month` a month (by default the last 12 months'
    rhythm), the people taken in the waiting list's order at their chosen hours, no more than the
    list holds."""
    months = planning_months(year, today)
    if not months:
        return []
    rate = hiring_rate(employer, today) if per_month is None else Decimal(per_month)
    total = int((rate * len(months)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    queue = list(waiting_queue(employer).values_list("chosen_hours", flat=True)[:total])
    counts = spread(len(queue), len(months))
    hires, position = [], 0
    for month, count in zip(months, counts, strict=True):
        by_hours = Counter(queue[position:position + count])
        position += count
        hires += [{"month": month_key(month), "weekly_hours": decimal_text(hours), "count": n}
                  for hours, n in sorted(by_hours.items(), reverse=True)]
    return hires


def _fte_on(employer: Employer, on: date) -> Decimal:
    contracts = Contract.objects.filter(employer=employer, start_on__lte=on).filter(
        Q(end_on__isnull=True) | Q(end_on__gte=on)).prefetch_related("amendments")
    return sum((contract_terms.fte_of_hours(contract_terms.hours_on(c.terms(), on)) for c in contracts),
               Decimal(0))


def default_assumptions(employer: Employer, year: int, today: date) -> dict:
    """The base scenario's assumptions, each with the basis of its default value."""
    activities = _activities(employer)
    rate = hiring_rate(employer, today)
    waiting = waiting_queue(employer).count()
    hires = default_hires(employer, year, today, per_month=rate)
    reference = min(max(today, date(year, 1, 1)), date(year, 12, 31))
    supervisory = (_fte_on(employer, reference) * SUPERVISORY_SHARE * 2).quantize(
        Decimal(1), rounding=ROUND_HALF_UP) / 2
    planned = planning_months(year, today)
    if planned:
        period = date_format(planned[0], "F Y")
        if len(planned) > 1:
            period = _("%(first)s à décembre %(year)s") % {"first": date_format(planned[0], "F"),
                                                            "year": year}
        hires_basis = _(
            "Rythme des 12 derniers mois (%(rate)s embauche(s) par mois) sur les mois à venir (%(period)s), "
            "dans la limite de la liste d'attente (%(waiting)s personnes), aux heures choisies des personnes "
            "en tête de liste.") % {"rate": _number(rate, 1), "period": period, "waiting": waiting}
    else:
        hires_basis = _("Année passée ou en cours jusqu'en décembre : les contrats réels suffisent, "
                        "aucune embauche prévue.")
    return {
        "version": VERSION,
        "hires": hires,
        "revenue": _rows_from(activities, year, lambda a: a.expected_revenue),
        "other_costs": [row for row in _rows_from(activities, year, lambda a: a.expected_costs)
                        if any(row["monthly_cents"])],
        "supervisory_fte": decimal_text(supervisory),
        "supervisory_cost_per_fte_cents": SUPERVISORY_COST_PER_FTE_CENTS,
        "departement_share_percent": str(engine.MINIMUM_DEPARTEMENT_SHARE),
        "startup_grant_percent": "0",
        "cap_includes_departement": False,
        "rate_overrides": [],
        "basis": {
            "hires": hires_basis,
            "revenue": _("Chiffre d'affaires annuel attendu de chaque fiche activité (activités en cours), "
                         "divisé par 12 et arrondi à l'euro, à partir du mois de démarrage ; activités "
                         "validées non lancées : à saisir."),
            "other_costs": _("Charges annuelles hors salaires attendues de chaque fiche activité, divisées "
                             "par 12 et arrondies à l'euro. Frais de structure (locaux, véhicules, "
                             "assurances) à ajouter."),
            "supervisory": _("Environ 8 %% des ETP des salariés au %(on)s, à 3 500 € par ETP et par mois "
                             "(brut et cotisations patronales) : valeurs par défaut, à remplacer par la paie "
                             "réelle de l'encadrement.") % {"on": date_format(reference, "j F Y")},
            "departement_share_percent": _("Le minimum légal (décret 2021-863, art. 24) : la convention "
                                           "avec le département peut prévoir plus."),
            "startup_grant_percent": _("Aucune dotation tant que la convention ne la prévoit pas "
                                       "(au plus 30 %, décret 2021-863, art. 22)."),
            "cap_includes_departement": _("Le plafond (les salaires financés) s'applique à la seule "
                                          "contribution de l'État, comme le résume DOMAIN.md ; le décret "
                                          "2021-863, art. 24, peut se lire comme plafonnant l'ensemble "
                                          "des financements publics."),
            "rate_overrides": _("Aucune : la table des taux en vigueur s'applique."),
        },
    }


def _number(value: Decimal, places: int) -> str:
    return number_format(Decimal(value), places)


def decimal_text(value: Decimal) -> str:
    """A Decimal as the JSON keeps it: "30", "17.5" (never "3E+1")."""
    return f"{Decimal(value).normalize():f}"


# --- the scenarios' flows -------------------------------------------------------------------------

def ensure_base(employer: Employer, year: int, *, today: date | None = None) -> BudgetScenario:
    """The year's « Budget de base », made from the real data on the first visit."""
    today = today or timezone.localdate()
    existing = BudgetScenario.objects.filter(employer=employer, year=year, name=BASE_NAME).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return BudgetScenario.objects.create(
                employer=employer, year=year, name=BASE_NAME,
                assumptions=default_assumptions(employer, year, today))
    except IntegrityError:  # made by a simultaneous visit
        return BudgetScenario.objects.get(employer=employer, year=year, name=BASE_NAME)


class ScenarioNameTaken(ValueError):
    pass


def copy_scenario(scenario: BudgetScenario, name: str, *, user) -> BudgetScenario:
    name = name.strip()
    if BudgetScenario.objects.filter(employer=scenario.employer, year=scenario.year, name=name).exists():
        raise ScenarioNameTaken(_("Un scénario de cette année porte déjà ce nom."))
    now = timezone.now()
    try:
        with transaction.atomic():
            return BudgetScenario.objects.create(
                employer=scenario.employer, year=scenario.year, name=name, based_on=scenario,
                assumptions=dict(scenario.assumptions), created_by=user, created_at=now, updated_at=now)
    except IntegrityError:
        raise ScenarioNameTaken(_("Un scénario de cette année porte déjà ce nom.")) from None


EDITED_KEYS = {"hires": "hires", "revenue": "revenue", "other_costs": "other_costs",
               "supervisory_fte": "supervisory", "supervisory_cost_per_fte_cents": "supervisory",
               "departement_share_percent": "departement_share_percent",
               "startup_grant_percent": "startup_grant_percent",
               "cap_includes_departement": "cap_includes_departement", "rate_overrides": "rate_overrides"}


def update_assumptions(scenario: BudgetScenario, data: dict, *, user, today: date | None = None,
                       basis: dict[str, str] | None = None) -> None:
    """Replace the scenario's assumptions, or raise engine.BudgetError with every problem: nothing saved.

    Each changed assumption's basis becomes « saisi le ... », unless `basis` says where it comes from.
    """
    problems = problems_of(data, scenario.year)
    if problems:
        raise engine.BudgetError(problems)
    today = today or timezone.localdate()
    old = scenario.assumptions or {}
    bases = dict(old.get("basis", {}))
    note = _("Saisi dans ce scénario le %(on)s.") % {"on": date_format(today, "j F Y")}
    for key, basis_key in EDITED_KEYS.items():
        if _normal(data.get(key)) != _normal(old.get(key)):
            bases[basis_key] = note
    bases.update(basis or {})
    scenario.assumptions = {**old, **data, "version": VERSION, "basis": bases}
    scenario.updated_at = timezone.now()
    scenario.save(update_fields=["assumptions", "updated_at"])


def _normal(value):
    """Values compared as the JSON stores them: "15" and "15.00" are the same assumption."""
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, str):
        try:
            return Decimal(value).normalize()
        except InvalidOperation:
            return value
    return value


# --- the figures ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Payroll:
    """The employer's real contracts over the year, shared by all of its scenarios of that year."""

    pays: tuple[contract_terms.MonthPay, ...]
    fte_before: Decimal  # the previous December's volunteer FTE
    busiest: int  # contracts in the busiest month of the year
    contracts: int  # contracts counted in the year


def payroll_of(employer: Employer, year: int) -> Payroll:
    first, last = date(year, 1, 1), date(year, 12, 31)
    december = date(year - 1, 12, 1)
    smic = legislation.smic_schedule()
    contracts = (Contract.objects.filter(employer=employer, start_on__lte=last)
                 .filter(Q(end_on__isnull=True) | Q(end_on__gte=december)).prefetch_related("amendments"))
    pays, fte_before, per_month, counted = [], Decimal(0), Counter(), 0
    for contract in contracts:
        terms = contract.terms()
        # Only the months from the previous December: the hours in force are kept by the amendments.
        clipped = contract_terms.ContractTerms(
            start_on=max(terms.start_on, december), end_on=terms.end_on,
            weekly_hours=contract_terms.hours_on(terms, max(terms.start_on, december)), changes=terms.changes)
        in_year = False
        for pay in contract_terms.monthly_pay(clipped, smic, last):
            if pay.month < first:
                fte_before += pay.fte
            else:
                pays.append(pay)
                per_month[pay.month] += 1
                in_year = True
        counted += in_year
    return Payroll(tuple(pays), fte_before, max(per_month.values(), default=0), counted)


# OpenFisca costs one (month, weekly hours, headcount) the same in every request: kept in memory,
# never in the database. Bounded: cleared when full.
_WAGE_COSTS: dict[tuple[date, Decimal, int], payroll.WageCost] = {}
_WAGE_COSTS_LIMIT = 50_000


def wage_costs(pairs, headcount: int) -> dict[tuple[date, Decimal], payroll.WageCost]:
    """The cost of each (month, hours) pair, the missing ones in ONE OpenFisca simulation."""
    wanted = {(contract_terms.month_start(m), payroll.hours_key(h)) for m, h in pairs}
    missing = sorted(p for p in wanted if (*p, headcount) not in _WAGE_COSTS)
    if missing:
        if len(_WAGE_COSTS) + len(missing) > _WAGE_COSTS_LIMIT:
            _WAGE_COSTS.clear()
        computed = payroll.wage_costs([m for m, _ in missing], [h for _, h in missing],
                                      employer_headcount=headcount)
        for (month, hours), cost in computed.items():
            _WAGE_COSTS[(month, hours, headcount)] = cost
    return {p: _WAGE_COSTS[(*p, headcount)] for p in wanted}


@dataclass
class Result:
    """A scenario's year: the engine's budget and what the page says about where it comes from."""

    scenario: BudgetScenario
    budget: engine.Budget
    assumptions: engine.Assumptions
    headcount: int
    payroll: Payroll
    ignored_hires: int = 0
    rates: list = field(default_factory=list)  # the rows in force during the year
    smic: list = field(default_factory=list)  # the SMIC rates in force during the year
    future_months: frozenset = frozenset()
    smic_carried: legislation.SmicRate | None = None  # the last known SMIC, used for months to come
    supervisory_fte: Decimal = Decimal(0)


# The figures that rest on the supervisory staff: no payroll of theirs is recorded here, so their FTE
# and cost are the scenario's assumptions, and so is the part of the contribution that funds them.
SUPERVISORY_FIGURES = frozenset({"supervisory_fte", "funded_supervisory_fte", "supervisory_cost_cents",
                                 "state_contribution_cents", "departement_share_cents", "balance_cents"})


def supervisory_assumed(budget: engine.Budget, fte: Decimal, cost_per_fte_cents: int) -> engine.Budget:
    """The budget with the supervisory staff's figures labelled as assumptions."""
    months = tuple(replace(m, assumed=m.assumed | SUPERVISORY_FIGURES) for m in budget.months)
    totals = replace(budget.totals, assumed=budget.totals.assumed | SUPERVISORY_FIGURES
                     | {"cost_per_fte_cents", "revenue_per_fte_cents"})
    sources = {**budget.sources, "supervisory_cost_cents": _(
        "Hypothèse du scénario : %(fte)s ETP x %(cost)s € par ETP et par mois (brut + cotisations "
        "patronales)") % {"fte": decimal_text(fte).replace(".", ","),
                          "cost": _number(Decimal(cost_per_fte_cents) / 100, 2)}}
    return replace(budget, months=months, totals=totals, sources=sources)


def rate_table() -> tuple[engine.RateRow, ...]:
    return tuple(engine.RateRow(r.starts_on, r.percent, r.source, r.confirmed)
                 for r in JobContributionRate.objects.order_by("starts_on"))


def rows_in_year(rows, year: int, starts=lambda r: r.starts_on) -> list:
    """The rows in force at some point of `year`: the one of 1 January and those starting later."""
    rows = sorted(rows, key=starts)
    first, last = date(year, 1, 1), date(year, 12, 31)
    current = [r for r in rows if starts(r) <= first][-1:]
    return current + [r for r in rows if first < starts(r) <= last]


def compute(scenarios, *, today: date | None = None) -> list[Result]:
    """The budgets of scenarios of one employer and year (as the compare page needs them)."""
    today = today or timezone.localdate()
    scenarios = list(scenarios)
    if not scenarios:
        return []
    employer, year = scenarios[0].employer, scenarios[0].year
    if any(s.employer_id != employer.pk or s.year != year for s in scenarios):
        raise ValueError("scenarios of one employer and one year only")
    real = payroll_of(employer, year)
    smic = legislation.smic_schedule()
    table = rate_table()
    current = contract_terms.month_start(today)
    prepared = []
    for scenario in scenarios:
        data = scenario.assumptions or {}
        everything = engine_assumptions(data, year, scenario.name)
        assumptions = engine_assumptions(data, year, scenario.name, since=current)
        supervisory_fte = _decimal(data.get("supervisory_fte"))
        headcount = (real.busiest + sum(h.count for h in assumptions.hires) + math.ceil(supervisory_fte))
        prepared.append((scenario, data, assumptions, max(headcount, 1),
                         len(everything.hires) - len(assumptions.hires), supervisory_fte))
    # One simulation per distinct headcount (OpenFisca's thresholds), usually one for all.
    costs_by_headcount = {}
    for headcount in {p[3] for p in prepared}:
        pairs = [(p.month, p.weekly_hours) for p in real.pays]
        pairs += [(m, h.weekly_hours) for s in prepared if s[3] == headcount for h in s[2].hires
                  for m in engine.year_months(year) if m >= h.month]
        costs_by_headcount[headcount] = wage_costs(pairs, headcount)
    results = []
    for scenario, data, assumptions, headcount, ignored, supervisory_fte in prepared:
        costs = costs_by_headcount[headcount]
        assumptions = engine_assumptions(data, year, scenario.name, since=current, headcount=headcount)
        months = payroll.contract_months(real.pays, costs)
        cost_per_fte = int(data.get("supervisory_cost_per_fte_cents") or 0)
        monthly_cost = engine.cents(supervisory_fte * cost_per_fte)
        supervisory = [engine.SupervisoryMonth(m, supervisory_fte, monthly_cost)
                       for m in engine.year_months(year)] if supervisory_fte else []
        budget = engine.employer_budget(
            year, months, supervisory, assumptions, rates=table, smic=smic, fte_before=real.fte_before,
            wage_costs=lambda *_args, _costs=costs, **_kwargs: _costs)
        if supervisory_fte:
            budget = supervisory_assumed(budget, supervisory_fte, cost_per_fte)
        last_smic = smic.rates[-1]
        future = frozenset(m for m in engine.year_months(year) if m > current)
        results.append(Result(
            scenario=scenario, budget=budget, assumptions=assumptions, headcount=headcount, payroll=real,
            ignored_hires=ignored,
            rates=rows_in_year(engine.with_overrides(table, assumptions.rate_overrides), year),
            smic=rows_in_year(smic.rates, year),
            future_months=future,
            smic_carried=last_smic if any(m >= last_smic.starts_on for m in future) else None,
            supervisory_fte=supervisory_fte,
        ))
    return results
