"""The costing engine (issue 5) against plain OpenFisca-France simulations, the un-neutralised
system, and the batch runner; and the reference periods the law gives benefits.

The plain simulations are built here with OpenFisca's dict API from a description of each household,
without the engine's code: same months, same inputs, one household per simulation.
"""

import importlib.util
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from openfisca_core.simulations import SimulationBuilder
from openfisca_france import FranceTaxBenefitSystem
from openfisca_france.model.prestations import aides_logement

from jobfactory.engines import costing, costing_batch, payroll
from jobfactory.engines.costing import Households, Scenario
from jobfactory.engines.legislation import NEUTRALIZED, tax_benefit_system

LILLE, ROUBAIX = "59350", "59512"
HEADCOUNT = 100
# Hired on 1 May 2025 (no SMIC or RSA revaluation between May and August 2025).
BEFORE = Scenario(date(2025, 4, 1), worked_months=0)  # the month before hiring
MONTH_1 = Scenario(date(2025, 5, 1), worked_months=1)
MONTH_4 = Scenario(date(2025, 8, 1), worked_months=4)
MONTH_13 = Scenario(date(2026, 5, 1), worked_months=13)

# How each item reads in OpenFisca: (entity, variables, sign). Receipts are negative amounts from
# the household's side; income tax is the calendar year's, a twelfth a month.
ITEM_VARIABLES = {
    "rsa": ("famille", ("rsa",), 1),
    "ass": ("individu", ("ass",), 1),
    "are": ("individu", ("chomage_brut",), 1),
    "housing_aid": ("famille", ("aide_logement",), 1),
    "activity_bonus": ("famille", ("ppa",), 1),
    "family_benefits": ("famille", ("af", "cf", "asf", "paje_base"), 1),
    "aah": ("individu", ("aah",), 1),
    "employee_contributions": ("individu", ("cotisations_salariales",), -1),
    "csg_crds": ("individu", ("csg_deductible_salaire", "csg_imposable_salaire", "crds_salaire",
                              "csg_deductible_chomage", "csg_imposable_chomage", "crds_chomage"), -1),
    "income_tax": ("foyer_fiscal", ("impot_revenu_restant_a_payer",), -1),
}


@dataclass(frozen=True)
class Case:
    """A household as a person would describe it; money in euros per month."""

    birth: str
    weekly_hours: float
    housing: str  # a TypesStatutOccupationLogement name
    rent: float
    commune: str
    partner_birth: str | None = None
    partner_gross: float = 0.0
    children: tuple[str, ...] = ()
    ass: bool = False
    are: float = 0.0
    incapacity: float = 0.0


SINGLE = Case("1985-06-15", 35.0, "locataire_vide", 480.0, LILLE)
CASES = {
    "single": SINGLE,  # no income, renting in zone 2, hired full time
    "single-ass": replace(SINGLE, ass=True),  # the same with ASS
    "couple": Case(  # two children, the partner employed, the person hired 28 h a week
        "1982-02-03", 28.0, "locataire_hlm", 560.0, LILLE, partner_birth="1984-11-20",
        partner_gross=1900.0, children=("2014-03-10", "2019-09-01")),
    "single-parent-are": Case(  # one child, ARE before hiring, hired 24 h a week
        "1990-07-01", 24.0, "locataire_hlm", 430.0, ROUBAIX, children=("2021-01-15",), are=950.0),
    "couple-taxed": Case(  # owners without children, the partner well paid: income tax
        "1975-09-09", 35.0, "proprietaire", 0.0, LILLE, partner_birth="1977-04-04", partner_gross=4200.0),
}
NAMES = list(CASES)


# ------------------------------------------------------------------------------------ helpers


def households_of(cases: list[Case]) -> Households:
    housing = tax_benefit_system().get_variable("statut_occupation_logement").possible_values
    width = max(len(case.children) for case in cases)
    children = np.full((len(cases), width), np.datetime64("NaT"), dtype="datetime64[D]")
    for row, case in enumerate(cases):
        children[row, :len(case.children)] = case.children
    return Households(
        birth=np.array([case.birth for case in cases], dtype="datetime64[D]"),
        partner_birth=np.array([case.partner_birth or "NaT" for case in cases], dtype="datetime64[D]"),
        partner_gross=np.array([round(case.partner_gross * 100) for case in cases], dtype=np.int64),
        children_birth=children,
        housing=np.array([housing[case.housing].index for case in cases], dtype=np.int16),
        rent=np.array([round(case.rent * 100) for case in cases], dtype=np.int64),
        commune=np.array([case.commune for case in cases]),
        incapacity=np.array([case.incapacity for case in cases]),
        ass_eligible=np.array([case.ass for case in cases]),
        are_gross=np.array([round(case.are * 100) for case in cases], dtype=np.int64),
        weekly_hours=np.array([case.weekly_hours for case in cases]),
    )


def shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def smic_wage(period: str, weekly_hours: float) -> float:
    """Gross monthly pay at the SMIC for these weekly hours, in euros to the cent."""
    hourly = tax_benefit_system().parameters.marche_travail.salaire_minimum.smic.smic_b_horaire(period)
    return round(hourly * 151.67 * weekly_hours / 35, 2)


def situation(case: Case, scenario: Scenario) -> dict:
    """The household in OpenFisca's dict form, every month from January of year - 2 to December."""
    year = scenario.month.year
    hired_from = shift(scenario.month, 1 - scenario.worked_months) if scenario.worked_months else None
    months = [date(year - 2, 1, 1)]
    while months[-1] < date(year, 12, 1):
        months.append(shift(months[-1], 1))

    person: dict = {"date_naissance": {"ETERNITY": case.birth}}
    for name in ("salaire_de_base", "chomage_brut", "effectif_entreprise", "taux_incapacite",
                 "ass_precondition_remplie", "contrat_de_travail", "heures_remunerees_volume"):
        person[name] = {}
    menage: dict = {"statut_occupation_logement": {}, "loyer": {}, "depcom": {}}
    for month in months:
        period = f"{month:%Y-%m}"
        hired = hired_from is not None and month >= hired_from
        person["salaire_de_base"][period] = smic_wage(period, case.weekly_hours) if hired else 0.0
        person["chomage_brut"][period] = 0.0 if hired else case.are
        if hired:
            person["contrat_de_travail"][period] = "temps_partiel"
            person["heures_remunerees_volume"][period] = case.weekly_hours * 151.67 / 35
        person["effectif_entreprise"][period] = HEADCOUNT
        person["taux_incapacite"][period] = case.incapacity
        person["ass_precondition_remplie"][period] = case.ass
        menage["statut_occupation_logement"][period] = case.housing
        menage["loyer"][period] = case.rent
        menage["depcom"][period] = case.commune

    individus = {"person": person}
    adults = ["person"]
    if case.partner_birth:
        individus["partner"] = {
            "date_naissance": {"ETERNITY": case.partner_birth},
            "salaire_de_base": {f"{m:%Y-%m}": case.partner_gross for m in months},
            "chomage_brut": {f"{m:%Y-%m}": 0.0 for m in months},
            "effectif_entreprise": {f"{m:%Y-%m}": HEADCOUNT for m in months},
        }
        adults.append("partner")
    children = [f"child{k}" for k in range(len(case.children))]
    for child, birth in zip(children, case.children, strict=True):
        individus[child] = {"date_naissance": {"ETERNITY": birth}}
    menage["personne_de_reference"] = ["person"]
    menage["conjoint"] = adults[1:]
    menage["enfants"] = children
    return {
        "individus": individus,
        "familles": {"famille": {"parents": adults, "enfants": children}},
        "foyers_fiscaux": {"foyer": {
            "declarants": adults, "personnes_a_charge": children,
            # Nothing known before the history: no income.
            "rfr": {str(year - 4): 0, str(year - 3): 0},
        }},
        "menages": {"menage": menage},
    }


def plain_simulation(case: Case, scenario: Scenario):
    return SimulationBuilder().build_from_entities(tax_benefit_system(), situation(case, scenario))


def plain_items(case: Case, scenario: Scenario) -> dict[str, int]:
    """Every item, in cents, from a plain OpenFisca simulation of this one household."""
    simulation = plain_simulation(case, scenario)
    period, year = f"{scenario.month:%Y-%m}", str(scenario.month.year)
    figures = {}
    for key, (entity, variables, sign) in ITEM_VARIABLES.items():
        amount = 0.0
        for variable in variables:
            if entity == "foyer_fiscal":
                amount += float(simulation.calculate(variable, year)[0]) / 12
            else:
                # The person costed is the first individu; one famille.
                amount += float(simulation.calculate(variable, period)[0])
        figures[key] = int(np.rint(sign * amount * 100))
    figures["employer_contributions"] = plain_employer_contributions(case, scenario)
    return figures


