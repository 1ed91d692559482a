"""Local needs and activities: recorded, studied, moved along their pipeline, objected to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobfactory.activities import lookups, scope, services
from jobfactory.activities.enums import ActivityStatus, ObjectionAnswer
from jobfactory.activities.evidence import evidence_for
from jobfactory.activities.forms import (
    ActivityForm,
    NeedForm,
    ObjectionAnswerForm,
    ObjectionForm,
    SkillNeedFormSet,
    StatusForm,
)
from jobfactory.activities.models import Activity
from jobfactory.engines import activity_pipeline as pipeline
from jobfactory.planning_inputs import describe_half_days
from jobfactory.referentials import naf
from jobfactory.service_forms import add_service_error, form_to_service


def create_in_territory(request, form, territory, *, author_field, success_message, url_name, template):
    """A create page of a territory's record (need, meeting): the row gets its territory and author,
    then the page redirects to it by its public id."""
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        record.territory = territory
        setattr(record, author_field, request.user)
        record.save()
        messages.success(request, success_message)
        return redirect(url_name, public_id=record.public_id)
    return render(request, template, {"form": form, "territory": territory})


@login_required
def territory_activities(request, territory_id):
    territory = lookups.territory_for(request, territory_id)
    activities = list(territory.activities.prefetch_related("skill_needs").select_related("need"))
    labels = dict(ActivityStatus.choices)
    columns = [(code, labels[code], [a for a in activities if a.status == code])
               for code in ActivityStatus.values]
    return render(request, "activities/territory.html", {
        "territory": territory, "columns": columns,
        "needs": territory.needs.prefetch_related("activities"),
        "meetings": territory.meetings.all()[:12],
        "can_edit": scope.can_edit_activities(request.user),
        "can_run_meetings": scope.can_run_meetings(request.user),
    })


@login_required
def need_create(request, territory_id):
    territory = lookups.territory_for(request, territory_id, edit=True)
    return create_in_territory(
        request, NeedForm(request.POST or None), territory, author_field="recorded_by",
        success_message=_("Besoin enregistré. Vous pouvez maintenant l'étudier en activité."),
        url_name="activities:need", template="activities/need_form.html")


@login_required
def need_detail(request, public_id):
    need = lookups.need_for(request, public_id)
    return render(request, "activities/need_detail.html", {
        "need": need, "territory": need.territory, "activities": need.activities.all(),
        "can_edit": scope.can_edit_activities(request.user),
    })


def _activity_form_page(request, *, territory, activity, need=None):
    divisions = {naf.division_code(code) for code in activity.naf_codes}
    form = ActivityForm(request.POST or None, instance=activity, territory=territory)
    skills = SkillNeedFormSet(request.POST or None, instance=activity, prefix="skills",
                              form_kwargs={"divisions": divisions})
    if request.method == "POST" and form.is_valid() and skills.is_valid():
        creating = activity.pk is None
        try:
            with transaction.atomic():
                if creating:
                    saved = services.create_activity(form.save(commit=False), user=request.user)
                    skills.instance = saved
                else:
                    saved = form.save()
                skills.save()
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Activité enregistrée.") if creating else _("Activité modifiée."))
            return redirect("activities:activity", saved.public_id)
    return render(request, "activities/activity_form.html", {
        "form": form, "skills": skills, "territory": territory, "activity": activity, "need": need,
        "naf_codes": naf.nomenclature().values(),
    })


@login_required
def activity_create(request, territory_id):
    territory = lookups.territory_for(request, territory_id, edit=True)
    need = None
    if request.GET.get("besoin"):
        need = lookups.need_for(request, request.GET["besoin"])
        if need.territory_id != territory.pk:
            need = None
    activity = Activity(territory=territory, need=need)
    if need is not None and request.method != "POST":
        activity.title, activity.description, activity.site = need.title, need.description, need.location
    return _activity_form_page(request, territory=territory, activity=activity, need=need)


@login_required
def activity_edit(request, public_id):
    activity = lookups.activity_for(request, public_id, edit=True)
    return _activity_form_page(request, territory=activity.territory, activity=activity,
                               need=activity.need)


@login_required
def activity_detail(request, public_id):
    activity = lookups.activity_for(request, public_id)
    # The table and the total (weekly_hours) read the same rows: one query.
    prefetch_related_objects([activity], "skill_needs")
    can_edit = scope.can_edit_activities(request.user)
    return render(request, "activities/activity_detail.html", {
        "activity": activity, "territory": activity.territory,
        "skill_needs": activity.skill_needs.all(),
        "history": activity.status_changes.select_related("decision__meeting"),
        "items": activity.agenda_items.select_related("meeting").order_by("-meeting__held_on"),
        "objections": activity.objections.select_related("meeting"),
        "evidence": evidence_for(activity),
        "can_edit": can_edit,
        "can_move": can_edit and bool(pipeline.next_statuses(activity.status)),
        "pending": ObjectionAnswer.PENDING,
        "site_position": (f"{activity.site_latitude}, {activity.site_longitude}"
                          if activity.site_latitude is not None else ""),
        "working_half_days": describe_half_days(activity.working_half_days),
    })


@login_required
def activity_status(request, public_id):
    activity = lookups.activity_for(request, public_id, edit=True)
    form = StatusForm(request.POST or None, activity=activity)
    return form_to_service(
        request, form,
        lambda data: services.change_status(activity, data["target"], user=request.user, on=data["on"],
                                            note=data["note"]),
        success_message=_("État de l'activité mis à jour."),
        success_url=activity.get_absolute_url(),
        template="activities/status_form.html",
        context={"activity": activity, "territory": activity.territory})


@login_required
def objection_create(request, public_id):
    activity = lookups.activity_for(request, public_id, edit=True)
    form = ObjectionForm(request.POST or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        objection = form.save(commit=False)
        objection.activity = activity
        objection.recorded_by = request.user
        objection.save()
        messages.success(request, _("Objection enregistrée : notez la réponse apportée quand elle "
                                    "est connue."))
        return redirect(activity.get_absolute_url())
    return render(request, "activities/objection_form.html",
                  {"form": form, "activity": activity, "territory": activity.territory})


@login_required
def objection_answer(request, objection_id):
    objection = lookups.objection_for(request, objection_id)
    activity = objection.activity
    form = ObjectionAnswerForm(request.POST or None, initial={"on": timezone.localdate()})
    return form_to_service(
        request, form,
        lambda data: services.answer_objection(objection, answer=data["answer"], reasons=data["reasons"],
                                               user=request.user, on=data["on"]),
        success_message=_("Réponse à l'objection enregistrée."),
        success_url=activity.get_absolute_url(),
        template="activities/objection_answer.html",
        context={"objection": objection, "activity": activity, "territory": activity.territory})
