"""A person's household for the costing engine (issue 5).

`households_of` turns people and their `HouseholdSituation` into the columnar `costing.Households`
the engine simulates, one row per person; `commune_code_for` finds the INSEE code of a person's
commune in the communes referential; `describe_household` summarises a situation for the page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple
from uuid import UUID

import numpy as np
from django.core.exceptions import ObjectDoesNotExist
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobfactory.engines.costing import DECLARABLE, ITEMS, Households
from jobfactory.engines.eligibility import age_on
from jobfactory.people.enums import (
    HOUSING_INDEX,
    INCAPACITY_RATE,
    RENT_STATUSES,
    Disability,
    HousingStatus,
)
from jobfactory.people.models import HouseholdSituation, Person
from jobfactory.referentials.models import Commune

DECLARABLE_LABELS = {item.key: item.label for item in ITEMS if item.declarable}


# ------------------------------------------------------------------------------------- commune


def _normalised(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(part for part in re.split(r"[\s'’\-]+", text) if part)


def _departments(postcode: str) -> list[str]:
    if postcode.startswith("20"):
        return ["2A", "2B"]
    if postcode.startswith("97"):
        return [postcode[:3]]
    return [postcode[:2]]


def commune_code_for(person: Person) -> str:
    """The INSEE code of the person's commune: the referential's commune of that name in the
    postcode's département; else the territory's commune when it has one only and the person lives
    there; "" when unsure (a postcode is not an INSEE code: Loos is 59120 and 59360)."""
    wanted = _normalised(person.commune or "")
    if wanted and person.postcode:
        matches = [code for code, name in Commune.objects.filter(
            department__in=_departments(person.postcode)).values_list("insee_code", "name")
            if _normalised(name) == wanted]
        if len(matches) == 1:
            return matches[0]
    if person.lives_in_territory:
        own = list(person.territory.communes.values_list("insee_code", flat=True))
        if len(own) == 1:
            return own[0]
    return ""


# -------------------------------------------------------------------------------------- arrays


class HouseholdBatch(NamedTuple):
    """The engine's input and who is in it: `people[i]` is row i; `skipped` were not costed."""

    households: Households
    people: list[UUID]
    skipped: list[UUID]


def cents(amount: Decimal | int | float | None) -> int:
    """Euros to whole cents, half up."""
    if amount is None:
        return 0
    return int((Decimal(str(amount)) * 100).to_integral_value(rounding=ROUND_HALF_UP))


def _situation_of(row) -> tuple[Person, HouseholdSituation | None]:
    if isinstance(row, HouseholdSituation):
        return row.person, row
    try:
        return row, row.household
    except ObjectDoesNotExist:
        return row, None


def _hours(weekly_hours, index: int, person: Person) -> float:
    if weekly_hours is None:
        return float(person.chosen_hours)
    if isinstance(weekly_hours, Mapping):
        value = weekly_hours.get(person.public_id)
        return float(person.chosen_hours if value is None else value)
    if isinstance(weekly_hours, (Sequence, np.ndarray)) and not isinstance(weekly_hours, str):
        return float(weekly_hours[index])
    return float(weekly_hours)


