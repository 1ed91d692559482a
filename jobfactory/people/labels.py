"""The eligibility engine's reasons, put into French words for the interface."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CHECK_LABELS = {"met": "✓", "not_met": "✗", "to_assess": "?"}


def _d(value) -> str:
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def describe(rule: str, check: str, params: dict) -> str:
    if "missing" in params:
        return _("Information manquante pour la règle « %(rule)s » : à compléter ou à apprécier "
                 "par le comité.") % {"rule": RULE_NAMES.get(rule, rule)}
    if rule == "volunteer":
        return _("Se porte volontaire.") if check == "met" else _("Ne se porte pas volontaire.")
    if rule == "job_search":
        return (_("A fait des démarches de recherche d'emploi.") if check == "met"
                else _("Pas de démarche de recherche d'emploi déclarée."))
    if rule == "residence":
        if params.get("lives") is False:
            return _("Ne réside pas sur le territoire.")
        values = {"months": params.get("months"), "min": params.get("min_months"),
                  "since": _d(params.get("since")), "from": _d(params.get("from"))}
        if check == "met":
            return _("Réside sur le territoire depuis le %(since)s (%(months)s mois ; au moins "
                     "%(min)s exigés).") % values
        return _("Réside sur le territoire depuis %(months)s mois seulement (au moins %(min)s "
                 "exigés, atteints le %(from)s).") % values
    if rule == "deprivation":
        if check == "to_assess":
            return _("Privation d'emploi %(kind)s : pas de seuil chiffré, le comité apprécie "
                     "la situation.") % {"kind": KIND_NAMES.get(params.get("kind"), "")}
        comparison = _("plus de") if params.get("strictly_more") else _("au moins")
        values = {"months": params.get("months"), "min": params.get("min_months"),
                  "since": _d(params.get("since")), "from": _d(params.get("from")),
                  "comparison": comparison,
                  "what": SINCE_NAMES.get(params.get("since_field"), "")}
        if check == "met":
            return _("%(what)s depuis le %(since)s (%(months)s mois ; %(comparison)s %(min)s "
                     "exigés).") % values
        return _("%(what)s depuis %(months)s mois seulement (%(comparison)s %(min)s exigés, "
                 "atteints le %(from)s).") % values
    return rule


RULE_NAMES = {"volunteer": gettext_lazy("volontariat"), "residence": gettext_lazy("résidence"),
              "deprivation": gettext_lazy("privation d'emploi"),
              "job_search": gettext_lazy("recherche d'emploi")}
KIND_NAMES = {"partial": gettext_lazy("partielle"), "recurrent": gettext_lazy("récurrente"),
              "total": gettext_lazy("totale")}
SINCE_NAMES = {"without_employment_since": gettext_lazy("Privé·e d'emploi"),
               "registered_unemployed_since": gettext_lazy("Inscrit·e au chômage")}


def describe_reasons(reasons: list[dict]) -> list[dict]:
    return [{"check": r["check"], "symbol": CHECK_LABELS.get(r["check"], ""),
             "text": describe(r["rule"], r["check"], r.get("params", {}))} for r in reasons]
