"""The costing leaves uncomputed the benefits nobody in a chunk can have: each must be zero there in
OpenFisca's own figures, and skipping them must give the plain run's figures to the cent."""

import numpy as np
import pytest

from jobfactory.engines import costing, costing_batch, costing_wages, costing_zeros
from tests.engines.test_costing import BEFORE, MONTH_13, concat, differences, load_population

SCENARIOS = (BEFORE, MONTH_13)
# A household on AAH, with a partner and children, whose RSA changed when ASI was skipped without
# regard to AAH (see costing_zeros on OpenFisca's circular definitions).
ON_AAH = 3399


@pytest.fixture(scope="module")
def everyone() -> costing.Households:
    return load_population()(61000)


@pytest.fixture(scope="module")
def unclaimed(everyone) -> costing.Households:
    """Households in which nobody has a disability or the ASS: where every branch is skipped.
    The oldest first, so that some partners reach the ASPA's age."""
    rows = np.flatnonzero((everyone.incapacity == 0) & ~everyone.ass_eligible)
    oldest = rows[np.argsort(np.minimum(everyone.birth[rows], everyone.partner_birth[rows]))]
    return everyone.take(np.concatenate([oldest[:20], rows[:60]]))


def months(scenario: costing.Scenario) -> list[str]:
    span = costing.Span.of(scenario)
    return [costing._period(index) for index in range(span.first, span.last + 1)]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=["before", "month-13"])
def test_each_skipped_benefit_is_zero_where_nobody_meets_its_conditions(everyone, unclaimed, scenario):
    # OpenFisca as published: every formula computed in full.
    for households in (unclaimed, everyone.take(np.arange(60))):
        simulation = costing.build(households, scenario, costing.layout(households))
        skipped = dict.fromkeys(costing_zeros.ZERO_UNLESS, 0)
        for variable in costing_zeros.ZERO_UNLESS:
            for month in months(scenario):
                if costing_zeros.nobody_has(simulation, variable, month):
                    skipped[variable] += 1
                    assert not simulation.calculate(variable, month).any(), (variable, month)
        if households is unclaimed:
            # Without a disability or the ASS, each variable is skipped (ASPA where nobody is old
            # enough): the check above ran.
            assert all(skipped.values()), skipped


def test_the_conditions_are_not_always_false(everyone):
    """Where someone claims, the branch is computed: the conditions read the households."""
    rows = np.flatnonzero((everyone.incapacity >= 0.8) & everyone.ass_eligible)[:5]
    households = everyone.take(rows)
    simulation = costing.build(households, BEFORE, costing.layout(households))
    month = f"{BEFORE.month:%Y-%m}"
    for variable in costing_zeros.ZERO_UNLESS:
        assert not costing_zeros.nobody_has(simulation, variable, month), variable


@pytest.fixture()
def skips(monkeypatch) -> list[str]:
    seen = []
    original = costing_zeros.zeros

    def zeros(simulation, variable):
        seen.append(variable)
        return original(simulation, variable)

    monkeypatch.setattr(costing_zeros, "zeros", zeros)
    return seen


@pytest.mark.parametrize("scenario", SCENARIOS, ids=["before", "month-13"])
def test_skipping_gives_the_plain_runs_figures(everyone, unclaimed, scenario, skips):
    fast = costing_wages.simulate(unclaimed, scenario)
    assert not differences(fast, costing.simulate(unclaimed, scenario))
    assert set(skips) == set(costing_zeros.ZERO_UNLESS)
    # Some of these households do receive benefits: the comparison means something.
    assert fast.computed["housing_aid"].any()
    assert (fast.computed["rsa"] + fast.computed["activity_bonus"]).any()


def test_a_household_on_aah_keeps_its_figures_among_households_without(everyone, unclaimed, skips):
    households = concat(everyone.take(np.array([ON_AAH])), unclaimed)
    fast = costing_wages.simulate(households, BEFORE)
    plain = costing.simulate(households, BEFORE)
    assert not differences(fast, plain)
    assert plain.computed["aah"][0] > 0
    # ASS is skipped here only where AAH cannot be: not at all in this population.
    assert not set(skips) & {"ass", "asi", "aspa", "caah"}


def test_households_alike_come_together():
    households = load_population()(400, seed=5)
    order = costing_batch.alike_first(households)
    assert sorted(order.tolist()) == list(range(400))
    disability = households.incapacity[order] > 0
    ass = households.ass_eligible[order]
    # Nobody claiming first, then ASS alone, then the disabled: three runs, each in one piece.
    kinds = disability * 2 + ass
    assert (np.diff(kinds) >= 0).all()
    assert kinds[0] == 0 and set(kinds.tolist()) >= {0, 1, 2}
