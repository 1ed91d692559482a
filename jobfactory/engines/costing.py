"""What a person costs and brings to the public purse, before hiring and after (OpenFisca-France).

One row per person costed, with the household around them. The whole population is simulated at
once with OpenFisca's array API (one entity of each kind per household), for one evaluation month.
Earlier months are filled in as inputs, because OpenFisca's benefits look back: RSA and the prime
d'activité at the last three months' resources, housing aid at a rolling year, income tax at the
calendar year.

Amounts are cents per month, positive, on the public purse's side: `spending` items are what it pays
the household, `receipts` items what it collects on the household's income.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
from openfisca_core.indexed_enums import EnumArray
from openfisca_core.simulations import SimulationBuilder

from jobfactory.engines.legislation import tax_benefit_system
from jobfactory.engines.payroll import (
    FULL_TIME_WEEKLY_HOURS,
    MONTHLY_HOURS_FULL_TIME,
    monthly_gross_cents,
    wage_cost_arrays,
)

# Inputs are filled from January two years before the evaluated year: family benefits, AAH and
# the CSG rate on unemployment benefits read the resources of year N-2.
HISTORY_YEARS = 2


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    side: str  # "spending" or "receipts"
    variables: tuple[str, ...]
    entity: str
    declarable: bool = False


# The items of the direct effect. A variable's sign in OpenFisca is from the household's side
# (taxes and contributions negative); `_amounts` turns everything into positive public amounts.
ITEMS: tuple[Item, ...] = (
    Item("rsa", "RSA", "spending", ("rsa",), "famille", declarable=True),
    Item("ass", "ASS", "spending", ("ass",), "individu", declarable=True),
    Item("are", "ARE (assurance chômage)", "spending", ("chomage_brut",), "individu", declarable=True),
    Item("housing_aid", "Aide au logement", "spending", ("aide_logement",), "famille", declarable=True),
    Item("activity_bonus", "Prime d'activité", "spending", ("ppa",), "famille", declarable=True),
    Item("family_benefits", "Prestations familiales", "spending",
         ("af", "cf", "asf", "paje_base"), "famille", declarable=True),
    Item("aah", "AAH", "spending", ("aah",), "individu", declarable=True),
    Item("employee_contributions", "Cotisations salariales", "receipts",
         ("cotisations_salariales",), "individu"),
    # From engines.payroll, one month at a time: over a multi-month history, OpenFisca's progressive
    # recovery of the general reduction books the year's reduction again each month.
    Item("employer_contributions", "Cotisations patronales nettes de la réduction générale", "receipts",
         (), "payroll"),
    Item("csg_crds", "CSG et CRDS", "receipts",
         ("csg_deductible_salaire", "csg_imposable_salaire", "crds_salaire",
          "csg_deductible_chomage", "csg_imposable_chomage", "crds_chomage"), "individu"),
    Item("income_tax", "Impôt sur le revenu", "receipts", ("impot_revenu_restant_a_payer",), "foyer_fiscal"),
)
ITEM_KEYS = tuple(item.key for item in ITEMS)
DECLARABLE = tuple(item.key for item in ITEMS if item.declarable)


@dataclass
class Households:
    """One row per person costed. Dates are numpy datetime64[D]; money is cents per month.

    `children_birth` is (n, k) with NaT where there is no child. `declared` maps an item key to the
    amount the household says it actually receives, -1 where it said nothing.
    """

    birth: np.ndarray
    partner_birth: np.ndarray  # NaT: no partner
    partner_gross: np.ndarray  # the partner's monthly gross wage, cents
    children_birth: np.ndarray
    housing: np.ndarray  # index into openfisca's TypesStatutOccupationLogement
    rent: np.ndarray  # cents per month
    commune: np.ndarray  # INSEE code, str
    incapacity: np.ndarray  # AAH incapacity rate, 0 to 1
    ass_eligible: np.ndarray  # bool
    are_gross: np.ndarray  # unemployment insurance received before hiring, cents per month
    weekly_hours: np.ndarray  # chosen hours once hired
    declared: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.birth)

    def take(self, rows: np.ndarray) -> Households:
        return Households(
            **{name: getattr(self, name)[rows] for name in _COLUMNS},
            declared={key: values[rows] for key, values in self.declared.items()},
        )


_COLUMNS = ("birth", "partner_birth", "partner_gross", "children_birth", "housing", "rent", "commune",
            "incapacity", "ass_eligible", "are_gross", "weekly_hours")


@dataclass(frozen=True)
class Scenario:
    """An evaluation month, and how many months each person has worked by then (0: not hired)."""

    month: date
    worked_months: int


@dataclass
class Costs:
    """Per item, the computed amount (cents per month) for each person, at one scenario."""

    scenario: Scenario
    computed: dict[str, np.ndarray]


def _month_index(on: date) -> int:
    return on.year * 12 + on.month - 1


def _period(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass
class Layout:
    """Where each household's members sit among OpenFisca's person rows: the person first, then the
    partner, then the children."""

    households: int
    total: int
    household_of: np.ndarray
    person_rows: np.ndarray
    partner_rows: np.ndarray
    has_partner: np.ndarray
    birth: np.ndarray
    roles: dict[str, np.ndarray]


def layout(households: Households) -> Layout:
    n = len(households)
    has_partner = ~np.isnat(households.partner_birth)
    children = (~np.isnat(households.children_birth)).sum(axis=1)
    size = 1 + has_partner + children
    total = int(size.sum())
    household_of = np.repeat(np.arange(n), size)
    starts = np.concatenate(([0], np.cumsum(size)[:-1])).astype(np.int64)
    rank = np.arange(total) - np.repeat(starts, size)
    is_person = rank == 0
    is_partner = (rank == 1) & has_partner[household_of]
    is_child = ~is_person & ~is_partner
    partner_rows = starts[has_partner] + 1

    birth = np.empty(total, dtype="datetime64[D]")
    birth[starts] = households.birth
    birth[partner_rows] = households.partner_birth[has_partner]
    child_rank = rank - 1 - has_partner[household_of]
    birth[is_child] = households.children_birth[household_of[is_child], child_rank[is_child]]
    roles = {
        "famille": np.where(is_person, "demandeur", np.where(is_partner, "conjoint", "enfant")),
        "foyer_fiscal": np.where(is_person, "declarant_principal",
                                 np.where(is_partner, "conjoint", "personne_a_charge")),
        "menage": np.where(is_person, "personne_de_reference", np.where(is_partner, "conjoint", "enfant")),
    }
    return Layout(n, total, household_of, starts, partner_rows, has_partner, birth, roles)


@dataclass
class Wages:
    """Each person row's pay history at a scenario: a constant monthly gross (a partner's job, in
    cents) and, from the hiring month, the chosen weekly hours at the SMIC (0: not hired)."""

    gross: np.ndarray
    hired_hours: np.ndarray

    def take(self, rows: np.ndarray) -> Wages:
        return Wages(self.gross[rows], self.hired_hours[rows])


def wages(households: Households, rows: Layout, scenario: Scenario) -> Wages:
    gross = np.zeros(rows.total)
    gross[rows.partner_rows] = households.partner_gross[rows.has_partner]
    hired_hours = np.zeros(rows.total)
    if scenario.worked_months:
        hired_hours[rows.person_rows] = households.weekly_hours
    return Wages(gross, hired_hours)


@dataclass(frozen=True)
class Span:
    """The months of inputs a scenario needs, as month indexes (see `_month_index`)."""

    evaluated: int
    first: int
    last: int
    hired_from: int | None

    @classmethod
    def of(cls, scenario: Scenario) -> Span:
        evaluated = _month_index(scenario.month)
        hired_from = evaluated - scenario.worked_months + 1 if scenario.worked_months else None
        # Income tax is the calendar year's: a hired person goes on working to its end.
        return cls(evaluated, (evaluated // 12 - HISTORY_YEARS) * 12, (evaluated // 12) * 12 + 11, hired_from)

    def hired(self, index: int) -> bool:
        return self.hired_from is not None and index >= self.hired_from


def set_wage_inputs(simulation, scenario: Scenario, pay: Wages, employer_headcount: int) -> None:
    """The pay inputs of every month of the scenario's span: the only inputs the wage side reads."""
    system = simulation.tax_benefit_system
    smic = system.parameters.marche_travail.salaire_minimum.smic.smic_b_horaire
    span = Span.of(scenario)
    employed = pay.hired_hours > 0
    headcount = np.full(len(pay.gross), employer_headcount)
    for index in range(span.first, span.last + 1):
        period = _period(index)
        wage = pay.gross / 100
        if span.hired(index):
            wage = np.where(employed, monthly_gross_cents(smic(period), pay.hired_hours) / 100, wage)
            # temps_partiel: the reduction is prorated on hours
            contract = employed.astype(np.int16)
            simulation.set_input("heures_remunerees_volume", period,
                                 pay.hired_hours * MONTHLY_HOURS_FULL_TIME / FULL_TIME_WEEKLY_HOURS)
            simulation.set_input("contrat_de_travail", period, _enum(system, "contrat_de_travail", contract))
        simulation.set_input("salaire_de_base", period, wage)
        simulation.set_input("effectif_entreprise", period, headcount)


