"""The evidence put into words and tables, for the meeting's pack (the page has its template)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jobfactory.documents import Heading, Paragraph, Table


def source_sentence(evidence) -> str:
    source = evidence.source
    return _("D'après le fichier des établissements « %(file)s » (format SIRENE de l'INSEE) importé le "
             "%(day)s ; établissements actifs seulement.") % {
        "file": source.source_name, "day": date_format(source.started_at.date(), "j F Y")}


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
    for row in evidence.display():
        blocks.append(Table(
            headers=(_("Niveau NAF"), _("Libellé"), _("Territoire"), _("Alentour"), _("dont micro"),
                     _("dont non diffusibles")),
            rows=tuple((f"{level['name']} : {level['counts'].code}", level["label"],
                        str(level["counts"].territory), str(level["counts"].surrounding),
                        str(level["counts"].micro), str(level["counts"].not_public))
                       for level in row["levels"]),
            widths=(2, 3.4, 1.4, 1.2, 1, 1.4), align=("L", "L", "R", "R", "R", "R"),
            caption=f"{row['code']} {row['label']}"))
        blocks.append(Table(
            headers=(_("Établissement"), _("Adresse"), _("Commune"), _("NAF"), _("Micro")),
            rows=tuple((entry["line"].label,
                        " ".join(filter(None, [entry["line"].street, entry["line"].postcode])) or "—",
                        entry["commune"], entry["line"].naf_code, _("oui") if entry["line"].is_micro else "")
                       for entry in row["establishments"]),
            widths=(3, 3, 1.6, 1, 0.8), empty_text=_("Aucun établissement actif de la même classe.")))
    return blocks
