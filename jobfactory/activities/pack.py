"""The committee meeting's pack: agenda, then each activity submitted with its evidence.

Built as a generic document (jobfactory.documents) and rendered to PDF, so members read the same
evidence as the activity's page.
"""

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from jobfactory.activities.evidence import evidence_for, territory_evidence
from jobfactory.activities.evidence_text import evidence_blocks
from jobfactory.activities.models import CommitteeMeeting
from jobfactory.documents import (
    BulletList,
    Document,
    Heading,
    KeyValues,
    PageBreak,
    Paragraph,
    Table,
    render_pdf,
)


def _day(value) -> str:
    return date_format(value, "j F Y")


def _euros(value) -> str:
    return f"{number_format(value, decimal_pos=0, force_grouping=True)} €"


def _hours(value) -> str:
    return f"{number_format(value, decimal_pos=1)} h"


def meeting_document(meeting: CommitteeMeeting) -> Document:
    items = list(meeting.items.select_related("activity__need", "activity__employer")
                 .prefetch_related("activity__skill_needs", "activity__objections"))
    attendance = list(meeting.attendance.all())
    # Every item is of the meeting's territory (add_to_agenda checks it): its communes and source, once.
    setting = territory_evidence(meeting.territory)
    blocks = [
        KeyValues(pairs=(
            (_("Territoire"), meeting.territory.name),
            (_("Date de la séance"), _day(meeting.held_on)),
            (_("Lieu"), meeting.place or "—"),
            (_("Activités à l'ordre du jour"), str(len(items))),
        )),
        Heading(_("Ordre du jour"), level=1),
        BulletList(items=tuple(f"{n}. {item.activity.title} ({', '.join(item.activity.naf_codes)})"
                               for n, item in enumerate(items, start=1)) or (_("Aucune activité."),)),
        Heading(_("Membres présents"), level=2),
        Table(headers=(_("Collège"), _("Organisme"), _("Présents")),
              rows=tuple((a.get_member_type_display(), a.organisation, str(a.present)) for a in attendance),
              widths=(2, 3, 1), align=("L", "L", "R"),
              empty_text=_("Présences non encore enregistrées.")),
        Paragraph(_("Rappel : le code NAF n'est qu'un premier filtre. Les listes d'établissements "
                    "ci-après montrent aussi les codes voisins (même classe, même groupe) ; c'est le "
                    "jugement du comité qui décide de la non-concurrence."), style="muted"),
    ]
    for n, item in enumerate(items, start=1):
        blocks += [PageBreak(), *_item_blocks(n, item, setting)]
    return Document(
        title=_("Comité local pour l'emploi : dossier de séance"),
        subtitle=f"{meeting.territory.name} · {_day(meeting.held_on)}",
        author="jobfactory",
        footer=f"CLE {meeting.territory.name}, {_day(meeting.held_on)} : "
               + _("édité le %(day)s") % {"day": _day(timezone.localdate())},
        blocks=tuple(blocks))


def _item_blocks(n: int, item, setting) -> list:
    activity = item.activity
    blocks = [
        Heading(f"{n}. {activity.title}", level=1),
        KeyValues(pairs=(
            (_("État"), activity.get_status_display()),
            (_("Besoin d'origine"), f"{activity.need.title} ({activity.need.get_proposed_by_display()})"
             if activity.need else "—"),
            (_("Description"), activity.description),
            (_("Codes NAF rév. 2"), "\n".join(f"{n.code} {n.label}" for n in activity.naf_entries())),
            (_("Clients"), ", ".join(activity.customer_labels())),
            (_("EBE"), str(activity.employer or "—")),
            (_("Lieu et horaires"), " · ".join(filter(None, [activity.site, activity.schedule])) or "—"),
            (_("Chiffre d'affaires annuel attendu"), _euros(activity.expected_revenue)
             + " " + _("(hypothèse de l'équipe)")),
            (_("Charges annuelles hors salaires"), _euros(activity.expected_costs)
             + " " + _("(hypothèse de l'équipe)")),
        )),
        Heading(_("Heures de travail par semaine"), level=2),
        Table(headers=(_("Métier (ROME 4.0)"), _("Heures / semaine")),
              rows=tuple((str(need.job or need.rome_code), _hours(need.hours_per_week))
                         for need in activity.skill_needs.all())
              + ((_("Total"), _hours(activity.weekly_hours())),),
              widths=(4, 1), align=("L", "R")),
        *evidence_blocks(evidence_for(activity, setting)),
    ]
    objections = list(activity.objections.all())
    if objections:
        blocks += [Heading(_("Objections d'entreprises"), level=2),
                   Table(headers=(_("Date"), _("Entreprise"), _("Objet"), _("Réponse")),
                         rows=tuple((o.raised_on.strftime("%d/%m/%Y"), o.business, o.grounds,
                                     o.get_answer_display() + (f" : {o.answer_reasons}" if o.answer_reasons
                                                                else "")) for o in objections),
                         widths=(1, 2, 3, 3))]
    if item.verdict:
        blocks += [Heading(_("Décision du comité"), level=2),
                   KeyValues(pairs=((_("Décision"), item.get_verdict_display()), (_("Motifs"), item.reasons),
                                    (_("Avis de la CCI"), item.get_chamber_of_commerce_opinion_display()),
                                    (_("Avis de la CMA"), item.get_chamber_of_trades_opinion_display())))]
    return blocks


def meeting_pdf(meeting: CommitteeMeeting) -> bytes:
    return render_pdf(meeting_document(meeting))
