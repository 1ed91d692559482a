"""Benefits nobody in a simulation can have at a month, left uncomputed.

Several of OpenFisca-France's formulas end by multiplying an amount by a condition: ASS by the
claimant's eligibility, AAH by the incapacity condition, ASI and ASPA by theirs. When the condition
is false for every person of a simulation at a month, the amount is zero for everyone whatever the
rest of the formula computes, and the rest is often the costliest part of a costing: the resources
of a rolling year. Most households of a territory claim none of these benefits, so `costing_batch`
puts households alike in the same chunk, where these branches are not computed.

OpenFisca-France has circular definitions (AAH reads the ASS and ASI of earlier months, which read
AAH; the CSG on ARE reads the reference tax income of two years before, which reads the CSG). Core
cuts each circle where it meets it a second time, giving the variable its default there, so a
household's figures can depend on the order variables are computed in (`max_spiral_loops`).
Skipping a branch changes that order. Where nobody has an incapacity, AAH is zero for everyone and
cutting its circle changes nothing: ASS, ASI and ASPA, which AAH's circle goes through, are skipped
only there.
The CSG on ARE is not skipped at all: skipping it changed two households' family benefits in the
benchmark, through the income-tax circle.

`ZERO_UNLESS` pairs each variable with its conditions, read in OpenFisca-France 176.1.8 (pinned).
tests/engines/test_costing_zeros.py computes each variable in full in the situations
`costing.build` makes and checks that it is zero wherever its conditions are false for everyone;
the benchmark and the tests check that the costs equal the plain run's to the cent.
"""

from __future__ import annotations

import numpy as np

ZERO_UNLESS = {
    # `ass = ass * elig`, where `ass_eligibilite_individu` ends `* ass_precondition_remplie`.
    "ass": ("ass_precondition_remplie", "taux_incapacite"),
    # `return aah_eligible * min_(...)` in every formula of aah_base; `aah` only scales aah_base.
    "aah_base": ("aah_eligible",),
    # `caah = mva * eligibilite_caah`, and eligibility needs `taux_incapacite >= taux_incapacite_min`.
    "caah": ("taux_incapacite",),
    # `montant_servi_asi * (... demandeur_eligible_asi ... + ... conjoint_eligible_asi ...)`.
    "asi": ("asi_eligibilite", "taux_incapacite"),
    # Every case (elig1 to elig4) needs an ASPA-eligible claimant or partner, or the amount is 0.
    "aspa": ("aspa_eligibilite", "taux_incapacite"),
}


def nobody_has(simulation, variable: str, period) -> bool:
    """Whether `variable` is zero for everyone at `period`: each of its conditions false for all."""
    conditions = ZERO_UNLESS.get(variable, ())
    return bool(conditions) and not any(np.any(simulation.calculate(condition, period))
                                        for condition in conditions)


def zeros(simulation, variable: str) -> np.ndarray:
    """The array a formula of `variable` returns when it is zero for everyone."""
    definition = simulation.tax_benefit_system.get_variable(variable)
    count = simulation.get_variable_population(variable).count
    return np.zeros(count, dtype=definition.dtype)
