"""Flows that touch several models: an activity's status, the committee's agenda and decisions."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobfactory.activities.enums import ActivityStatus, ObjectionAnswer, Verdict
from jobfactory.activities.models import (
    Activity,
    AgendaItem,
    CommitteeMeeting,
    Objection,
    StatusChange,
)
from jobfactory.engines import activity_pipeline as pipeline

VERDICT_STATUS = {Verdict.APPROVED: ActivityStatus.APPROVED, Verdict.REFUSED: ActivityStatus.REFUSED}


def transition_message(error: pipeline.TransitionRefused) -> str:
    labels = dict(ActivityStatus.choices)
    target = labels.get(error.target, error.target)
    if error.code == "committee_only":
        return _("« %(target)s » ne peut résulter que d'une décision du comité local, inscrite "
                 "dans une séance.") % {"target": target}
    return _("Une activité « %(current)s » ne peut pas passer à « %(target)s ».") % {
        "current": labels.get(error.current, error.current), "target": target}


def _locked(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().get(pk=activity.pk)


def _move(activity: Activity, target: str, *, user, on: date, note: str = "",
          decision: AgendaItem | None = None) -> StatusChange:
    try:
        pipeline.check_transition(activity.status, target, by_committee=decision is not None)
    except pipeline.TransitionRefused as error:
        raise ValidationError(transition_message(error), code=error.code) from error
    if on < activity.status_since:
        raise ValidationError(_("La date ne peut pas précéder le dernier changement d'état (%(since)s).")
                              % {"since": activity.status_since.strftime("%d/%m/%Y")}, code="date")
    change = StatusChange.objects.create(activity=activity, from_status=activity.status, to_status=target,
                                         on=on, note=note, decision=decision, by=user)
    activity.status = target
    activity.status_since = on
    activity.save(update_fields=["status", "status_since"])
    return change


@transaction.atomic
def create_activity(activity: Activity, *, user, skill_needs=(), on: date | None = None) -> Activity:
    """Save a new activity (from a need or not) as proposed, with its first dated status."""
    on = on or timezone.localdate()
    if activity.need_id and activity.need.territory_id != activity.territory_id:
        raise ValidationError(_("Le besoin d'origine appartient à un autre territoire."))
    activity.status = ActivityStatus.PROPOSED
    activity.status_since = on
    activity.full_clean()
    activity.save()
    for need in skill_needs:
        need.activity = activity
        need.full_clean()
        need.save()
    StatusChange.objects.create(activity=activity, from_status="", to_status=ActivityStatus.PROPOSED,
                                on=on, by=user, note=_("Activité créée."))
    return activity


@transaction.atomic
def change_status(activity: Activity, target: str, *, user, on: date | None = None,
                  note: str = "") -> StatusChange:
    activity = _locked(activity)
    if target == ActivityStatus.UNDER_STUDY and activity.status == ActivityStatus.SUBMITTED:
        _remove_from_pending_agendas(activity)
    return _move(activity, target, user=user, on=on or timezone.localdate(), note=note)


def _remove_from_pending_agendas(activity: Activity) -> None:
    AgendaItem.objects.filter(activity=activity, verdict="").delete()


def pending_item(activity: Activity) -> AgendaItem | None:
    return (AgendaItem.objects.filter(activity=activity, verdict="")
            .select_related("meeting").first())


@transaction.atomic
def add_to_agenda(meeting: CommitteeMeeting, activity: Activity, *, user) -> AgendaItem:
    """Put an activity on a meeting's agenda; an activity under study becomes submitted that day."""
    activity = _locked(activity)
    if activity.territory_id != meeting.territory_id:
        raise ValidationError(_("Cette activité relève d'un autre territoire que ce comité."))
    waiting = pending_item(activity)
    if waiting is not None:
        raise ValidationError(_("Cette activité est déjà inscrite à la séance du %(day)s, sans décision.")
                              % {"day": waiting.meeting.held_on.strftime("%d/%m/%Y")})
    if activity.status_since > meeting.held_on:
        raise ValidationError(_("La séance du %(day)s précède le dernier changement d'état de l'activité "
                                "(%(since)s).") % {"day": meeting.held_on.strftime("%d/%m/%Y"),
                                                  "since": activity.status_since.strftime("%d/%m/%Y")})
    if activity.status == ActivityStatus.UNDER_STUDY:
        # Recorded after the fact for a past meeting, the submission dates from the meeting at the latest.
        _move(activity, ActivityStatus.SUBMITTED, user=user, on=min(timezone.localdate(), meeting.held_on),
              note=_("Inscrite à l'ordre du jour du comité du %(day)s.")
              % {"day": meeting.held_on.strftime("%d/%m/%Y")})
    elif activity.status != ActivityStatus.SUBMITTED:
        raise ValidationError(_("Seule une activité à l'étude ou soumise peut être inscrite "
                                "à l'ordre du jour (elle est « %(status)s »).")
                              % {"status": activity.get_status_display()})
    position = meeting.items.count() + 1
    return AgendaItem.objects.create(meeting=meeting, activity=activity, position=position)


@transaction.atomic
def record_decision(item: AgendaItem, *, verdict: str, reasons: str, user,
                    opinions: dict | None = None) -> AgendaItem:
    """Write the committee's decision on an agenda item and move the activity accordingly."""
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if item.verdict:
        raise ValidationError(_("La décision sur ce point est déjà inscrite."))
    if item.meeting.held_on > timezone.localdate():
        raise ValidationError(_("La séance du %(day)s n'a pas encore eu lieu.")
                              % {"day": item.meeting.held_on.strftime("%d/%m/%Y")})
    if verdict not in Verdict.values:
        raise ValidationError(_("Décision inconnue."))
    if not reasons.strip():
        raise ValidationError(_("Les motifs de la décision sont obligatoires."), code="reasons")
    for field, value in (opinions or {}).items():
        setattr(item, field, value)
    item.verdict = verdict
    item.reasons = reasons.strip()
    item.decided_by = user
    item.decided_at = timezone.now()
    item.save()
    activity = _locked(item.activity)
    target = VERDICT_STATUS.get(verdict)
    if target is not None:
        _move(activity, target, user=user, on=item.meeting.held_on, decision=item, note=item.reasons)
    return item


@transaction.atomic
def answer_objection(objection: Objection, *, answer: str, reasons: str, user,
                     on: date | None = None) -> Objection:
    """Record how the EBE answered a business's objection; dropping it closes the activity."""
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    on = on or timezone.localdate()
    if answer not in ObjectionAnswer.values or answer == ObjectionAnswer.PENDING:
        raise ValidationError(_("Choisissez la réponse apportée à l'objection."))
    if answer == ObjectionAnswer.MAINTAINED and not reasons.strip():
        raise ValidationError(_("Maintenir l'activité malgré l'objection demande d'en dire les motifs."),
                              code="reasons")
    if on < objection.raised_on:
        raise ValidationError(_("La réponse ne peut pas précéder l'objection."))
    objection.answer = answer
    objection.answer_reasons = reasons.strip()
    objection.answered_on = on
    objection.save()
    if answer == ObjectionAnswer.DROPPED:
        activity = _locked(objection.activity)
        if activity.status != ActivityStatus.CLOSED:
            _move(activity, ActivityStatus.CLOSED, user=user, on=max(on, activity.status_since),
                  note=_("Abandonnée après l'objection de %(business)s.") % {"business": objection.business})
    return objection
