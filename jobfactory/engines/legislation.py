"""The legislation's parameters, read from OpenFisca-France (pinned in pyproject).

Only the parameter files we need are loaded (a fraction of a second), not the whole
tax-benefit system: the SMIC subtree carries every revaluation with its legal reference.
"""

from __future__ import annotations

import bisect
import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib.metadata import version

import openfisca_france
from openfisca_core.parameters import load_parameter_file

SMIC_PATH = "marche_travail/salaire_minimum/smic"


class NoParameterValue(LookupError):
    pass


@dataclass(frozen=True)
class SmicRate:
    starts_on: date
    hourly_gross: Decimal
    reference: str
    reference_url: str | None


@dataclass(frozen=True)
class SmicSchedule:
    rates: tuple[SmicRate, ...]
    source: str

    def rate_on(self, on: date) -> SmicRate:
        starts = [r.starts_on for r in self.rates]
        position = bisect.bisect_right(starts, on) - 1
        if position < 0:
            raise NoParameterValue(f"no SMIC known on {on.isoformat()}")
        return self.rates[position]


def openfisca_france_version() -> str:
    return version("OpenFisca-France")


@lru_cache(maxsize=1)
def smic_schedule() -> SmicSchedule:
    directory = os.path.join(os.path.dirname(openfisca_france.__file__), "parameters", SMIC_PATH)
    node = load_parameter_file(directory, name="smic")
    hourly = node.smic_b_horaire
    references = hourly.metadata.get("reference", {})
    rates = []
    for at_instant in hourly.values_list:
        if at_instant.value is None:
            continue
        starts_on = date.fromisoformat(at_instant.instant_str)
        # Before 2002 the parameter is in francs: only euro values are meaningful here.
        if starts_on < date(2002, 1, 1):
            continue
        ref = references.get(at_instant.instant_str, {})
        rates.append(SmicRate(
            starts_on=starts_on,
            hourly_gross=Decimal(str(at_instant.value)),
            reference=ref.get("title", ""),
            reference_url=ref.get("href"),
        ))
    rates.sort(key=lambda r: r.starts_on)
    return SmicSchedule(
        rates=tuple(rates),
        source=f"OpenFisca-France {openfisca_france_version()}, {SMIC_PATH}/smic_b_horaire",
    )
