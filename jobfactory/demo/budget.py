"""The demo's budget (issue "Financing"): La Fabrique de l'emploi's base scenario for the current year,
made from the demo's contracts and activities as the first visit would make it, and a copy that hires
faster, so that the compare page has two columns.

Only assumptions are stored; the figures are computed when a page shows them (OpenFisca-France).
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from jobfactory.finance import budget_service

ACCELERATED_NAME = "Embauches accélérées"
# The copy hires twice the last 12 months' rhythm, and at least 3 more people a month (assumption of
# the demo, to show a difference worth comparing).
ACCELERATION = Decimal(2)
AT_LEAST_MORE = Decimal(3)


class DemoBudget:
    def __init__(self, *, employer, manager, today: date, log=print):
        self.employer = employer
        self.manager = manager
        self.today = today
        self.log = log

    def build(self):
        year = self.today.year
        base = budget_service.ensure_base(self.employer, year, today=self.today)
        copy = budget_service.copy_scenario(base, ACCELERATED_NAME, user=self.manager)
        rate = budget_service.hiring_rate(self.employer, self.today)
        faster = max(rate * ACCELERATION, rate + AT_LEAST_MORE).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        hires = budget_service.default_hires(self.employer, year, self.today, per_month=faster)
        basis = {"hires": (
            f"Hypothèse de démonstration : {faster} embauches par mois sur les mois à venir (deux fois le "
            "rythme des 12 derniers mois, au moins 3 de plus), dans la limite de la liste d'attente, aux "
            "heures choisies des personnes en tête de liste.")}
        budget_service.update_assumptions(copy, {**copy.assumptions, "hires": hires}, user=self.manager,
                                          today=self.today, basis=basis)
        planned = [sum(h["count"] for h in s.assumptions["hires"]) for s in (base, copy)]
        self.log(f"Budget {year} : « {base.name} » ({planned[0]} embauches prévues) et « {copy.name} » "
                 f"({planned[1]} embauches prévues).")
        return base, copy
