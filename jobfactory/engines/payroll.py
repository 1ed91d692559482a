"""The employer's cost of a wage at the SMIC, from OpenFisca-France (version pinned in pyproject).

For each distinct (month, weekly hours) pair asked for, one row of ONE OpenFisca simulation: a
person paid the SMIC of that month for those hours, on a part-time contract (so that the general
reduction is prorated on the hours paid), at an employer of the given headcount.

Each row is paid in its own month only; OpenFisca computes every row in every month asked for, but
a row is read in its own month alone. Rows do not interact (each person is their own household), so
a row's figures are those of a one-person simulation of that month: the general reduction's default
"progressive" recovery mode sums the year's months up to this one minus what earlier months already
took, which is this month's own reduction when earlier months paid nothing.

Signs: OpenFisca reports employer contributions as negative amounts and the general reduction
(allegement_general) as a positive one; here all three figures are positive cents, and the
contributions net of the reduction are -(cotisations_employeur + allegement_general).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
from openfisca_core.indexed_enums import EnumArray
from openfisca_core.simulations import SimulationBuilder

from jobfactory.engines import contracts
from jobfactory.engines.budget import ContractMonth, cents
from jobfactory.engines.contracts import MonthPay, month_start
from jobfactory.engines.legislation import openfisca_france_version, tax_benefit_system

# The project's definitions (engines.contracts), as floats for OpenFisca's arrays.
MONTHLY_HOURS_FULL_TIME = float(contracts.MONTHLY_HOURS_FULL_TIME)
FULL_TIME_WEEKLY_HOURS = float(contracts.FULL_TIME_WEEKLY_HOURS)


def monthly_gross_cents(hourly_smic: float, weekly_hours: np.ndarray) -> np.ndarray:
    """Gross pay at the SMIC for the chosen hours, as `engines.contracts.monthly_pay` computes it."""
    return np.rint(hourly_smic * MONTHLY_HOURS_FULL_TIME * np.asarray(weekly_hours, dtype=float)
                   / FULL_TIME_WEEKLY_HOURS * 100)


# Index of "temps_partiel" in OpenFisca's TypesContratDeTravail: on a full-time contract the
# reduction would assume 151.67 hours whatever the pay, and a part-timer's would be overstated.
PART_TIME_CONTRACT = 1
FULL_TIME_CONTRACT = 0
VARIABLES = ("salaire_de_base", "cotisations_employeur", "allegement_general")


@dataclass(frozen=True)
class WageCost:
    """One month of one contract at the SMIC, in cents, all positive."""

    gross_cents: int
    # What the employer owes before the general reduction (-cotisations_employeur).
    contributions_before_reduction_cents: int
    general_reduction_cents: int  # allegement_general

    @property
    def employer_contributions_cents(self) -> int:
        """Employer contributions net of the general reduction: what the employer actually pays.

        Taken as the difference of the two rounded figures, so that the three figures add up.
        """
        return self.contributions_before_reduction_cents - self.general_reduction_cents

    @property
    def total_cost_cents(self) -> int:
        return self.gross_cents + self.employer_contributions_cents


def source() -> str:
    return (f"OpenFisca-France {openfisca_france_version()}: salaire_de_base au SMIC (smic_b_horaire), "
            "cotisations_employeur, allegement_general (contrat à temps partiel, heures rémunérées)")


def hours_key(hours) -> Decimal:
    """The hours as a Decimal key (equal Decimals, ints and floats hash alike, so 24, 24.0 and
    Decimal('24') find the same entry).

    Through str() so that a float such as 24.3 gives Decimal('24.3'), not its binary expansion.
    """
    return Decimal(str(float(hours)))


def wage_costs(
    months: Sequence[date],
    weekly_hours: Iterable,
    *,
    employer_headcount: int,
    employer_commune: str | None = None,
) -> dict[tuple[date, Decimal], WageCost]:
    """Cost of a month's wage at the SMIC, per distinct (month, weekly hours) pair.

    `months` and `weekly_hours` are parallel (one entry per contract-month, any day of the month);
    duplicates are computed once. Keys are (first day of the month, hours as a normalized Decimal):
    look up with `hours_key(hours)`. `employer_commune` (INSEE code) adds the local mobility levy
    (versement mobilité) where the commune has one; without it, none is counted.
    """
    hours_list = [hours_key(h) for h in weekly_hours]
    if len(hours_list) != len(months):
        raise ValueError("months and weekly_hours must have the same length")
    if any(h <= 0 or h > 48 for h in hours_list):
        # 48 h is the legal weekly maximum; zero hours would divide by zero in OpenFisca.
        raise ValueError("weekly hours must be above 0 and at most 48")
    pairs = sorted({(month_start(m), h) for m, h in zip(months, hours_list, strict=True)})
    if not pairs:
        return {}
    arrays = wage_cost_arrays(
        [p[0] for p in pairs], np.array([float(p[1]) for p in pairs]),
        employer_headcount=employer_headcount, employer_commune=employer_commune,
    )
    gross, before, reduction = arrays
    return {
        pair: WageCost(int(gross[i]), int(before[i]), int(reduction[i]))
        for i, pair in enumerate(pairs)
    }


def wage_cost_arrays(
    months: Sequence[date],
    weekly_hours: np.ndarray,
    *,
    employer_headcount: int,
    employer_commune: str | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The array form: one simulation row per entry (give distinct pairs: no deduplication here).

    Returns (gross, contributions before reduction, general reduction), int64 cents, aligned with
    the inputs.
    """
    system = tax_benefit_system()
    hours = np.asarray(weekly_hours, dtype=float)
    count = len(hours)
    periods = np.array([f"{m.year:04d}-{m.month:02d}" for m in months])
    simulation = SimulationBuilder().build_default_simulation(system, count)
    contract_values = system.get_variable("contrat_de_travail").possible_values
    smic = system.parameters.marche_travail.salaire_minimum.smic.smic_b_horaire
    gross = np.zeros(count)
    for period in np.unique(periods):
        in_month = periods == period
        month_gross = monthly_gross_cents(smic(period), hours)
        gross[in_month] = month_gross[in_month]
        # Rows of other months are paid nothing this month, on OpenFisca's default full-time
        # contract, so that a row's own month is computed as in a one-person simulation.
        simulation.set_input("salaire_de_base", period, np.where(in_month, month_gross / 100, 0.0))
        contract = np.where(in_month, PART_TIME_CONTRACT, FULL_TIME_CONTRACT).astype(np.int16)
        simulation.set_input("contrat_de_travail", period, EnumArray(contract, contract_values))
        paid_hours = hours * MONTHLY_HOURS_FULL_TIME / FULL_TIME_WEEKLY_HOURS
        simulation.set_input("heures_remunerees_volume", period, np.where(in_month, paid_hours, 0.0))
        simulation.set_input("effectif_entreprise", period, np.full(count, employer_headcount))
        if employer_commune is not None:
            simulation.set_input("depcom_entreprise", period, np.full(count, employer_commune))

    contributions = np.zeros(count)
    reduction = np.zeros(count)
    # Rows paid nothing in a month divide by a zero wage in some exemptions' formulas (their
    # results are multiplied by zero): silence numpy's warnings, then check what we read is finite.
    with np.errstate(divide="ignore", invalid="ignore"):
        for period in np.unique(periods):
            in_month = periods == period
            contributions[in_month] = simulation.calculate("cotisations_employeur", period)[in_month]
            reduction[in_month] = simulation.calculate("allegement_general", period)[in_month]
    if not (np.all(np.isfinite(contributions)) and np.all(np.isfinite(reduction))):
        raise ArithmeticError("OpenFisca returned a non-finite employer contribution")
    # OpenFisca computes in float32: widen before scaling to cents.
    before = np.rint(-contributions.astype(np.float64) * 100).astype(np.int64)
    allowance = np.rint(reduction.astype(np.float64) * 100).astype(np.int64)
    return gross.astype(np.int64), before, allowance


def contract_months(
    pays: Iterable[MonthPay], costs: Mapping[tuple[date, Decimal], WageCost],
) -> list[ContractMonth]:
    """The budget's contract months from `contracts.monthly_pay` and `wage_costs` (same months, hours).

    OpenFisca costs a whole month; a month partly under contract pays less, and its contributions
    are scaled by the pay ratio (at the SMIC, contributions and reduction are proportional to pay).
    """
    months = []
    for pay in pays:
        cost = costs[(pay.month, pay.weekly_hours)]
        contributions = cost.employer_contributions_cents
        if cost.gross_cents and pay.gross_cents != cost.gross_cents:
            contributions = cents(Decimal(contributions) * pay.gross_cents / cost.gross_cents)
        months.append(ContractMonth(pay.month, pay.fte, pay.gross_cents, contributions))
    return months