def plain_employer_contributions(case: Case, scenario: Scenario) -> int:
    """One employee, one month (as payroll.py documents): contributions net of the general reduction."""
    if not scenario.worked_months:
        return 0
    period = f"{scenario.month:%Y-%m}"
    simulation = SimulationBuilder().build_from_entities(tax_benefit_system(), {"individus": {"e": {
        "salaire_de_base": {period: smic_wage(period, case.weekly_hours)},
        "contrat_de_travail": {period: "temps_partiel"},
        "heures_remunerees_volume": {period: case.weekly_hours * 151.67 / 35},
        "effectif_entreprise": {period: HEADCOUNT},
    }}})
    with np.errstate(divide="ignore", invalid="ignore"):
        contributions = float(simulation.calculate("cotisations_employeur", period)[0])
        reduction = float(simulation.calculate("allegement_general", period)[0])
    # Both figures rounded to the cent, then subtracted, so that they add up (payroll.WageCost).
    return int(np.rint(-contributions * 100)) - int(np.rint(reduction * 100))


def row(costs: costing.Costs, index: int) -> dict[str, int]:
    return {key: int(values[index]) for key, values in costs.computed.items()}


def load_population():
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "_costing_population.py"
    spec = importlib.util.spec_from_file_location("_costing_population", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.population


def concat(*parts: Households) -> Households:
    width = max(part.children_birth.shape[1] for part in parts)
    columns = {name: np.concatenate([getattr(part, name) for part in parts]) for name in costing._COLUMNS
               if name != "children_birth"}
    children = [np.pad(part.children_birth, ((0, 0), (0, width - part.children_birth.shape[1])),
                       constant_values=np.datetime64("NaT")) for part in parts]
    return Households(**columns, children_birth=np.concatenate(children))


def differences(actual: costing.Costs, expected: costing.Costs) -> list[str]:
    assert actual.scenario == expected.scenario
    assert set(actual.computed) == set(expected.computed) == set(costing.ITEM_KEYS)
    found = []
    for key in costing.ITEM_KEYS:
        rows = np.flatnonzero(actual.computed[key] != expected.computed[key])
        found += [f"{expected.scenario.month:%Y-%m} (worked {expected.scenario.worked_months}), {key}, "
                  f"row {i}: {actual.computed[key][i]} instead of {expected.computed[key][i]}"
                  for i in rows[:10]]
    return found


def assert_costs_equal(actual: costing.Costs, expected: costing.Costs):
    found = differences(actual, expected)
    assert not found, "\n".join(found)


# ---------------------------------------------------------------- against plain OpenFisca


@pytest.fixture(scope="module")
def engine_costs() -> dict[Scenario, costing.Costs]:
    """The engine's figures for every case at once, per scenario."""
    households = households_of([CASES[name] for name in NAMES])
    return {scenario: costing.simulate(households, scenario, employer_headcount=HEADCOUNT)
            for scenario in (BEFORE, MONTH_1, MONTH_4, MONTH_13)}


def test_every_item_is_checked_against_openfisca():
    assert set(ITEM_VARIABLES) | {"employer_contributions"} == set(costing.ITEM_KEYS)


def test_lille_is_in_housing_aid_zone_2():
    # zone_apl defaults to zone 2 for an unknown commune: check the zonage table lists Lille.
    aides_logement.preload_zone_apl()
    assert aides_logement.zone_apl_by_depcom[LILLE] == 2
    assert aides_logement.zone_apl_by_depcom["75056"] == 1  # Paris, as a control
    simulation = SimulationBuilder().build_from_entities(tax_benefit_system(), {
        "individus": {"person": {}}, "menages": {"menage": {
            "personne_de_reference": ["person"], "depcom": {"2025-04": LILLE}}}})
    assert simulation.calculate("zone_apl", "2025-04").decode()[0].name == "zone_2"


@pytest.mark.parametrize("scenario", [BEFORE, MONTH_13], ids=["month-before-hiring", "month-13"])
@pytest.mark.parametrize("name", NAMES)
def test_items_equal_a_plain_openfisca_simulation(engine_costs, name, scenario):
    assert row(engine_costs[scenario], NAMES.index(name)) == plain_items(CASES[name], scenario)


def test_figures_a_user_expects(engine_costs):
    single, ass, couple, are = (NAMES.index(name) for name in ("single", "single-ass", "couple",
                                                               "single-parent-are"))
    before, after = engine_costs[BEFORE], engine_costs[MONTH_13]
    # Before hiring, with no income: RSA and housing aid, no contribution.
    assert row(before, single)["rsa"] > 0
    assert row(before, single)["housing_aid"] > 0
    assert row(before, single)["employee_contributions"] == 0
    assert row(before, single)["employer_contributions"] == 0
    assert row(before, ass)["ass"] > 0
    assert row(before, single)["ass"] == 0
    assert row(before, couple)["family_benefits"] > 0
    assert row(before, are)["are"] == 95000
    # A year on, full time at the SMIC: no RSA, contributions collected, no ARE.
    assert row(after, single)["rsa"] == 0
    assert row(after, single)["employee_contributions"] > 0
    assert row(after, single)["csg_crds"] > 0
    assert row(after, single)["employer_contributions"] > 0
    assert row(after, single)["activity_bonus"] > 0
    assert row(after, are)["are"] == 0
    # Income tax is the year's, in twelfths: a second wage in the household raises it.
    taxed = NAMES.index("couple-taxed")
    assert row(after, taxed)["income_tax"] > row(before, taxed)["income_tax"] > 0
    # More hours, more contributions (35 h for the single, 24 h on ARE before).
    assert row(after, single)["employee_contributions"] > row(after, are)["employee_contributions"]


# ------------------------------------------------------------------------- reference periods


def test_benefits_follow_the_previous_quarter_contributions_the_month(engine_costs):
    """RSA and the prime d'activité of a month are computed on the resources of the three months
    before it: in the first month of work none of them had a wage, by the fourth month all three had.
    Contributions are levied on the month's own wage."""
    single = NAMES.index("single")
    before, first, fourth = (row(engine_costs[s], single) for s in (BEFORE, MONTH_1, MONTH_4))
    # Month 1: still the RSA of someone without income, and no prime d'activité yet.
    assert first["rsa"] == before["rsa"] > 0
    assert first["activity_bonus"] == 0
    # Month 4: three months of full-time SMIC: no RSA, the prime d'activité instead.
    assert fourth["rsa"] == 0
    assert fourth["activity_bonus"] > 0
    # Contributions from the first month, the same in May and August 2025 (same SMIC, same hours).
    assert before["employee_contributions"] == before["csg_crds"] == before["employer_contributions"] == 0
    for key in ("employee_contributions", "csg_crds", "employer_contributions"):
        assert first[key] == fourth[key] > 0, key
    # ASS may be kept in full with a wage for the first three months of work, not after.
    ass = NAMES.index("single-ass")
    before, first, fourth = (row(engine_costs[s], ass) for s in (BEFORE, MONTH_1, MONTH_4))
    assert first["ass"] == before["ass"] > 0
    assert fourth["ass"] == 0


# -------------------------------------------------------------------------------- batch runner


REPEATED = np.concatenate([np.arange(20), np.arange(40, 45), np.arange(5)])


@pytest.fixture(scope="module")
def batch_population() -> tuple[Households, int]:
    """70 households, 25 of them repeated (5 three times), and a copy of a tenant's row that
    differs only in rent, lowered to 200 EUR; and the index of that tenant's row."""
    base = load_population()(70, seed=7)
    tenant = int(np.flatnonzero(np.isin(base.housing, [3, 4]) & (base.rent >= 40000))[0])
    rent_variant = base.take(np.array([tenant]))
    rent_variant.rent = np.array([20000])
    return concat(base, base.take(REPEATED), rent_variant), tenant


@pytest.fixture(scope="module")
def batch_reference(batch_population) -> list[costing.Costs]:
    households, _ = batch_population
    return [costing.simulate(households, scenario) for scenario in (BEFORE, MONTH_13)]


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_equals_the_plain_run(batch_population, batch_reference, workers):
    households, tenant = batch_population
    progress = []
    costs = costing_batch.cost_population(households, [BEFORE, MONTH_13], workers=workers, chunk=40,
                                          progress=lambda done, total: progress.append((done, total)))
    assert len(costs) == 2
    for actual, expected in zip(costs, batch_reference, strict=True):
        assert_costs_equal(actual, expected)
    # 71 distinct situations in chunks of 40, two scenarios: 4 chunks run.
    assert progress == [(done, 4) for done in range(1, 5)]
    # Repeated rows share their original's figures; the lower rent is not merged with the tenant's.
    copies = np.arange(70, 70 + len(REPEATED))
    for key, values in costs[0].computed.items():
        assert (values[copies] == values[REPEATED]).all(), key
    housing_aid = costs[0].computed["housing_aid"]
    assert 0 < housing_aid[-1] < housing_aid[tenant]


def situation_of(households: Households, index: int) -> tuple:
    """Every input OpenFisca sees for one row, as plain Python values."""
    return (
        str(households.birth[index]), str(households.partner_birth[index]),
        int(households.partner_gross[index]), tuple(str(d) for d in households.children_birth[index]),
        int(households.housing[index]), int(households.rent[index]), str(households.commune[index]),
        float(households.incapacity[index]), bool(households.ass_eligible[index]),
        int(households.are_gross[index]), float(households.weekly_hours[index]),
    )


def test_situation_keys_group_exactly_the_identical_rows():
    base = load_population()(60, seed=3)
    # A row with a partner and children, and copies of it differing in one input each.
    source = int(np.flatnonzero(~np.isnat(base.partner_birth) & ~np.isnat(base.children_birth[:, 0]))[0])
    variants = []
    changes = {
        "birth": lambda h: h.birth + np.timedelta64(1, "D"),
        "partner_birth": lambda h: h.partner_birth + np.timedelta64(1, "D"),
        "partner_gross": lambda h: h.partner_gross + 1,
        "children_birth": lambda h: h.children_birth + np.timedelta64(1, "D"),
        "housing": lambda h: (h.housing + 1) % 8,
        "rent": lambda h: h.rent + 1,
        "commune": lambda h: np.where(h.commune == LILLE, ROUBAIX, LILLE),
        "incapacity": lambda h: h.incapacity + 0.5,
        "ass_eligible": lambda h: ~h.ass_eligible,
        "are_gross": lambda h: h.are_gross + 1,
        "weekly_hours": lambda h: h.weekly_hours + 0.5,
    }
    for name, change in changes.items():
        variant = base.take(np.array([source]))
        setattr(variant, name, change(variant))
        variants.append(variant)
    households = concat(base, base.take(np.array([source, source, 0, 7, 0])), *variants)

    first, inverse = costing_batch.situation_keys(households)
    situations = [situation_of(households, i) for i in range(len(households))]
    assert len(inverse) == len(households)
    for i in range(len(households)):
        # Each row's representative has the same situation.
        assert situations[first[inverse[i]]] == situations[i]
        for j in range(i):
            assert (inverse[i] == inverse[j]) == (situations[i] == situations[j]), (i, j)
    assert len(first) == len(set(situations)) == len(base) + len(changes)
    # Specifically: a row differing only in rent is not merged with its original.
    rent_row = len(base) + 5 + list(changes).index("rent")
    assert inverse[rent_row] != inverse[source]
    assert inverse[len(base)] == inverse[len(base) + 1] == inverse[source]


# ------------------------------------------------------------------------------ neutralisation


@pytest.fixture(scope="module")
def varied_population() -> Households:
    # The benchmark's population (births from 1961: some are 65 by 2026), and a single person
    # aged 65 and over in both scenarios (ASPA age), otherwise the "single" case.
    return concat(load_population()(300), households_of([replace(SINGLE, birth="1959-10-01")]))


@pytest.fixture(scope="module")
def varied_costs(varied_population) -> dict[Scenario, costing.Costs]:
    return {scenario: costing.simulate(varied_population, scenario) for scenario in (BEFORE, MONTH_13)}


def test_neutralised_system_gives_the_full_systems_results(varied_population, varied_costs, monkeypatch):
    neutralised = tax_benefit_system()
    full = FranceTaxBenefitSystem()
    assert all(neutralised.get_variable(name).is_neutralized for name in NEUTRALIZED)
    assert not any(full.get_variable(name).is_neutralized for name in NEUTRALIZED)
    # The population has some of every benefit, so the comparison is not of zeros.
    for key in ("rsa", "ass", "are", "housing_aid", "family_benefits", "aah"):
        assert (varied_costs[BEFORE].computed[key] > 0).any(), key
    for key in ("activity_bonus", "employee_contributions", "employer_contributions", "csg_crds",
                "income_tax", "family_benefits", "housing_aid"):
        assert (varied_costs[MONTH_13].computed[key] > 0).any(), key

    monkeypatch.setattr(costing, "tax_benefit_system", lambda: full)
    monkeypatch.setattr(payroll, "tax_benefit_system", lambda: full)
    found = [difference for scenario, expected in varied_costs.items()
             for difference in differences(costing.simulate(varied_population, scenario), expected)]
    assert not found, "\n".join(found)
