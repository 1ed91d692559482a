"""The wage side of a costing, computed once per distinct pay history instead of once per person.

Most of OpenFisca's work in a costing is payroll: contributions, CSG on wages, net and taxable pay,
for every person row and every month back to the years the income tax and the CSG rates look at.
Those variables read nothing but the person's own pay inputs (`costing.set_wage_inputs`), and a
population has few distinct pay histories: nobody's, each partner's wage, each number of hours
chosen. A small simulation with one row per history computes them; the population's simulation
takes each person's row from it when a benefit or the income tax asks.

`DELEGATED` are the payroll variables the rest of the legislation reads (the frontier of the wage
side in OpenFisca's dependency graph). tests/engines/test_costing_wages.py traces a simulation and
checks that each depends on pay inputs only, within the person; the benchmark and the tests check
that the results equal the plain run's to the cent.
"""

from __future__ import annotations

import numpy as np
from openfisca_core.simulations import Simulation, SimulationBuilder

from jobfactory.engines import costing_zeros
from jobfactory.engines.costing import (
    Costs,
    Households,
    Scenario,
    Wages,
    build,
    collect,
    layout,
    set_wage_inputs,
    wages,
)
from jobfactory.engines.legislation import tax_benefit_system

DELEGATED = frozenset({
    # read by the rest of the legislation
    "salaire_net",
    "salaire_imposable",
    "complement_are_brut",
    "autonomie_financiere",
    "rsa_indemnites_journalieres_activite",
    "rsa_indemnites_journalieres_hors_activite",
    "prime_partage_valeur_exoneree_exceptionnelle",
    # read by the costing's items (`costing.ITEMS`)
    "cotisations_salariales",
    "csg_deductible_salaire",
    "csg_imposable_salaire",
    "crds_salaire",
})
# The inputs `costing.set_wage_inputs` sets: what a delegated variable may depend on.
PAY_INPUTS = frozenset({"salaire_de_base", "heures_remunerees_volume", "contrat_de_travail",
                        "effectif_entreprise"})


def _keys(pay: Wages) -> np.ndarray:
    return np.column_stack([pay.gross, pay.hired_hours]) if len(pay.gross) else np.zeros((0, 2))


class WageSide:
    """One simulation row per distinct pay history of a population, at one scenario."""

    def __init__(self, pay: Wages, scenario: Scenario, *, employer_headcount: int):
        histories = np.unique(_keys(pay), axis=0)
        self._index = {tuple(key): position for position, key in enumerate(histories.tolist())}
        self.histories = len(histories)
        # Each history alone in its household: nothing on the wage side crosses persons.
        self.simulation = SimulationBuilder().build_default_simulation(tax_benefit_system(), self.histories)
        set_wage_inputs(self.simulation, scenario, Wages(histories[:, 0], histories[:, 1]),
                        employer_headcount)

    def rows_of(self, pay: Wages) -> np.ndarray:
        """The history row of each person row of `pay` (pay histories of the same population)."""
        local, inverse = np.unique(_keys(pay), axis=0, return_inverse=True)
        return np.array([self._index[tuple(key)] for key in local.tolist()], dtype=np.int64)[inverse.ravel()]

    def calculate(self, variable: str, period) -> np.ndarray:
        # Some exemptions' formulas divide by a zero wage, then multiply the result by zero.
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.simulation.calculate(variable, period)


class CostingSimulation(Simulation):
    """A population's simulation that takes the delegated payroll variables from a `WageSide`, and
    gives zero without computing them to the benefits nobody in it can have (`costing_zeros`).

    `costing.build(..., simulation_class=...)` makes one; `delegate` then gives it its wage side.
    """

    wage_side: WageSide
    wage_rows: np.ndarray

    def delegate(self, wage_side: WageSide, wage_rows: np.ndarray) -> None:
        self.wage_side = wage_side
        self.wage_rows = wage_rows

    def _calculate(self, variable_name: str, period):
        delegated = variable_name in DELEGATED
        if not delegated and variable_name not in costing_zeros.ZERO_UNLESS:
            return super()._calculate(variable_name, period)
        holder = self.get_variable_population(variable_name).get_holder(variable_name)
        cached = holder.get_array(period)
        if cached is not None:
            return cached
        if delegated:
            cached = self.wage_side.calculate(variable_name, period)[self.wage_rows]
        elif costing_zeros.nobody_has(self, variable_name, period):
            cached = costing_zeros.zeros(self, variable_name)
        else:
            return super()._calculate(variable_name, period)
        holder.put_in_cache(cached, period)
        return cached


def simulate(households: Households, scenario: Scenario, *, employer_headcount: int = 100,
             wage_side: WageSide | None = None) -> Costs:
    """`costing.simulate`, with the wage side from `wage_side` (built here for these households if
    not given; give one built on a larger population to share it between chunks)."""
    rows = layout(households)
    pay = wages(households, rows, scenario)
    if wage_side is None:
        wage_side = WageSide(pay, scenario, employer_headcount=employer_headcount)
    simulation = build(households, scenario, rows, simulation_class=CostingSimulation,
                       employer_headcount=employer_headcount)
    simulation.delegate(wage_side, wage_side.rows_of(pay))
    return collect(simulation, households, scenario, rows, employer_headcount)
