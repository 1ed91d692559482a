"""The evidence put into words and tables, for the meeting's pack (the page has its template)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobfactory.documents import Heading, Paragraph, Table
from jobfactory.referentials import naf

LEVEL_LABELS = (("subclass", gettext_lazy("même sous-classe")), ("same_class", gettext_lazy("même classe")),
                ("same_group", gettext_lazy("même groupe")))


def source_sentence(evidence) -> str:
    source = evidence.source
    return _("D'après le fichier SIRENE des établissements (INSEE) « %(file)s » importé le %(day)s ; "
             "établissements actifs seulement.") % {
        "file": source.source_name, "day": date_format(source.started_at.date(), "j F Y")}


def level_rows(row) -> list[tuple[str, str, int, int, int, int]]:
    return [(f"{label} : {level.code}", naf.label(level.code), level.territory, level.surrounding,
             level.micro, level.not_public)
            for level, label in ((getattr(row, attr), label) for attr, label in LEVEL_LABELS)]


def evidence_blocks(evidence) -> list:
    blocks = [Heading(_("Non-concurrence : établissements locaux du même domaine"), level=2)]
    if evidence is None:
        return [*blocks, Paragraph(_("Aucun code NAF indiqué."), style="warning")]
    if evidence.source is None:
        return [*blocks, Paragraph(_("Aucun fichier SIRENE n'a été importé pour ce programme."),
                                   style="warning")]
    communes = ", ".join(c.name for c in evidence.territory_communes) or "—"
    around = ", ".join(c.name for c in evidence.surrounding_communes) or "—"
    blocks += [Paragraph(source_sentence(evidence), style="muted"),
               Paragraph(_("Territoire : %(own)s. Communes alentour : %(around)s.")
                         % {"own": communes, "around": around}, style="muted")]
    for row in evidence.by_code:
        blocks.append(Table(
            headers=(_("Niveau NAF"), _("Libellé"), _("Territoire"), _("Alentour"), _("dont micro"),
                     _("dont non diffusibles")),
            rows=tuple((level, label, str(t), str(s), str(m), str(p))
                       for level, label, t, s, m, p in level_rows(row)),
            widths=(2, 3.4, 1.4, 1.2, 1, 1.4), align=("L", "L", "R", "R", "R", "R"),
            caption=f"{row.code} {naf.label(row.code)}"))
        blocks.append(Table(
            headers=(_("Établissement"), _("Adresse"), _("Commune"), _("NAF"), _("Micro")),
            rows=tuple((line.label, " ".join(filter(None, [line.street, line.postcode])) or "—",
                        evidence.commune_name(line.commune_code), line.naf_code,
                        _("oui") if line.is_micro else "")
                       for line in row.establishments),
            widths=(3, 3, 1.6, 1, 0.8), empty_text=_("Aucun établissement actif de la même classe.")))
    return blocks
