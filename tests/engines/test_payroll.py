"""The employer's wage cost at the SMIC, from OpenFisca-France."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from openfisca_core.indexed_enums import EnumArray
from openfisca_core.simulations import SimulationBuilder

from jobfactory.engines.budget import ContractMonth, PlannedHire, project_hires
from jobfactory.engines.contracts import ContractTerms, monthly_pay
from jobfactory.engines.legislation import smic_schedule, tax_benefit_system
from jobfactory.engines.payroll import contract_months, source, wage_cost_arrays, wage_costs

PINNED_OPENFISCA_FRANCE = "176.1.8"
MARCH_2025, JUNE_2025, OCTOBER_2023 = date(2025, 3, 1), date(2025, 6, 1), date(2023, 10, 1)


def cents(euros: Decimal) -> int:
    return int((euros * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.fixture(scope="module")
def costs():
    # One call, months of two years and three working times mixed, with duplicates.
    return wage_costs(
        [MARCH_2025, date(2025, 3, 17), MARCH_2025, JUNE_2025, OCTOBER_2023, MARCH_2025],
        [35, Decimal("35"), 24.0, Decimal("24"), Decimal("30"), Decimal("17.5")],
        employer_headcount=10,
    )


def one_person(month: date, weekly_hours: float, headcount: int) -> tuple[float, float]:
    """A plain OpenFisca simulation of one employee, built without the engine's code."""
    system = tax_benefit_system()
    period = f"{month:%Y-%m}"
    hourly = system.parameters.marche_travail.salaire_minimum.smic.smic_b_horaire(period)
    simulation = SimulationBuilder().build_default_simulation(system, 1)
    gross = round(hourly * 151.67 * weekly_hours / 35, 2)
    simulation.set_input("salaire_de_base", period, np.array([gross]))
    part_time = EnumArray(np.array([1], dtype=np.int16),
                          system.get_variable("contrat_de_travail").possible_values)
    assert part_time.decode()[0].name == "temps_partiel"
    simulation.set_input("contrat_de_travail", period, part_time)
    simulation.set_input("heures_remunerees_volume", period, np.array([weekly_hours * 151.67 / 35]))
    simulation.set_input("effectif_entreprise", period, np.array([headcount]))
    with np.errstate(divide="ignore", invalid="ignore"):
        contributions = float(simulation.calculate("cotisations_employeur", period)[0])
        reduction = float(simulation.calculate("allegement_general", period)[0])
    return contributions, reduction


def test_each_distinct_month_and_hours_is_costed_once(costs):
    assert set(costs) == {
        (MARCH_2025, Decimal("35")), (MARCH_2025, Decimal("24")), (MARCH_2025, Decimal("17.5")),
        (JUNE_2025, Decimal("24")), (OCTOBER_2023, Decimal("30")),
    }
    # Equal numbers find the same entry, whatever their type.
    assert costs[(MARCH_2025, 24)] is costs[(MARCH_2025, Decimal("24.0"))]


@pytest.mark.parametrize(
    ("month", "hours", "hourly_smic"),
    [(MARCH_2025, "35", "11.88"), (MARCH_2025, "24", "11.88"), (MARCH_2025, "17.5", "11.88"),
     (OCTOBER_2023, "30", "11.52")],
)
def test_gross_is_the_smic_times_the_hours_paid(costs, month, hours, hourly_smic):
    assert smic_schedule().rate_on(month).hourly_gross == Decimal(hourly_smic)
    expected = cents(Decimal(hourly_smic) * Decimal("151.67") * Decimal(hours) / Decimal("35"))
    assert costs[(month, Decimal(hours))].gross_cents == expected


def test_full_time_at_the_2025_smic_is_1801_84_gross(costs):
    # 11.88 EUR x 151.67 h = 1801.8396 EUR.
    assert costs[(MARCH_2025, 35)].gross_cents == 180184


@pytest.mark.parametrize(("month", "hours"), [(MARCH_2025, 35), (MARCH_2025, 24), (JUNE_2025, 24),
                                              (OCTOBER_2023, 30)])
def test_contributions_equal_a_one_person_simulation(costs, month, hours):
    contributions, reduction = one_person(month, float(hours), headcount=10)
    cost = costs[(month, hours)]
    assert cost.contributions_before_reduction_cents == round(-contributions * 100)
    assert cost.general_reduction_cents == round(reduction * 100)
    # Net of the reduction: -(cotisations_employeur + allegement_general), to the cent.
    assert abs(cost.employer_contributions_cents - (-(contributions + reduction) * 100)) <= 1


