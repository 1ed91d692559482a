"""The demo replays history up to today; past the last rule set an administrator has entered, it
needs a rule set to interview anyone. The demo then adds one, named as an assumption: the product
itself never invents a law and refuses the interview with a message instead."""

from datetime import date

from jobfactory.people.models import EligibilityRuleSet

ASSUMED_VERSION = "hypothese-demo"
ASSUMED_NAME = "Hypothèse de démonstration : critères de 2020 prolongés"
ASSUMED_SOURCE = (
    "Hypothèse de la démonstration, pas un texte en vigueur : la proposition de loi de pérennisation "
    "adoptée par l'Assemblée nationale le 27 janvier 2026 n'était pas promulguée lors de la saisie "
    "des règles ; la démonstration reprend les critères de la loi 2020-1577. Un administrateur "
    "remplace ce jeu par le texte publié.")


def cover_until(family: str, today: date) -> EligibilityRuleSet | None:
    """Adds the assumed successor of the family's last rule set when that one ends before today."""
    last = EligibilityRuleSet.objects.filter(family=family).order_by("valid_from").last()
    if last is None or last.valid_until is None or last.valid_until >= today:
        return None
    assumed = EligibilityRuleSet.objects.create(
        family=family, name=ASSUMED_NAME, version=ASSUMED_VERSION,
        valid_from=date.fromordinal(last.valid_until.toordinal() + 1), valid_until=None,
        source=ASSUMED_SOURCE, rules=last.rules)
    last.successor = assumed
    last.save(update_fields=["successor"])
    return assumed
