"""French labels of the indicators' codes, for pages, exports and the PDF report alike."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobfactory.engines.indicators import UNKNOWN
from jobfactory.people.enums import QualificationLevel, Sex
from jobfactory.staffing.enums import ExitReason

BREAKDOWN_TITLES = {
    "sex": _("Sexe"),
    "age": _("Âge"),
    "qualification": _("Niveau de qualification"),
    "deprivation": _("Mois sans emploi avant l'embauche"),
    "hours": _("Heures hebdomadaires au contrat"),
}
_CODES = {
    "sex": dict(Sex.choices),
    "age": {"under_25": _("moins de 25 ans"), "25_49": _("25 à 49 ans"), "50_plus": _("50 ans et plus")},
    "qualification": {str(level): "" for level in QualificationLevel.values},
    "deprivation": {"under_12": _("moins de 12 mois"), "12_23": _("12 à 23 mois"),
                    "24_59": _("24 à 59 mois"), "60_plus": _("60 mois et plus")},
    "hours": {"under_24": _("moins de 24 h"), "24_29": _("24 à 29 h"), "30_34": _("30 à 34 h"),
              "35": _("35 h (temps plein)")},
}
SERIES_LABELS = {
    "registered": _("Volontaires inscrit·e·s"),
    "eligible": _("Éligibilité reconnue"),
    "waiting": _("En attente"),
    "employees": _("Salarié·e·s en fin de mois"),
    "hires": _("Embauches du mois"),
    "exits": _("Sorties du mois"),
    "fte": _("ETP en fin de mois"),
    "month_fte": _("ETP du mois (prorata des jours)"),
    "exhaustivity": _("Exhaustivité (%)"),
    "days_to_hire": _("Jours sur la liste avant l'embauche (moyenne des embauches du mois)"),
}


def exit_label(reason: str) -> str:
    return str(dict(ExitReason.choices).get(reason, _("Autre motif")))


def code_label(breakdown: str, code: str) -> str:
    if code == UNKNOWN:
        return str(_("non renseigné"))
    if breakdown == "qualification":
        # Short: the full labels ("Niveau 3 (CAP, BEP, ancien V)") do not fit a chart's axis.
        return gettext("Niveau %(level)s") % {"level": code}
    return str(_CODES.get(breakdown, {}).get(code, code))


def ordered_codes(breakdown: str, counts: dict) -> list[str]:
    """The codes in their natural order (bands ascending), unknown last."""
    known = [code for code in _CODES.get(breakdown, {}) if code in counts]
    return known + sorted(code for code in counts if code not in known)
