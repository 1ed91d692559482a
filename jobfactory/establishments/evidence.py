"""Counts and lists of the local establishments that do what an activity would do.

For each NAF rev. 2 sub-class of an activity (e.g. 95.29Z), the active establishments at three levels
of the nomenclature: the same sub-class (95.29Z), the same class (95.29, which includes the sub-class)
and the same group (95.2, which includes both), each split between the territory's communes and the
communes around it. A commune in both sets counts for the territory. Closed establishments are never
counted. Establishments whose address is not public appear as "non diffusible", without details.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from jobfactory.establishments.models import Establishment, SireneImport

TERRITORY, SURROUNDING = "territory", "surrounding"
NOT_DIFFUSED_LABEL = _("non diffusible")


@dataclass(frozen=True)
class LevelCounts:
    """Active establishments at one level of the nomenclature."""

    code: str  # the sub-class, class or group code
    territory: int
    surrounding: int
    micro: int  # of territory + surrounding
    not_public: int  # of territory + surrounding

    @property
    def total(self) -> int:
        return self.territory + self.surrounding


@dataclass(frozen=True)
class EstablishmentLine:
    siret: str  # blank when not public
    name: str  # blank when not public
    street: str
    postcode: str
    commune_code: str
    naf_code: str
    zone: str  # TERRITORY or SURROUNDING
    is_micro: bool
    is_public: bool
    same_subclass: bool  # else same class only

    @property
    def label(self) -> str:
        if not self.is_public:
            return str(NOT_DIFFUSED_LABEL)
        return self.name or str(_("établissement sans enseigne"))


@dataclass(frozen=True)
class NafEvidence:
    code: str
    subclass: LevelCounts
    same_class: LevelCounts
    same_group: LevelCounts
    establishments: tuple[EstablishmentLine, ...]  # same sub-class first, then same class; at most `sample`
    imported_on: date | None  # the day of the SIRENE import the figures come from


def evidence_source(programme) -> SireneImport | None:
    """The programme's current SIRENE import, for "d'après le fichier SIRENE importé le ..."."""
    return SireneImport.objects.current().filter(programme=programme).first()


def _levels(code: str) -> tuple[str, str, str]:
    code = code.strip().upper()
    return code, code[:5], code[:4]


def establishment_evidence(programme, naf_codes: list[str], territory_communes: set[str],
                           surrounding_communes: set[str], *, sample: int = 25,
                           source: SireneImport | None = None) -> list[NafEvidence]:
    """One NafEvidence per NAF code, in the given order; a query for the counts of all the codes,
    one per code for its list, and one for the source unless the caller has it already."""
    territory_communes = set(territory_communes)
    surrounding_communes = set(surrounding_communes) - territory_communes
    codes = list(dict.fromkeys(code.strip().upper() for code in naf_codes if code and code.strip()))
    if not codes:
        return []
    source = source or evidence_source(programme)
    imported_on = source.started_at.date() if source else None
    base = Establishment.objects.filter(
        programme=programme, is_active=True,
        commune_code__in=territory_communes | surrounding_communes)

    groups = sorted({_levels(code)[2] for code in codes})
    any_group = Q()
    for group in groups:
        any_group |= Q(naf_rev2__startswith=group)
    # One row per (code, commune, micro, public) of the groups concerned: a few hundred at most.
    tallies = list(base.filter(any_group)
                   .values("naf_rev2", "commune_code", "is_micro", "address_is_public")
                   .annotate(n=Count("pk")).order_by())

    results = []
    for code in codes:
        levels = _levels(code)
        counts = [_count(tallies, prefix, territory_communes) for prefix in levels]
        results.append(NafEvidence(
            code=code, subclass=counts[0], same_class=counts[1], same_group=counts[2],
            establishments=_lines(base, code, territory_communes, sample), imported_on=imported_on))
    return results


def _count(tallies, prefix: str, territory_communes: set[str]) -> LevelCounts:
    territory = surrounding = micro = not_public = 0
    for tally in tallies:
        if not tally["naf_rev2"].startswith(prefix):
            continue
        n = tally["n"]
        if tally["commune_code"] in territory_communes:
            territory += n
        else:
            surrounding += n
        micro += n if tally["is_micro"] else 0
        not_public += 0 if tally["address_is_public"] else n
    return LevelCounts(code=prefix, territory=territory, surrounding=surrounding, micro=micro,
                       not_public=not_public)


def _lines(base, code: str, territory_communes: set[str], sample: int) -> tuple[EstablishmentLine, ...]:
    if sample <= 0:
        return ()
    rows = (base.filter(naf_rev2__startswith=code[:5])
            .annotate(
                exact=Case(When(naf_rev2=code, then=Value(0)), default=Value(1), output_field=IntegerField()),
                far=Case(When(commune_code__in=territory_communes, then=Value(0)), default=Value(1),
                         output_field=IntegerField()))
            .order_by("exact", "far", "-address_is_public", "name", "siret")
            .values("siret", "name", "street", "postcode", "commune_code", "naf_rev2", "is_micro",
                    "address_is_public")[:sample])
    return tuple(
        EstablishmentLine(
            siret=row["siret"] if row["address_is_public"] else "",
            name=row["name"] if row["address_is_public"] else "",
            street=row["street"] if row["address_is_public"] else "",
            postcode=row["postcode"] if row["address_is_public"] else "",
            commune_code=row["commune_code"], naf_code=row["naf_rev2"],
            zone=TERRITORY if row["commune_code"] in territory_communes else SURROUNDING,
            is_micro=row["is_micro"], is_public=row["address_is_public"],
            same_subclass=row["naf_rev2"] == code)
        for row in rows)
