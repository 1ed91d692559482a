"""The staffing planner's pages (issue 4): the plans, one plan, one person's lines, applying.

Only the employer's managers plan (planning_scope.can_plan); anybody else gets 404, like a page that
does not exist. Every page that names people logs the reading.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jobfactory.audit.log import record
from jobfactory.audit.models import Action
from jobfactory.engines.contracts import hours_on
from jobfactory.staffing.enums import PlanStatus
from jobfactory.staffing.forms_planning import PlanLineFormSet, RunPlanForm, post_key, units_as_text
from jobfactory.staffing.models import StaffingPlan
from jobfactory.staffing.plan_changes import apply_plan, edit_person_lines
from jobfactory.staffing.plan_needs import propose_need
from jobfactory.staffing.plan_page import fully_placed, job_label, plan_page, post_label
from jobfactory.staffing.planning import run_plan
from jobfactory.staffing.planning_problem import units_of
from jobfactory.staffing.planning_scope import can_plan, scope_for, scope_of
from jobfactory.territories.scope import require

LISTED_PLANS = 50
STATUS_BADGES = {PlanStatus.PROPOSED: "status-proposed", PlanStatus.APPLIED: "status-running",
                 PlanStatus.SUPERSEDED: "status-closed"}


def _plan(request, public_id) -> StaffingPlan:
    require(request.user, can_plan)
    return get_object_or_404(
        StaffingPlan.objects.visible_to(request.user).select_related(
            "programme", "employer", "territory", "created_by", "applied_by"),
        public_id=public_id)


def _plan_context(plan: StaffingPlan) -> dict:
    return {"plan": plan, "scope_label": scope_of(plan).label(), "badge": STATUS_BADGES.get(plan.status),
            "proposed": plan.status == PlanStatus.PROPOSED}


@login_required
def plan_list(request):
    require(request.user, can_plan)
    employer = request.user.profile.employer
    form = RunPlanForm(request.POST or None, territories=employer.territories.order_by("name"))
    if request.method == "POST" and form.is_valid():
        territory = form.cleaned_data["territory"]
        plan = run_plan(scope_for(request.user, territory.pk if territory else None), user=request.user)
        messages.success(request, _("Plan calculé. Rien ne change tant qu'il n'est pas appliqué."))
        return redirect("staffing:plan", public_id=plan.public_id)
    # Placed in full now, after the edits (plan_page.fully_placed).
    plans = (StaffingPlan.objects.visible_to(request.user)
             .select_related("territory", "created_by", "applied_by").order_by("-created_at")
             .annotate(short=Count("shortfalls", filter=Q(shortfalls__contract__isnull=False))))
    return render(request, "staffing/plan_list.html", {
        "form": form, "employer": employer, "listed": LISTED_PLANS, "total": plans.count(),
        "rows": [(plan, STATUS_BADGES.get(plan.status), fully_placed(plan, plan.short))
                 for plan in plans[:LISTED_PLANS]],
    })


@login_required
def plan_detail(request, public_id):
    plan = _plan(request, public_id)
    page = plan_page(plan, timezone.localdate())
    record(request.user, Action.VIEW, persons=page.pop("people"), detail=f"plan {plan.public_id}")
    return render(request, "staffing/plan_detail.html", {**_plan_context(plan), **page})


@login_required
@require_POST
def plan_apply(request, public_id):
    plan = _plan(request, public_id)
    try:
        changed = apply_plan(plan, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, ngettext(
            "Plan appliqué : %(n)s personne change d'affectation à compter d'aujourd'hui.",
            "Plan appliqué : %(n)s personnes changent d'affectation à compter d'aujourd'hui.",
            changed) % {"n": changed} if changed else _("Plan appliqué : personne ne change d'affectation."))
    return redirect("staffing:plan", public_id=plan.public_id)


@login_required
@require_POST
def plan_propose_need(request, public_id, index):
    plan = _plan(request, public_id)
    try:
        need = propose_need(plan, index, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(reverse("staffing:plan", args=[plan.public_id]) + "#a-creer")
    messages.success(request, _("Besoin proposé au territoire : l'équipe et le comité local l'étudient."))
    return redirect("activities:need", need.public_id)


@login_required
def plan_edit_person(request, public_id, contract_id):
    plan = _plan(request, public_id)
    on = timezone.localdate()
    contract = get_object_or_404(scope_of(plan).contracts(on).select_related("person__territory"),
                                 public_id=contract_id)
    plan_url = reverse("staffing:plan", args=[plan.public_id])
    if plan.status != PlanStatus.PROPOSED:
        messages.error(request, _("Ce plan n'est plus une proposition : il a été appliqué ou remplacé."))
        return redirect(plan_url)
    posts = list(plan.posts.select_related("activity").order_by("activity__title", "rome_code"))
    choices = [(post_key(p.activity_id, p.rome_code), post_label(p)) for p in posts]
    lines = plan.lines.filter(contract=contract).order_by("activity_id", "rome_code")
    initial = [{"post": post_key(line.activity_id, line.rome_code), "units": units_as_text(line.units)}
               for line in lines]
    formset = PlanLineFormSet(request.POST or None, initial=initial, prefix="lines",
                              form_kwargs={"posts": choices})
    service_errors = []
    if request.method == "POST" and formset.is_valid():
        try:
            edit_person_lines(plan, contract, formset.entries(), user=request.user)
        except ValidationError as error:
            service_errors = error.messages
        else:
            messages.success(request, _("Lignes du plan modifiées."))
            return redirect(plan_url + "#changements")
    record(request.user, Action.VIEW, contract.person, detail=f"plan {plan.public_id}")
    current = contract.assignments.current_on(on).order_by("activity__title").select_related("activity")
    return render(request, "staffing/plan_person.html", {
        **_plan_context(plan), "contract": contract, "person": contract.person, "formset": formset,
        "service_errors": service_errors, "chosen_units": units_of(hours_on(contract.terms(), on)),
        "current": [(f"{a.activity.title} – {a.rome_code} {job_label(a.rome_code)}", a.units)
                    for a in current],
        "shortfall": plan.shortfalls.filter(contract=contract).first(),
    })
