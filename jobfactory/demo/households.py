"""The demo's household situations (issue 5): every generated person gets one, drawn from a seed.

The shares are calibrated on DOMAIN.md where it has a figure (45 % of those hired in Lille came
from RSA, 2023) and are otherwise assumptions for the demo, stated here. The declared amounts are
rough figures such as people report them, not computed from the law: the costing engine computes
entitlements with OpenFisca-France and compares them with what is declared. A few people declare
receiving no RSA although their situation entitles them to it, to show non-take-up.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from jobfactory.engines.eligibility import age_on
from jobfactory.people.enums import TENANT_STATUSES, Disability, HousingStatus
from jobfactory.people.household import commune_code_for
from jobfactory.people.models import HouseholdSituation, Person

# What the person lived on before being hired. "rsa": no other income, so RSA; "ass": unemployment
# insurance exhausted, ASS (with children, often an RSA top-up); "are": still paid by unemployment
# insurance; "partner": a partner's wage; "none": nothing declared (young people, people hosted by
# family). AAH is drawn apart, among people with a recognised disability. With these weights
# OpenFisca finds about half of those hired entitled to RSA before hiring, against the 45 % of
# hires in Lille who came from RSA (DOMAIN.md): the gap is non-take-up.
PROFILE_WEIGHTS = {"rsa": 38, "ass": 16, "are": 10, "partner": 24, "none": 12}
SHARE_AAH_AMONG_RQTH = 0.3
SHARE_SEVERE_AMONG_AAH = 0.4
SHARE_COUPLES = 0.28
CHILDREN_WEIGHTS = {0: 45, 1: 20, 2: 17, 3: 11, 4: 5, 5: 2}
# Social housing dominates in these priority neighbourhoods (assumption for the demo).
HOUSING_WEIGHTS = {
    HousingStatus.LOCATAIRE_HLM: 52, HousingStatus.LOCATAIRE_VIDE: 14,
    HousingStatus.LOCATAIRE_MEUBLE: 4, HousingStatus.LOGE_GRATUITEMENT: 14,
    HousingStatus.LOCATAIRE_FOYER: 5, HousingStatus.PROPRIETAIRE: 4,
    HousingStatus.PRIMO_ACCEDANT: 3, HousingStatus.SANS_DOMICILE: 4,
}
# Monthly rent without charges, euros (assumption: Lille Metropole orders of magnitude).
RENT_RANGES = {
    HousingStatus.LOCATAIRE_HLM: (300, 520), HousingStatus.LOCATAIRE_VIDE: (480, 760),
    HousingStatus.LOCATAIRE_MEUBLE: (420, 600), HousingStatus.LOCATAIRE_FOYER: (380, 480),
    HousingStatus.PRIMO_ACCEDANT: (550, 850),
}
SHARE_DECLARING = 0.45
SHARE_RSA_NON_TAKE_UP = 0.1


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]




def _euros(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(rng.randint(round(low * 100), round(high * 100))) / 100


class DemoHouseholds:
    def __init__(self, seed: int, today: date):
        self.rng = random.Random(seed * 1009 + 5)
        self.today = today

    def give(self, territories) -> int:
        """A situation for every person of these territories who has none yet."""
        people = (Person.objects.filter(territory__in=territories, household__isnull=True)
                  .select_related("territory").order_by("pk"))
        situations = [self.situation_of(person) for person in people]
        HouseholdSituation.objects.bulk_create(situations)
        return len(situations)

    def situation_of(self, person: Person) -> HouseholdSituation:
        rng, today = self.rng, self.today
        age = age_on(person.birth_date, today)
        aah = person.rqth and rng.random() < SHARE_AAH_AMONG_RQTH
        profile = "aah" if aah else _weighted(rng, PROFILE_WEIGHTS)
        has_partner = profile == "partner" or rng.random() < SHARE_COUPLES
        children = self._children(person, age, has_partner)
        if profile == "rsa" and age < 25 and not children:
            profile = "none"  # no RSA under 25 without a child (young people's rules aside)

        situation = HouseholdSituation(person=person, has_partner=has_partner,
                                       children_birth_dates=children)
        if has_partner:
            partner_age = min(max(age + round(rng.gauss(1 if person.sex == "F" else -1, 4)), 18), 75)
            situation.partner_birth_date = person.birth_date.replace(day=1) - timedelta(
                days=365 * (partner_age - age) - rng.randrange(28))
            if situation.partner_birth_date > today - timedelta(days=365 * 18):
                situation.partner_birth_date = today - timedelta(days=365 * 18 + rng.randrange(300))
            if profile == "partner":
                situation.partner_monthly_gross = _euros(rng, 1100, 2300)
            elif profile == "rsa" and rng.random() < 0.25:
                situation.partner_monthly_gross = _euros(rng, 150, 500)

        housing = _weighted(rng, HOUSING_WEIGHTS)
        if age < 25 and rng.random() < 0.5:
            housing = HousingStatus.LOGE_GRATUITEMENT
        situation.housing = housing
        if housing in RENT_RANGES:
            low, high = RENT_RANGES[housing]
            size = has_partner + len(children)
            situation.monthly_rent = Decimal(rng.randint(low, high) + 25 * size)
        situation.commune_code = (commune_code_for(person)
                                  or person.territory.communes.values_list(
                                      "insee_code", flat=True).first() or "")

        if profile == "aah":
            situation.disability = (Disability.SEVERE if rng.random() < SHARE_SEVERE_AMONG_AAH
                                    else Disability.RESTRICTED)
        situation.ass_eligible = profile == "ass"
        if profile == "are":
            situation.are_monthly_gross = _euros(rng, 750, 1350)
        if rng.random() < SHARE_DECLARING:
            situation.declared_cents = self._declared(situation, profile)
        situation.clean_fields(exclude=["person"])
        situation.clean()
        return situation

    def _children(self, person: Person, age: int, has_partner: bool) -> list[str]:
        rng, today = self.rng, self.today
        count = _weighted(rng, CHILDREN_WEIGHTS)
        if not has_partner and person.sex == "M" and rng.random() < 0.6:
            count = 0  # single parents are mostly mothers
        oldest = min(20, age - 18)
        if oldest < 0:
            return []
        days = [today - timedelta(days=rng.randint(30, 365 * oldest + 300)) for _ in range(count)]
        return sorted(day.isoformat() for day in days)

    def _declared(self, situation: HouseholdSituation, profile: str) -> dict[str, int]:
        """What a person might say they receive: rough, synthetic amounts in cents."""
        rng = self.rng
        children = len(situation.children_birth_dates)
        declared = {}
        if profile == "rsa":
            if rng.random() < SHARE_RSA_NON_TAKE_UP:
                declared["rsa"] = 0
            else:
                base = 560 + 270 * situation.has_partner + 180 * min(children, 2) \
                    + 230 * max(children - 2, 0)
                declared["rsa"] = round(_euros(rng, base * 0.9, base * 1.05) * 100)
        if profile == "ass":
            declared["ass"] = round(_euros(rng, 520, 565) * 100)
        if profile == "are":
            declared["are"] = round(situation.are_monthly_gross * 100)
        if profile == "aah":
            declared["aah"] = round(_euros(rng, 850, 1030) * 100)
        if situation.housing in TENANT_STATUSES and rng.random() < 0.8:
            declared["housing_aid"] = round(_euros(rng, 150, 330 + 40 * children) * 100)
        if children >= 2 and rng.random() < 0.8:
            declared["family_benefits"] = round(_euros(rng, 120 * (children - 1),
                                                       180 * (children - 1)) * 100)
        if profile == "partner" and rng.random() < 0.3:
            declared["activity_bonus"] = round(_euros(rng, 40, 220) * 100)
        return declared