def test_contributions_near_the_smic_are_small_after_the_general_reduction(costs):
    cost = costs[(MARCH_2025, 35)]
    # Before the reduction an employer owes about a third of the gross...
    assert 0.30 * cost.gross_cents < cost.contributions_before_reduction_cents < 0.40 * cost.gross_cents
    # ...and the reduction takes nearly all of it at the SMIC (coefficient 0.3194 under 50 staff).
    assert cost.general_reduction_cents == pytest.approx(0.3194 * cost.gross_cents, abs=100)
    assert 0 < cost.employer_contributions_cents < 0.03 * cost.gross_cents
    assert cost.total_cost_cents == cost.gross_cents + cost.employer_contributions_cents


def test_part_time_reduction_is_prorated_on_the_hours(costs):
    full, part, half = (costs[(MARCH_2025, h)] for h in (35, 24, Decimal("17.5")))
    assert part.general_reduction_cents == pytest.approx(full.general_reduction_cents * 24 / 35, abs=2)
    assert half.general_reduction_cents == pytest.approx(full.general_reduction_cents / 2, abs=2)
    assert part.general_reduction_cents < full.general_reduction_cents


def test_a_bigger_employer_pays_more_contributions():
    small = wage_costs([MARCH_2025], [35], employer_headcount=10)[(MARCH_2025, 35)]
    big = wage_costs([MARCH_2025], [35], employer_headcount=60)[(MARCH_2025, 35)]
    # From 50 employees: FNAL at 0.50 % of the whole wage, and a smaller reduction coefficient.
    assert big.employer_contributions_cents > small.employer_contributions_cents
    assert big.gross_cents == small.gross_cents


def test_the_array_form_is_aligned_with_its_inputs():
    gross, before, reduction = wage_cost_arrays([JUNE_2025, MARCH_2025], np.array([24.0, 35.0]),
                                                employer_headcount=10)
    assert gross.tolist() == [123555, 180184]
    assert (before > reduction).all()


def test_refuses_zero_hours_and_mismatched_lengths():
    with pytest.raises(ValueError, match="weekly hours"):
        wage_costs([MARCH_2025], [0], employer_headcount=10)
    with pytest.raises(ValueError, match="same length"):
        wage_costs([MARCH_2025, JUNE_2025], [35], employer_headcount=10)
    assert wage_costs([], [], employer_headcount=10) == {}


def test_contract_months_scale_a_partial_month(costs):
    # Hired on 16 March 2025 (16 days of 31), full time: half a month's pay, half the contributions.
    terms = ContractTerms(start_on=date(2025, 3, 16), end_on=None, weekly_hours=Decimal("35"))
    pays = monthly_pay(terms, smic_schedule(), until=date(2025, 4, 30))
    own = wage_costs([p.month for p in pays], [p.weekly_hours for p in pays], employer_headcount=10)
    march, april = contract_months(pays, own)
    full = costs[(MARCH_2025, 35)]
    assert isinstance(march, ContractMonth)
    assert march.fte == Decimal("0.5161")  # 16 / 31
    assert march.gross_cents == pays[0].gross_cents < full.gross_cents
    scaled = Decimal(full.employer_contributions_cents) * pays[0].gross_cents / full.gross_cents
    assert march.employer_contributions_cents == int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert 0 < march.employer_contributions_cents < full.employer_contributions_cents
    april_cost = own[(date(2025, 4, 1), 35)]
    assert april.gross_cents == april_cost.gross_cents == 180184
    assert april.employer_contributions_cents == april_cost.employer_contributions_cents


def test_source_names_openfisca_france_and_its_version():
    assert f"OpenFisca-France {PINNED_OPENFISCA_FRANCE}" in source()
    assert "allegement_general" in source()


def test_planned_hires_are_costed_by_openfisca_by_default(costs):
    months = project_hires([PlannedHire(date(2025, 2, 10), Decimal("24"))], 2025, employer_headcount=10)
    assert [m.month for m in months] == [date(2025, n, 1) for n in range(2, 13)]
    march = months[1]
    assert march.planned
    assert march.gross_cents == costs[(MARCH_2025, 24)].gross_cents == 123555
    assert march.employer_contributions_cents == costs[(MARCH_2025, 24)].employer_contributions_cents
