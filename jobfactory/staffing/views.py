from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobfactory.audit.log import record
from jobfactory.audit.models import Action
from jobfactory.engines.contracts import monthly_pay
from jobfactory.engines.legislation import smic_schedule
from jobfactory.people.enums import PersonStatus
from jobfactory.people.views import visible_person
from jobfactory.service_forms import add_service_error, form_to_service
from jobfactory.staffing import services
from jobfactory.staffing.forms import AmendmentForm, EndContractForm, HireForm, SkipForm
from jobfactory.staffing.models import Contract
from jobfactory.territories.models import Employer
from jobfactory.territories.scope import can_hire, require


def _visible_contract(request, public_id, *, allowed=None) -> Contract:
    require(request.user, allowed)
    return get_object_or_404(
        Contract.objects.visible_to(request.user).select_related("person__territory", "employer"),
        public_id=public_id)


@login_required
def hire(request, public_id):
    person = visible_person(request, public_id, allowed=can_hire)
    employers = Employer.objects.filter(territories=person.territory)
    if request.user.profile.employer_id:
        # A manager hires into their own EBE only.
        employers = employers.filter(pk=request.user.profile.employer_id)
    employer = employers.first()
    initial = {"weekly_hours": person.chosen_hours, "employer": employer}
    form = HireForm(request.POST or None, employers=employers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.hire(person, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Embauche enregistrée : CDI au SMIC."))
            return redirect("staffing:contract", public_id=contract.public_id)
    blocking = (services.ahead_without_reason(services.people_ahead(person))
                if person.status == PersonStatus.WAITING else [])
    agreement, fte_after = (services.agreement_check(employer, timezone.localdate(),
                                                     person.chosen_hours)
                            if employer else (None, None))
    return render(request, "staffing/hire_form.html", {
        "form": form, "person": person, "blocking": blocking, "agreement": agreement,
        "fte_after": fte_after,
    })


@login_required
def skip(request, public_id):
    person = visible_person(request, public_id, allowed=can_hire)
    return form_to_service(
        request, SkipForm(request.POST or None),
        lambda data: services.skip(person, on=timezone.localdate(), user=request.user, **data),
        success_message=_("Motif enregistré. La personne reste sur la liste, à sa place."),
        success_url=reverse("territories:waiting_list", args=[person.territory_id]),
        template="staffing/skip_form.html", context={"person": person})


@login_required
def contract_detail(request, public_id):
    contract = _visible_contract(request, public_id)
    record(request.user, Action.VIEW, contract.person, detail=f"contrat {contract.public_id}")
    schedule = smic_schedule()
    pay = monthly_pay(contract.terms(), schedule, until=timezone.localdate())
    return render(request, "staffing/contract_detail.html", {
        "contract": contract, "person": contract.person, "pay": list(reversed(pay[-24:])),
        "months_total": len(pay), "smic_source": schedule.source,
        "amendments": contract.amendments.all(), "can_hire": can_hire(request.user),
    })


def _contract_action(request, public_id, form_class, template, apply, success_message):
    contract = _visible_contract(request, public_id, allowed=can_hire)
    return form_to_service(
        request, form_class(request.POST or None), lambda data: apply(contract, data),
        success_message=success_message,
        success_url=reverse("staffing:contract", args=[contract.public_id]),
        template=template, context={"contract": contract, "person": contract.person})


@login_required
def amend(request, public_id):
    def apply(contract, data):
        services.amend(contract, user=request.user, **data)
    return _contract_action(request, public_id, AmendmentForm, "staffing/amendment_form.html",
                            apply, _("Avenant enregistré."))


@login_required
def end(request, public_id):
    def apply(contract, data):
        services.end_contract(contract, end_on=data["end_on"], reason=data["reason"],
                              note=data["exit_note"], user=request.user)
    return _contract_action(request, public_id, EndContractForm, "staffing/end_form.html",
                            apply, _("Fin de contrat enregistrée."))
