"""A synthetic population of long-term unemployed households for the costing benchmark.

Shares drawn from DOMAIN.md where it has them (45 % of Lille's hires came from RSA; 30 % of
employees over 50), the rest are labelled guesses. Amounts are recorded as a registry records them:
rents and benefits in whole euros, birth dates to the day.
"""

from __future__ import annotations

import numpy as np

from jobfactory.engines.costing import Households

NaT = np.datetime64("NaT")
# Loos, Tourcoing, Lille, Roubaix, Villeneuve-d'Ascq.
COMMUNES = np.array(["59360", "59599", "59350", "59512", "59009"])


def _dates(rng, first_year: int, last_year: int, n: int) -> np.ndarray:
    start = np.datetime64(f"{first_year}-01-01")
    days = (np.datetime64(f"{last_year}-12-31") - start).astype(int)
    return start + rng.integers(0, days, n).astype("timedelta64[D]")


def population(n: int, seed: int = 61) -> Households:
    rng = np.random.default_rng(seed)
    birth = _dates(rng, 1961, 2006, n)
    couple = rng.random(n) < 0.3
    partner_birth = np.where(couple, _dates(rng, 1961, 2006, n), NaT).astype("datetime64[D]")
    partner_works = couple & (rng.random(n) < 0.4)
    partner_gross = np.where(partner_works, rng.integers(600, 2400, n) * 100, 0)
    children = rng.choice([0, 1, 2, 3, 4], n, p=[0.5, 0.2, 0.17, 0.09, 0.04])
    children_birth = np.full((n, 4), NaT, dtype="datetime64[D]")
    for k in range(4):
        has = children > k
        children_birth[has, k] = _dates(rng, 2005, 2025, int(has.sum()))
    # TypesStatutOccupationLogement: 3 social tenant, 4 private unfurnished, 6 housed free, 2 owner.
    housing = rng.choice([3, 4, 5, 6, 2], n, p=[0.5, 0.3, 0.05, 0.1, 0.05])
    rent = np.where(np.isin(housing, [3, 4, 5]), rng.integers(250, 750, n) * 100, 0)
    ass = rng.random(n) < 0.15
    are = np.where(~ass & (rng.random(n) < 0.2), rng.integers(400, 1200, n) * 100, 0)
    incapacity = rng.choice([0.0, 0.5, 0.8], n, p=[0.9, 0.05, 0.05])
    hours = rng.choice([24.0, 26.0, 28.0, 30.0, 32.0, 35.0], n, p=[0.1, 0.1, 0.1, 0.15, 0.1, 0.45])
    return Households(
        birth=birth, partner_birth=partner_birth, partner_gross=partner_gross,
        children_birth=children_birth, housing=housing, rent=rent,
        commune=COMMUNES[rng.integers(0, len(COMMUNES), n)], incapacity=incapacity,
        ass_eligible=ass, are_gross=are, weekly_hours=hours,
    )
