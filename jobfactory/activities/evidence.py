"""The non-competition evidence of an activity: the local establishments doing the same thing.

The NAF code is only a first filter: the evidence lists neighbouring codes too (same class, same
group), and the committee's judgement decides.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from jobfactory.establishments.evidence import establishment_evidence, evidence_source
from jobfactory.referentials import naf

# The three levels of the nomenclature the evidence counts, as NafEvidence names them.
LEVELS = (("subclass", _("Même sous-classe")), ("same_class", _("Même classe")),
          ("same_group", _("Même groupe")))


@dataclass(frozen=True)
class ActivityEvidence:
    source: object  # the SIRENE import the counts come from, or None before any import
    by_code: tuple
    territory_communes: tuple
    surrounding_communes: tuple

    def display(self) -> list[dict]:
        """The rows as the page shows them: levels named, communes by name."""
        return [{
            "code": row.code, "label": naf.label(row.code),
            "levels": [{"name": name, "counts": getattr(row, attr),
                        "label": naf.label(getattr(row, attr).code)} for attr, name in LEVELS],
            "establishments": [{"line": line, "commune": self.commune_name(line.commune_code)}
                               for line in row.establishments],
        } for row in self.by_code]

    def commune_name(self, code: str) -> str:
        for commune in (*self.territory_communes, *self.surrounding_communes):
            if commune.insee_code == code:
                return commune.name
        return code


@dataclass(frozen=True)
class TerritoryEvidence:
    """What every activity of a territory shares: its communes and the programme's SIRENE import."""

    territory: object
    own: tuple
    around: tuple
    source: object


def territory_evidence(territory) -> TerritoryEvidence:
    own = tuple(territory.communes.all())
    around = tuple(territory.surrounding_communes.exclude(
        insee_code__in={commune.insee_code for commune in own}))
    return TerritoryEvidence(territory=territory, own=own, around=around,
                             source=evidence_source(territory.programme))


def evidence_for(activity, setting: TerritoryEvidence | None = None) -> ActivityEvidence | None:
    """`setting`: the activity's territory_evidence, when the caller shows several of its activities."""
    if not activity.naf_codes:
        return None
    if setting is None or setting.territory.pk != activity.territory_id:
        setting = territory_evidence(activity.territory)
    source = setting.source
    rows = establishment_evidence(setting.territory.programme, list(activity.naf_codes),
                                  {commune.insee_code for commune in setting.own},
                                  {commune.insee_code for commune in setting.around},
                                  source=source) if source else []
    return ActivityEvidence(source=source, by_code=tuple(rows), territory_communes=setting.own,
                            surrounding_communes=setting.around)
