"""The costing's fast path: the wage side computed once per pay history, and OpenFisca-Core's loops
done per distinct value. Both must give the plain run's figures to the cent."""

from collections import defaultdict

import numpy as np
import pytest
from openfisca_core.parameters.parameter_node import ParameterNode
from openfisca_core.parameters.vectorial_parameter_node_at_instant import VectorialParameterNodeAtInstant
from openfisca_core.populations.population import Population
from openfisca_core.simulations import Simulation

from jobfactory.engines import costing, costing_wages, openfisca_speedups
from jobfactory.engines.legislation import tax_benefit_system
from tests.engines.test_costing import BEFORE, MONTH_13, differences, load_population

# Rows of the benchmark's population where the plain run and an early version of the wage side
# differed: couples whose income tax depends on the person's ARE and the partner's wage (1681,
# 2007), and a household on AAH with a partner and children (3399).
REGRESSIONS = np.array([1681, 2007, 3399])
SCENARIOS = (BEFORE, MONTH_13)


@pytest.fixture(scope="module")
def population() -> costing.Households:
    everyone = load_population()(61000)
    return everyone.take(np.concatenate([REGRESSIONS, np.arange(120)]))


@pytest.fixture(scope="module")
def plain(population) -> dict:
    return {scenario: costing.simulate(population, scenario) for scenario in SCENARIOS}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=["before", "month-13"])
def test_wage_side_gives_the_plain_runs_figures(population, plain, scenario):
    fast = costing_wages.simulate(population, scenario)
    assert not differences(fast, plain[scenario])
    # The rows that once differed are not all zeros: the comparison means something.
    assert (plain[BEFORE].computed["income_tax"][:2] > 0).all()


def test_a_shared_wage_side_serves_any_part_of_the_population(population, plain):
    rows = costing.layout(population)
    wage_side = costing_wages.WageSide(costing.wages(population, rows, MONTH_13), MONTH_13,
                                       employer_headcount=100)
    assert wage_side.histories < rows.total / 2  # few distinct pay histories, many person rows
    part = np.arange(40, 90)
    fast = costing_wages.simulate(population.take(part), MONTH_13, wage_side=wage_side)
    for key in costing.ITEM_KEYS:
        assert (fast.computed[key] == plain[MONTH_13].computed[key][part]).all(), key


def _reached_inputs(simulation) -> tuple[dict, dict]:
    """From a traced simulation: for each variable, the inputs and entities its computations reach."""
    children = defaultdict(set)

    def walk(node):
        key = (node.name, str(node.period))
        for child in node.children:
            children[key].add((child.name, str(child.period)))
            walk(child)

    for tree in simulation.tracer.trees:
        walk(tree)
    system = tax_benefit_system()
    reached: dict = {}

    def reach(key, stack=frozenset()):
        if key in reached:
            return reached[key]
        if key in stack:
            return set()
        found = {("entity", system.get_variable(key[0]).entity.key)}
        if not system.get_variable(key[0]).formulas:
            found.add(("input", key[0]))
        for child in children.get(key, ()):
            found |= reach(child, stack | {key})
        reached[key] = found
        return found

    by_name: dict = defaultdict(set)
    for key in list(children) + [c for cs in list(children.values()) for c in cs]:
        by_name[key[0]] |= reach(key)
    return by_name, children


@pytest.mark.parametrize("scenario", SCENARIOS, ids=["before", "month-13"])
def test_delegated_variables_read_nothing_but_the_persons_own_pay(population, scenario, monkeypatch):
    given = set()
    set_input = Simulation.set_input

    def recording(self, variable_name, period, value):
        given.add(variable_name)
        return set_input(self, variable_name, period, value)

    monkeypatch.setattr(Simulation, "set_input", recording)
    sample = population.take(np.arange(30))
    rows = costing.layout(sample)
    simulation = costing.build(sample, scenario, rows)
    simulation.trace = True
    costing.collect(simulation, sample, scenario, rows, 100)
    by_name, _ = _reached_inputs(simulation)
    traced = set(by_name)
    for variable in costing_wages.DELEGATED & traced:
        inputs = {name for kind, name in by_name[variable] if kind == "input"}
        entities = {name for kind, name in by_name[variable] if kind == "entity"}
        assert entities == {"individu"}, (variable, entities)
        # Inputs nobody sets keep their default, the same for every row: only the given ones matter.
        unexpected = inputs & given - costing_wages.PAY_INPUTS
        assert not unexpected, (variable, unexpected)
    assert {"chomage_brut", "depcom", "rfr"} <= given  # household inputs too: the check can fail
    # The list is not stale: the salary figures the benefits read are among those delegated.
    assert {"salaire_net", "salaire_imposable", "cotisations_salariales"} <= traced


@pytest.mark.parametrize("scenario", SCENARIOS, ids=["before", "month-13"])
def test_speedups_give_the_plain_runs_figures_and_are_removed_after(population, plain, scenario):
    originals = (VectorialParameterNodeAtInstant.__getitem__, Population.has_role,
                 ParameterNode._get_at_instant)
    with openfisca_speedups.installed():
        assert Population.has_role is not originals[1]
        # Months read afresh, so that their parameters are built by the lazy nodes.
        tax_benefit_system()._parameters_at_instant_cache.clear()
        fast = costing.simulate(population, scenario)
    assert not differences(fast, plain[scenario])
    assert (VectorialParameterNodeAtInstant.__getitem__, Population.has_role,
            ParameterNode._get_at_instant) == originals