def households_of(rows: Iterable[Person | HouseholdSituation],
                  weekly_hours: float | Decimal | Mapping[UUID, float | Decimal]
                  | Sequence[float | Decimal] | np.ndarray | None = None) -> HouseholdBatch:
    """One `costing.Households` row per person who has a household situation, in input order.

    ``rows`` are people (fetch them with ``select_related("household")``) or situations (with
    ``select_related("person")``). ``weekly_hours`` are the hours worked once hired: None for each
    person's chosen hours; one number for everyone; a mapping by public id (a person missing from
    it: their chosen hours); or a sequence aligned with ``rows``. People without a situation are
    not costed: their public ids are returned in ``skipped``.
    """
    people: list[Person] = []
    situations: list[HouseholdSituation] = []
    hours: list[float] = []
    skipped: list[UUID] = []
    for index, row in enumerate(rows):
        person, situation = _situation_of(row)
        if situation is None:
            skipped.append(person.public_id)
            continue
        people.append(person)
        situations.append(situation)
        hours.append(_hours(weekly_hours, index, person))

    n = len(people)
    width = max((len(s.children_birth_dates) for s in situations), default=0)
    children = np.full((n, width), np.datetime64("NaT"), dtype="datetime64[D]")
    for row, situation in enumerate(situations):
        for column, day in enumerate(sorted(situation.children_birth_dates)):
            children[row, column] = np.datetime64(day, "D")

    households = Households(
        birth=np.array([p.birth_date for p in people], dtype="datetime64[D]").reshape(n),
        partner_birth=np.array(
            [s.partner_birth_date if s.has_partner else None for s in situations],
            dtype="datetime64[D]").reshape(n),
        partner_gross=np.array([cents(s.partner_monthly_gross) if s.has_partner else 0
                                for s in situations], dtype=np.int64).reshape(n),
        children_birth=children,
        housing=np.array([HOUSING_INDEX[HousingStatus(s.housing)] for s in situations],
                         dtype=np.int16).reshape(n),
        rent=np.array([cents(s.monthly_rent) for s in situations], dtype=np.int64).reshape(n),
        commune=np.array([s.commune_code for s in situations], dtype="<U5").reshape(n),
        incapacity=np.array([INCAPACITY_RATE[Disability(s.disability)] for s in situations],
                            dtype=np.float64).reshape(n),
        ass_eligible=np.array([s.ass_eligible for s in situations], dtype=bool).reshape(n),
        are_gross=np.array([cents(s.are_monthly_gross) for s in situations],
                           dtype=np.int64).reshape(n),
        weekly_hours=np.array(hours, dtype=np.float64).reshape(n),
        declared={key: np.array([(s.declared_cents or {}).get(key, -1) for s in situations],
                                dtype=np.int64).reshape(n) for key in DECLARABLE},
    )
    return HouseholdBatch(households, [p.public_id for p in people], skipped)


# ------------------------------------------------------------------------------------- summary


def euros(amount) -> str:
    return f"{number_format(Decimal(amount), 2, force_grouping=True)} €"




def describe_household(situation: HouseholdSituation, today: date) -> list[tuple[str, str]]:
    """The situation as (label, text) lines for the person's page."""
    ages = [age_on(date.fromisoformat(d), today) for d in situation.children_birth_dates]
    if ages:
        kids = ngettext("%(count)s enfant à charge (%(ages)s ans)",
                        "%(count)s enfants à charge (%(ages)s ans)", len(ages)) % {
            "count": len(ages), "ages": ", ".join(str(a) for a in sorted(ages))}
    else:
        kids = _("sans enfant à charge")
    lines = [(_("Composition"), f"{_('En couple') if situation.has_partner else _('Seul·e')}, {kids}")]
    if situation.has_partner:
        lines.append((_("Conjoint"), _("né·e le %(date)s ; salaire brut %(gross)s par mois") % {
            "date": date_format(situation.partner_birth_date, "SHORT_DATE_FORMAT"),
            "gross": euros(situation.partner_monthly_gross)}))
    housing = situation.get_housing_display()
    if situation.housing in RENT_STATUSES:
        housing += _(" ; loyer %(rent)s par mois") % {"rent": euros(situation.monthly_rent)}
    commune = Commune.objects.filter(insee_code=situation.commune_code).first()
    lines.append((_("Logement"), housing))
    lines.append((_("Commune"), str(commune) if commune else situation.commune_code))
    lines.append((_("Handicap (AAH)"), situation.get_disability_display()))
    lines.append((_("ASS"), _("perçue ou ouverte") if situation.ass_eligible else _("non")))
    lines.append((_("ARE brute"), _("%(amount)s par mois") % {
        "amount": euros(situation.are_monthly_gross)} if situation.are_monthly_gross else _("non")))
    declared = situation.declared_euros()
    received = " · ".join(f"{DECLARABLE_LABELS[key]} {euros(declared[key])}"
                          for key in DECLARABLE if key in declared)
    lines.append((_("Prestations perçues (déclarées)"), received or _("rien de déclaré")))
    lines.append((_("Mise à jour le"), date_format(situation.updated_on, "SHORT_DATE_FORMAT")))
    return lines
