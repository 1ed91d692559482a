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


def evidence_for(activity) -> ActivityEvidence | None:
    if not activity.naf_codes:
        return None
    territory = activity.territory
    programme = territory.programme
    own = tuple(territory.communes.all())
    own_codes = {commune.insee_code for commune in own}
    around = tuple(territory.surrounding_communes.exclude(insee_code__in=own_codes))
    source = evidence_source(programme)
    rows = establishment_evidence(programme, list(activity.naf_codes), own_codes,
                                  {commune.insee_code for commune in around}, source=source) if source else []
    return ActivityEvidence(source=source, by_code=tuple(rows), territory_communes=own,
                            surrounding_communes=around)
