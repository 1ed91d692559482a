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


# Incomes and statuses the household situation we cost never has (capital and rental income,
# self-employment, public-service pay, apprentices and interns, retirement and invalidity pensions,
# student grants, tax credits for investments). Their formulas would return zero for every household
# anyway, month after month; neutralised, OpenFisca skips them (a quarter of the costing time).
# tests/engines/test_costing.py checks that the results equal those of the full system.
NEUTRALIZED = (
    "revenus_capitaux_prelevement_forfaitaire_unique_ir",
    "indemnite_residence",
    "exoneration_cotisations_salarie_stagiaire",
    "rpns_revenus_microBA_agricole",
    "boursier",
    "remuneration_apprenti",
    "rente_accident_travail_rachat",
    "rente_accident_travail_apres_rachat",
    "rente_accident_travail_salaire_utile",
    "ircantec_salarie",
    "rente_accident_travail_base",
    "pension_salarie",
    "rpns_imposables",
    "supplement_familial_traitement",
    "microentreprise",
    "rafp_salarie",
    "stage_gratification",
    "revenus_capitaux_prelevement_bareme",
    "revenus_capitaux_prelevement_liberatoire",
    "revenus_locatifs",
    "revenus_capital",
    "rente_accident_travail_salarie",
    "rpns_auto_entrepreneur_benefice",
    "exoneration_cotisations_employeur_jei",
    "indemnites_journalieres",
    "primes_fonction_publique",
    "traitement_indiciaire_brut",
    "credits_impot",
    "retraite_brute",
    "pensions_invalidite",
    "apprenti",
    "stagiaire",
    "rsa_base_ressources_patrimoine_individu",
    "aide_logement_base_ressources_patrimoine",
    "moins_values_court_terme_nonpro",
    "moins_values_court_terme_pro",
    "ci_investissement_forestier",
    "scelli",
    "duflot_pinel_denormandie_metropole",
    "grosses_reparations",
    "casa",
    "bourse_criteres_sociaux_echelon",
    "bourse_lycee_echelon",
    "bourse_college_echelon",
    "rpns_pvct",
    "rpns_pvce",
    "rpns_auto_entrepreneur_CA_bnc",
    "rpns_auto_entrepreneur_CA_achat_revente",
    "rpns_auto_entrepreneur_CA_bic",
    "prime_partage_valeur_exoneree",
    "prime_exceptionnelle_pouvoir_achat_exoneree",
    # Social contributions on retirement pensions, none of which the situation has.
    "csg_deductible_retraite",
    "csg_imposable_retraite",
    "crds_retraite",
)


@lru_cache(maxsize=1)
def tax_benefit_system():
    """The French tax-benefit system (about 4 s to load), built once per process."""
    from openfisca_france import FranceTaxBenefitSystem

    system = FranceTaxBenefitSystem()
    for variable in NEUTRALIZED:
        system.neutralize_variable(variable)
    return system


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
