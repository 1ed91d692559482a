from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobfactory.audit.log import record
from jobfactory.audit.models import Action
from jobfactory.people import services
from jobfactory.people.enums import PersonStatus
from jobfactory.people.forms import (
    DecisionForm,
    HouseholdForm,
    InterviewForm,
    PersonForm,
    WithdrawForm,
)
from jobfactory.people.household import commune_code_for, describe_household
from jobfactory.people.labels import describe_reasons
from jobfactory.people.models import HouseholdSituation, Person
from jobfactory.planning_inputs import describe_half_days, job_labels
from jobfactory.referentials import rome
from jobfactory.service_forms import form_to_service
from jobfactory.staffing.models import Contract
from jobfactory.territories.scope import can_hire, can_register, require
from jobfactory.territories.views import visible_territory


def visible_person(request, public_id, *, allowed=None) -> Person:
    """A person in the user's scope, whose role passes ``allowed`` when given: 404 otherwise."""
    require(request.user, allowed)
    return get_object_or_404(Person.objects.visible_to(request.user).select_related("territory"),
                             public_id=public_id)


@login_required
def person_create(request, territory_id):
    territory = visible_territory(request, territory_id, allowed=can_register)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            person = form.save(commit=False)
            person.territory = territory
            person.save()
            record(request.user, Action.CREATE, person)
        messages.success(request, _("Volontaire inscrit·e. Prochaine étape : l'entretien "
                                    "d'éligibilité."))
        return redirect("people:detail", public_id=person.public_id)
    return render(request, "people/person_form.html",
                  {"form": form, "territory": territory, "person": None,
                   "rome_jobs": rome.jobs().values()})


@login_required
def person_edit(request, public_id):
    person = visible_person(request, public_id, allowed=can_register)
    if request.method == "GET":
        # The edit form shows the whole file: reading it counts as a read.
        record(request.user, Action.VIEW, person, detail="formulaire de modification")
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            record(request.user, Action.UPDATE, person,
                   detail="champs : " + ", ".join(form.changed_data))
        messages.success(request, _("Dossier mis à jour."))
        return redirect("people:detail", public_id=person.public_id)
    return render(request, "people/person_form.html",
                  {"form": form, "territory": person.territory, "person": person,
                   "rome_jobs": rome.jobs().values()})


@login_required
def person_detail(request, public_id):
    person = visible_person(request, public_id)
    record(request.user, Action.VIEW, person)
    reviews = [(review, describe_reasons(review.reasons)) for review in person.reviews.all()]
    contracts = Contract.objects.filter(person=person).select_related("employer")
    situation = HouseholdSituation.objects.filter(person=person).first()
    return render(request, "people/person_detail.html", {
        "person": person, "reviews": reviews, "decisions": person.decisions.all(),
        "household": describe_household(situation, timezone.localdate()) if situation else None,
        "contracts": contracts, "skips": person.skips.all(),
        "can_edit": can_register(request.user), "can_hire": can_hire(request.user),
        "statuses": PersonStatus,
        "skill_jobs": job_labels(person.skill_codes),
        "wished_jobs": job_labels(person.wished_codes),
        "half_days": describe_half_days(person.available_half_days),
    })


@login_required
def household_edit(request, public_id):
    """The household situation costing needs: the same scope and log as the person's file."""
    person = visible_person(request, public_id, allowed=can_register)
    situation = HouseholdSituation.objects.filter(person=person).first()
    creating = situation is None
    if creating:
        situation = HouseholdSituation(person=person, commune_code=commune_code_for(person))
    if request.method == "GET":
        record(request.user, Action.VIEW, person, detail="situation du foyer (formulaire)")
    form = HouseholdForm(request.POST or None, instance=situation, person=person)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            detail = ("situation du foyer : création" if creating else
                      "situation du foyer, champs : " + ", ".join(form.changed_data))
            record(request.user, Action.UPDATE, person, detail=detail)
        messages.success(request, _("Situation du foyer enregistrée."))
        return redirect("people:detail", public_id=person.public_id)
    return render(request, "people/household_form.html",
                  {"form": form, "person": person, "creating": creating})


def _person_action(request, public_id, form_class, template, apply, success_message):
    person = visible_person(request, public_id, allowed=can_register)
    return form_to_service(
        request, form_class(request.POST or None), lambda data: apply(person, data),
        success_message=success_message,
        success_url=reverse("people:detail", args=[person.public_id]),
        template=template, context={"person": person})


@login_required
def interview(request, public_id):
    def apply(person, data):
        services.record_interview(person, user=request.user, **data)
    return _person_action(request, public_id, InterviewForm, "people/interview_form.html",
                          apply, _("Entretien enregistré avec l'avis des règles."))


@login_required
def decision(request, public_id):
    def apply(person, data):
        services.record_decision(person, user=request.user, **data)
    return _person_action(request, public_id, DecisionForm, "people/decision_form.html",
                          apply, _("Décision du comité enregistrée."))


@login_required
def withdraw(request, public_id):
    def apply(person, data):
        services.withdraw(person, on=data["withdrawn_on"], reason=data["reason"],
                          user=request.user)
    return _person_action(request, public_id, WithdrawForm, "people/withdraw_form.html",
                          apply, _("Retrait de la liste enregistré."))
