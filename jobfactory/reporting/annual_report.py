"""A territory's yearly report: the dashboard's figures over one calendar year, as a document.

Aggregates only, like the dashboard (dashboard.build): counts, full-time equivalents, profiles in
bands; no person is named or described. Rendered to PDF by jobfactory.documents, the charts drawn
on the server by report_charts."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from jobfactory.documents import (
    BulletList,
    Document,
    Heading,
    Image,
    KeyValues,
    Paragraph,
    Table,
)
from jobfactory.engines.contracts import month_start
from jobfactory.engines.indicators import months_between
from jobfactory.reporting import dashboard
from jobfactory.reporting.labels import SERIES_LABELS, exit_label

# The law creating the experiment (2016-231): no territory has figures before it.
FIRST_YEAR = 2016


def report_period(year: int, today: date) -> tuple[dashboard.Period, bool]:
    """January to December of `year`, or to the current month while the year is in progress."""
    if year > today.year:
        raise dashboard.PeriodError(_("L'année %(year)s n'a pas commencé.") % {"year": year})
    in_progress = year == today.year
    last = month_start(today) if in_progress else date(year, 12, 1)
    return dashboard.Period(date(year, 1, 1), last), in_progress


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def _count(value) -> str:
    return number_format(value or 0, decimal_pos=0, force_grouping=True)


def _decimal(value, decimals: int = 1) -> str:
    return number_format(value or 0, decimal_pos=decimals, force_grouping=True)


def _percent(value) -> str:
    return "—" if value is None else f"{_decimal(value)} %"


def _euros(value) -> str:
    return f"{_count(value)} €"


def territory_report(territory, year: int, today: date) -> Document:
    period, in_progress = report_period(year, today)
    board = dashboard.build([territory], period, today)
    year_months = months_between(date(year, 1, 1), date(year, 12, 1))
    first_month, last_month = date_format(period.first, "F"), date_format(period.last, "F Y")
    span = _("de %(first)s à %(last)s") % {"first": first_month, "last": last_month}
    if in_progress:
        span_note = (_("%(span)s : l'année est en cours, chiffres au %(today)s")
                     % {"span": span, "today": _day(today)})
        span += _(" (année en cours)")
        read_on = _("au %(today)s (année en cours)") % {"today": _day(today)}
    else:
        span_note = span
        read_on = _("au 31 décembre %(year)s") % {"year": year}
    title = _("Rapport annuel %(year)s — %(territory)s") % {"year": year, "territory": territory.name}
    blocks = [
        Paragraph(_("Période couverte : %(span)s. Les stocks (volontaires, liste d'attente, salarié·e·s, "
                    "ETP) sont lus le dernier jour de chaque mois ; les embauches et les sorties sont "
                    "comptées sur l'année. Chiffres agrégés, sans aucune donnée personnelle.")
                  % {"span": span_note}),
        Heading(_("Chiffres clés %(on)s") % {"on": read_on}),
        _key_figures(board, territory, year),
        *_charts(board, territory, year, year_months, in_progress),
        *_months(board, year),
        *_activities(board, today),
        *_definitions(),
        Paragraph(_("Document édité le %(today)s par jobfactory, à partir du registre du territoire. "
                    "Il ne contient que des chiffres agrégés : aucune donnée personnelle.")
                  % {"today": _day(today)}, style="muted"),
    ]
    return Document(
        title=title,
        subtitle=_("%(programme)s · %(span)s") % {"programme": territory.programme.name, "span": span},
        author="jobfactory",
        footer=_("%(title)s · édité le %(today)s") % {"title": title, "today": _day(today)},
        blocks=tuple(blocks),
    )


def _key_figures(board: dashboard.Dashboard, territory, year: int) -> KeyValues:
    latest = board.latest
    target = territory.exhaustivity_target_on
    if target:
        objective = _("objectif : 100 %% au %(date)s") % {"date": _day(target)}
        if territory.exhaustivity_target_source:
            objective += _(" (source : %(source)s)") % {"source": territory.exhaustivity_target_source}
    else:
        objective = _("pas de date visée enregistrée pour le territoire")
    exits = sorted(((exit_label(reason), sum(values)) for reason, values in board.exits_by_reason.items()),
                   key=lambda item: (-item[1], item[0]))
    by_reason = "\n".join(f"{label} : {_count(count)}" for label, count in exits if count)
    return KeyValues(pairs=(
        (str(SERIES_LABELS["registered"]), _count(latest["registered"])),
        (str(SERIES_LABELS["eligible"]), _count(latest["eligible"])),
        (_("En attente d'embauche"), _count(latest["waiting"])),
        (_("Salarié·e·s"), _count(latest["employees"])),
        (_("Équivalents temps plein"), _("%(fte)s ETP (1 ETP = 35 h par semaine)")
         % {"fte": _decimal(latest["fte"])}),
        (_("Exhaustivité"), f"{_percent(latest['exhaustivity'])}\n{objective}"),
        (_("Embauches en %(year)s") % {"year": year}, _count(board.hires_in_period)),
        (_("Sorties en %(year)s") % {"year": year}, _count(board.exits_in_period)),
        (_("Sorties par motif"), by_reason or _("aucune sortie")),
    ))


def _charts(board: dashboard.Dashboard, territory, year: int, months, in_progress: bool) -> list:
    # matplotlib takes most of a second to import: loaded by the first report, not by every process
    # that loads the URLconf.
    from jobfactory.reporting import report_charts

    until = (_(", jusqu'à %(month)s") % {"month": date_format(board.period.last, "F")}) if in_progress else ""
    target = territory.exhaustivity_target_on
    if target and target.year == year:
        target_note = (_(" ; la ligne pointillée verticale marque la date visée (%(date)s)")
                       % {"date": _day(target)})
    elif target:
        target_note = _(" ; date visée hors de l'année : %(date)s") % {"date": _day(target)}
    else:
        target_note = ""
    blocks = [
        Heading(_("Évolution en %(year)s") % {"year": year}),
        Image(report_charts.stocks_chart(board, months),
              caption=_("Figure 1 — Volontaires, éligibilité reconnue, liste d'attente et salarié·e·s, "
                        "en fin de mois, %(year)s%(until)s.") % {"year": year, "until": until}),
        Image(report_charts.flows_chart(board, months),
              caption=_("Figure 2 — Embauches (vers le haut) et sorties par motif (vers le bas), par mois, "
                        "%(year)s%(until)s.") % {"year": year, "until": until}),
        Image(report_charts.exhaustivity_chart(board, months, target),
              caption=_("Figure 3 — Exhaustivité : salarié·e·s / (salarié·e·s + en attente), en fin de mois, "
                        "%(year)s%(until)s. Objectif : 100 %%%(note)s.")
              % {"year": year, "until": until, "note": target_note}),
        Image(report_charts.fte_chart(board, months),
              caption=_("Figure 4 — Équivalents temps plein (1 ETP = 35 h par semaine) en fin de mois et "
                        "sur le mois au prorata des jours, %(year)s%(until)s.")
              % {"year": year, "until": until}),
        Heading(_("Profil des salarié·e·s (%(month)s)") % {"month": date_format(board.period.last, "F Y")}),
    ]
    profile = report_charts.breakdowns_chart(board)
    if profile is None:
        blocks.append(Paragraph(_("Aucun·e salarié·e à la fin de la période."), style="muted"))
    else:
        blocks.append(Image(profile, caption=_(
            "Figure 5 — Salarié·e·s en fin de %(month)s par sexe, âge, niveau de qualification, mois sans "
            "emploi avant l'embauche et heures hebdomadaires au contrat (effectifs).")
            % {"month": date_format(board.period.last, "F Y")}))
    return blocks


def _months(board: dashboard.Dashboard, year: int) -> list:
    rows = [(date_format(row["month"], "F"), _count(row["registered"]), _count(row["eligible"]),
             _count(row["waiting"]), _count(row["employees"]), _count(row["hires"]), _count(row["exits"]),
             _decimal(row["fte"]), _percent(row["exhaustivity"])) for row in board.month_rows]
    rows.append((_("Total %(year)s") % {"year": year}, "", "", "", "", _count(board.hires_in_period),
                 _count(board.exits_in_period), "", ""))
    return [
        Heading(_("Mois par mois")),
        Table(headers=(_("Mois"), _("Inscrit·e·s"), _("Éligibles"), _("En attente"), _("Salarié·e·s"),
                       _("Embauches"), _("Sorties"), _("ETP"), _("Exhaustivité")),
              # In mm of the 174 of the text width: each header holds on one line but « En attente ».
              rows=tuple(rows), widths=(19.5, 20.5, 18.5, 17, 21, 23, 16, 14, 24.5),
              align=("L", "R", "R", "R", "R", "R", "R", "R", "R")),
    ]


def _activities(board: dashboard.Dashboard, today: date) -> list:
    return [
        Heading(_("Activités")),
        Table(headers=(_("État"), _("Activités"), _("Heures par semaine (besoins)"),
                       _("Chiffre d'affaires annuel attendu")),
              rows=tuple((row["label"], _count(row["count"]), f"{_count(row['hours'])} h",
                          _euros(row["revenue"])) for row in board.activities),
              widths=(2, 1, 1.5, 1.7), align=("L", "R", "R", "R"), empty_text=_("Aucune activité.")),
        Paragraph(_("Activités dans leur état au %(today)s, date d'édition du rapport. Heures : besoins en "
                    "compétences des fiches activité. Chiffre d'affaires : hypothèses des fiches activité, "
                    "pas un résultat comptable.") % {"today": _day(today)}, style="muted"),
    ]


def _definitions() -> list:
    return [
        Heading(_("Définitions")),
        BulletList(items=(
            _("Exhaustivité : salarié·e·s / (salarié·e·s + personnes en attente d'embauche), en fin de mois. "
              "Le territoire vise 100 % : toute personne volontaire dont l'éligibilité est reconnue est "
              "embauchée."),
            _("Les stocks (inscrit·e·s, éligibilité reconnue, en attente, salarié·e·s, ETP) sont lus le "
              "dernier jour de chaque mois ; pour le mois en cours, le jour de l'édition."),
            _("Salarié·e·s en fin de mois : nets des sorties du mois."),
            _("Embauches du mois : contrats dont le premier jour tombe dans le mois ; sorties du mois : "
              "contrats dont le dernier jour tombe dans le mois."),
            _("1 ETP = 35 h par semaine. ETP en fin de mois : heures hebdomadaires au contrat le dernier "
              "jour du mois, divisées par 35 ; ETP du mois : les mêmes, au prorata des jours de contrat du "
              "mois."),
            _("Profil des salarié·e·s : effectifs par tranche en fin de période ; « non renseigné » quand "
              "l'information manque au registre."),
        )),
    ]