def build(households: Households, scenario: Scenario, rows: Layout, *, simulation_class=None,
          employer_headcount: int = 100):
    """The OpenFisca simulation of every household at one scenario, with all its inputs set."""
    system = tax_benefit_system()
    n = rows.households
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("individu", np.arange(rows.total))
    for entity, entity_roles in rows.roles.items():
        population = builder.declare_entity(entity, np.arange(n))
        builder.join_with_persons(population, rows.household_of, entity_roles)
    simulation = builder.build(system)
    if simulation_class is not None:
        simulation.__class__ = simulation_class

    span = Span.of(scenario)
    simulation.set_input("date_naissance", "ETERNITY", rows.birth)
    # Nothing is known before the history: no income, so a reference tax income of zero. Saying so
    # stops OpenFisca from recursing year after year (the CSG rate of year N reads the RFR of N-2).
    for year in range(span.first // 12 - HISTORY_YEARS, span.first // 12):
        simulation.set_input("rfr", str(year), np.zeros(n))
    set_wage_inputs(simulation, scenario, wages(households, rows, scenario), employer_headcount)
    person_rows = rows.person_rows
    zeros = np.zeros(rows.total)
    for index in range(span.first, span.last + 1):
        period = _period(index)
        are = zeros.copy()
        if not span.hired(index):
            are[person_rows] = households.are_gross / 100
        simulation.set_input("chomage_brut", period, are)
        incapacity = zeros.copy()
        incapacity[person_rows] = households.incapacity
        simulation.set_input("taux_incapacite", period, incapacity)
        # Between 50 and 80 %, AAH also needs a substantial and lasting restriction of access to
        # employment: the household situation records that choice as 0.5.
        simulation.set_input("aah_restriction_substantielle_durable_acces_emploi", period, incapacity >= 0.5)
        ass = np.zeros(rows.total, dtype=bool)
        ass[person_rows] = households.ass_eligible
        simulation.set_input("ass_precondition_remplie", period, ass)
        simulation.set_input("statut_occupation_logement", period,
                             _enum(system, "statut_occupation_logement", households.housing))
        simulation.set_input("loyer", period, households.rent / 100)
        simulation.set_input("depcom", period, households.commune)
    return simulation


def simulate(households: Households, scenario: Scenario, *, employer_headcount: int = 100) -> Costs:
    """Every item for every person at one scenario, in one OpenFisca simulation."""
    rows = layout(households)
    simulation = build(households, scenario, rows, employer_headcount=employer_headcount)
    return collect(simulation, households, scenario, rows, employer_headcount)


def collect(simulation, households: Households, scenario: Scenario, rows: Layout,
            employer_headcount: int) -> Costs:
    """Every item's amount for each household, from a simulation `build` made."""
    span = Span.of(scenario)
    period = _period(span.evaluated)
    year = str(span.evaluated // 12)
    computed = {"employer_contributions": _employer_contributions(households, scenario, employer_headcount)}
    for item in ITEMS:
        if item.entity == "payroll":
            continue
        amount = np.zeros(rows.households)
        for variable in item.variables:
            # Some exemptions' formulas divide by a zero wage, then multiply the result by zero.
            with np.errstate(divide="ignore", invalid="ignore"):
                if item.entity == "foyer_fiscal":
                    values = simulation.calculate(variable, year) / 12
                else:
                    values = simulation.calculate(variable, period)
            if item.entity == "individu":
                values = values[rows.person_rows]
            amount += values
        if item.side == "receipts":
            amount = -amount
        computed[item.key] = np.rint(amount * 100).astype(np.int64)
    return Costs(scenario=scenario, computed=computed)


def _enum(system, variable: str, indices: np.ndarray):
    possible = system.get_variable(variable).possible_values
    return EnumArray(np.asarray(indices, dtype=np.int16), possible)


def _employer_contributions(households: Households, scenario: Scenario, headcount: int) -> np.ndarray:
    if not scenario.worked_months or not len(households):
        return np.zeros(len(households), dtype=np.int64)
    hours, position = np.unique(np.asarray(households.weekly_hours, dtype=float), return_inverse=True)
    months = [scenario.month] * len(hours)
    _, before, reduction = wage_cost_arrays(months, hours, employer_headcount=headcount)
    return (np.asarray(before) - np.asarray(reduction)).astype(np.int64)[position.ravel()]
