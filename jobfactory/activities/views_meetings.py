"""The local committee's meetings: attendance, agenda, decisions and the meeting's pack.

Only the territory team, the committee's secretariat, changes a meeting; the other roles in scope read it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobfactory.activities import lookups, scope, services
from jobfactory.activities.enums import ActivityStatus, MemberType
from jobfactory.activities.forms_meetings import (
    AgendaAddForm,
    AttendanceFormSet,
    DecisionForm,
    MeetingForm,
)
from jobfactory.activities.models import Activity, CommitteeMeeting
from jobfactory.activities.pack import meeting_pdf
from jobfactory.activities.views import create_in_territory
from jobfactory.service_forms import form_to_service


def _agenda_candidates(meeting: CommitteeMeeting, user):
    """What the secretariat may still put on this agenda: the choices add_to_agenda would accept."""
    return (Activity.objects.visible_to(user)
            .filter(territory=meeting.territory_id,
                    status__in=[ActivityStatus.UNDER_STUDY, ActivityStatus.SUBMITTED],
                    status_since__lte=meeting.held_on)
            .exclude(agenda_items__meeting=meeting)
            # Waiting for a decision at another meeting: it cannot sit on two agendas at once.
            .exclude(agenda_items__verdict=""))


def _attendance_groups(meeting: CommitteeMeeting) -> list[dict]:
    """The rows by college, in the order the law lists the committee's members."""
    order = {value: index for index, value in enumerate(MemberType.values)}
    labels = dict(MemberType.choices)
    groups: dict[str, dict] = {}
    for row in sorted(meeting.attendance.all(), key=lambda r: (order.get(r.member_type, 99),
                                                               r.organisation.casefold())):
        group = groups.setdefault(row.member_type, {
            "label": labels.get(row.member_type, row.member_type), "rows": [], "present": 0})
        group["rows"].append(row)
        group["present"] += row.present
    return list(groups.values())


@login_required
def meeting_create(request, territory_id):
    territory = lookups.territory_for(request, territory_id, meetings=True)
    return create_in_territory(
        request, MeetingForm(request.POST or None), territory, author_field="created_by",
        success_message=_("Séance du comité local créée."), url_name="activities:meeting",
        template="activities/meeting_form.html")


@login_required
def meeting_detail(request, public_id):
    meeting = lookups.meeting_for(request, public_id)
    can_run = scope.can_run_meetings(request.user)
    today = timezone.localdate()
    items = list(meeting.items.select_related("activity").prefetch_related("activity__skill_needs"))
    groups = _attendance_groups(meeting)
    candidates = _agenda_candidates(meeting, request.user) if can_run else None
    return render(request, "activities/meeting_detail.html", {
        "meeting": meeting, "territory": meeting.territory, "items": items,
        "attendance_groups": groups,
        "attendance_total": sum(group["present"] for group in groups),
        "attendance_organisations": sum(len(group["rows"]) for group in groups),
        "objections": meeting.objections.select_related("activity"),
        "can_run": can_run, "is_past": meeting.held_on < today, "is_today": meeting.held_on == today,
        "can_decide": can_run and meeting.held_on <= today,
        # Shown only when there is something to choose: an empty select reads as a bug.
        "agenda_form": (AgendaAddForm(activities=candidates)
                        if candidates is not None and candidates.exists() else None),
    })


@login_required
def meeting_attendance(request, public_id):
    meeting = lookups.meeting_for(request, public_id, run=True)
    formset = AttendanceFormSet(request.POST or None, instance=meeting, prefix="attendance")
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            formset.save()
        messages.success(request, _("Présences enregistrées."))
        return redirect("activities:meeting", public_id=meeting.public_id)
    return render(request, "activities/attendance_form.html", {
        "meeting": meeting, "territory": meeting.territory, "formset": formset})


@login_required
@require_POST
def agenda_add(request, public_id):
    meeting = lookups.meeting_for(request, public_id, run=True)
    # Any activity of the territory is accepted here so that the service says why it refuses one.
    activities = Activity.objects.visible_to(request.user).filter(territory=meeting.territory_id)
    form = AgendaAddForm(request.POST, activities=activities)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["activity"]))
    else:
        activity = form.cleaned_data["activity"]
        try:
            services.add_to_agenda(meeting, activity, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("« %(title)s » est inscrite à l'ordre du jour.")
                             % {"title": activity.title})
    return redirect(reverse("activities:meeting", args=[meeting.public_id]) + "#ordre-du-jour")


@login_required
def item_decision(request, public_id, item_id):
    meeting = lookups.meeting_for(request, public_id, run=True)
    item = lookups.item_for(meeting, item_id)
    activity = item.activity
    form = DecisionForm(request.POST or None)

    def apply(data):
        services.record_decision(item, verdict=data["verdict"], reasons=data["reasons"],
                                 user=request.user, opinions=form.opinions())

    return form_to_service(
        request, form, apply,
        success_message=_("Décision du comité enregistrée."),
        success_url=reverse("activities:meeting", args=[meeting.public_id]) + f"#point-{item.pk}",
        template="activities/decision_form.html",
        context={
            "meeting": meeting, "territory": meeting.territory, "item": item, "activity": activity,
            "skill_needs": activity.skill_needs.all(),
            "objections": activity.objections.select_related("meeting"),
            "is_future": meeting.held_on > timezone.localdate(),
        })


@login_required
def meeting_pack(request, public_id):
    meeting = lookups.meeting_for(request, public_id)
    response = HttpResponse(meeting_pdf(meeting), content_type="application/pdf")
    # The file name carries the date, never a person: packs hold no personal data.
    response["Content-Disposition"] = f'attachment; filename="dossier-cle-{meeting.held_on:%Y-%m-%d}.pdf"'
    return response
