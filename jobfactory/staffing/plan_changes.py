"""A proposed plan against today: the differences, a manager's edits, and applying it.

Applying changes the assignments of people under contract only: the waiting list's lines size what
hiring will need and are never applied. A plan applies only over the assignments it was computed
from (their fingerprint), so that it cannot silently undo a change made since.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jobfactory.audit.log import record
from jobfactory.audit.models import Action
from jobfactory.engines.contracts import hours_on
from jobfactory.engines.geo import to_km
from jobfactory.engines.planner_report import format_hours
from jobfactory.staffing.enums import PlanStatus, ShortfallReason
from jobfactory.staffing.models import Assignment, Contract, PlanLine, PlanShortfall, StaffingPlan
from jobfactory.staffing.planning import supersede_others
from jobfactory.staffing.planning_problem import units_of
from jobfactory.staffing.planning_scope import scope_of

# Ids per query: SQLite takes at most 32,766 parameters.
ID_CHUNK = 10_000
UNCHANGED, NEW, MOVED, HOURS, REMOVED = "unchanged", "new", "moved", "hours", "removed"
CHANGE_LABELS = {
    NEW: _("nouvelle affectation"), MOVED: _("change d'activité"), HOURS: _("heures modifiées"),
    REMOVED: _("plus d'affectation"), UNCHANGED: _("inchangé"),
}


@dataclass
class PersonChange:
    contract: Contract
    before: dict[tuple[int, str], int] = field(default_factory=dict)  # (activity id, ROME) -> units
    after: dict[tuple[int, str], int] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        if self.before == self.after:
            return UNCHANGED
        if not self.before:
            return NEW
        if not self.after:
            return REMOVED
        return HOURS if set(self.before) == set(self.after) else MOVED

    @property
    def label(self) -> str:
        return str(CHANGE_LABELS[self.kind])


def _units_by_contract(rows) -> dict[int, dict[tuple[int, str], int]]:
    result: dict[int, dict[tuple[int, str], int]] = defaultdict(dict)
    for contract_id, activity_id, rome_code, units in rows:
        key = (activity_id, rome_code)
        result[contract_id][key] = result[contract_id].get(key, 0) + units
    return result


def plan_changes(plan: StaffingPlan, on: date | None = None) -> list[PersonChange]:
    """Every person under contract in the plan's scope: assignments today and in the plan."""
    on = on or timezone.localdate()
    scope = scope_of(plan)
    contracts = scope.contracts(on).select_related("person")
    before = _units_by_contract(scope.current_assignments(on).values_list(
        "contract_id", "activity_id", "rome_code", "units"))
    after = _units_by_contract(plan.lines.filter(contract__isnull=False).values_list(
        "contract_id", "activity_id", "rome_code", "units"))
    return [PersonChange(contract=c, before=before.get(c.pk, {}), after=after.get(c.pk, {}))
            for c in contracts.order_by("person__last_name", "person__first_name", "pk")]


def _check_proposed(plan: StaffingPlan) -> None:
    if plan.status != PlanStatus.PROPOSED:
        raise ValidationError(_("Ce plan n'est plus une proposition : il a été appliqué ou remplacé."))


@transaction.atomic
def apply_plan(plan: StaffingPlan, *, user, on: date | None = None) -> int:
    """Make the plan's lines of people under contract their assignments from ``on``. Returns the
    number of people whose assignments changed."""
    on = on or timezone.localdate()
    plan = StaffingPlan.objects.select_for_update().get(pk=plan.pk)
    _check_proposed(plan)
    scope = scope_of(plan)
    if on < plan.computed_on:
        raise ValidationError(_("Un plan ne s'applique pas avant la date de sa situation."))
    if scope.fingerprint(on) != plan.base_fingerprint:
        raise ValidationError(_("Les affectations ont changé depuis le calcul de ce plan (embauche, "
                                "sortie, autre plan appliqué) : relancez le planificateur."))
    changed = [c for c in plan_changes(plan, on) if c.kind != UNCHANGED]
    if changed:
        ids = [c.contract.pk for c in changed]
        for start in range(0, len(ids), ID_CHUNK):
            current = scope.current_assignments(on).filter(contract_id__in=ids[start:start + ID_CHUNK])
            # Started today and replaced today: it never was, the plan keeps the history.
            current.filter(start_on=on).delete()
            current.update(end_on=on - timedelta(days=1))
        Assignment.objects.bulk_create([
            Assignment(contract=c.contract, activity_id=activity_id, rome_code=rome_code, units=units,
                       start_on=on, plan=plan)
            for c in changed for (activity_id, rome_code), units in sorted(c.after.items())],
            batch_size=5_000)
        record(user, Action.UPDATE, persons=[c.contract.person for c in changed],
               detail=f"affectations : plan {plan.public_id}")
    plan.status, plan.applied_on, plan.applied_by, plan.applied_at = (
        PlanStatus.APPLIED, on, user, timezone.now())
    plan.save(update_fields=["status", "applied_on", "applied_by", "applied_at"])
    supersede_others(plan)
    return len(changed)


def _pair_criteria(person, activity, rome_code: str) -> tuple[float, bool, bool]:
    """Distance, skill and wish match of one (person, job) pair, as the planner computes them."""
    km = 0.0
    if None not in (person.home_latitude, activity.site_latitude):
        lat = [float(person.home_latitude), float(activity.site_latitude)]
        lon = [float(person.home_longitude), float(activity.site_longitude)]
        xy = to_km(lat, lon, float(np.mean(lat)))
        km = round(float(np.hypot(*(xy[0] - xy[1]))), 2)
    return km, rome_code in (person.skill_codes or []), rome_code in (person.wished_codes or [])


@transaction.atomic
def edit_person_lines(plan: StaffingPlan, contract: Contract, entries: list[tuple[int, str, int]], *,
                      user, on: date | None = None) -> None:
    """Replace a person's lines with ``entries`` ((activity id, ROME code, units)), checking that the
    person keeps within their chosen hours and each job within its need."""
    on = on or timezone.localdate()
    plan = StaffingPlan.objects.select_for_update().get(pk=plan.pk)
    _check_proposed(plan)
    if not scope_of(plan).contracts(on).filter(pk=contract.pk).exists():
        raise ValidationError(_("Cette personne n'est pas sous contrat dans le périmètre du plan."))
    totals: dict[tuple[int, str], int] = defaultdict(int)
    for activity_id, rome_code, units in entries:
        if units <= 0:
            raise ValidationError(_("Les heures d'une affectation doivent être positives."))
        totals[(activity_id, rome_code)] += units
    chosen = units_of(hours_on(contract.terms(), on))
    if sum(totals.values()) > chosen:
        raise ValidationError(_("%(hours)s au total : plus que les %(chosen)s choisies par la personne.") % {
            "hours": format_hours(sum(totals.values())), "chosen": format_hours(chosen)})
    posts = {(p.activity_id, p.rome_code): p for p in plan.posts.select_related("activity")}
    others = _filled(plan.lines.filter(contract__isnull=False).exclude(contract=contract))
    for key, units in totals.items():
        post = posts.get(key)
        if post is None:
            raise ValidationError(_("Ce poste ne fait pas partie du plan."))
        room = post.need_units - others.get(key, 0)
        if units > room:
            raise ValidationError(_("« %(activity)s » (%(job)s) n'a plus que %(room)s de besoin.") % {
                "activity": post.activity.title, "job": key[1], "room": format_hours(max(room, 0))})
    kept = {(a, r): u for a, r, u in contract.assignments.current_on(on).values_list(
        "activity_id", "rome_code", "units")}
    plan.lines.filter(contract=contract).delete()
    person = contract.person
    lines = []
    for (activity_id, rome_code), units in sorted(totals.items()):
        km, skill, wish = _pair_criteria(person, posts[(activity_id, rome_code)].activity, rome_code)
        lines.append(PlanLine(
            plan=plan, person=person, contract=contract, activity_id=activity_id, rome_code=rome_code,
            units=units, kept_units=min(units, kept.get((activity_id, rome_code), 0)), km=km,
            skill_match=skill, wish_match=wish, edited=True))
    PlanLine.objects.bulk_create(lines)
    _refresh_totals(plan, contract, chosen - sum(totals.values()), chosen)
    plan.edited_at = timezone.now()
    plan.save(update_fields=["edited_at"])
    record(user, Action.UPDATE, person, detail=f"plan {plan.public_id} modifié")


def _filled(lines) -> dict[tuple[int, str], int]:
    rows = lines.values("activity_id", "rome_code").annotate(u=Sum("units"))
    return {(row["activity_id"], row["rome_code"]): row["u"] for row in rows}


def _refresh_totals(plan: StaffingPlan, contract: Contract, unplaced: int, chosen: int) -> None:
    filled = _filled(plan.lines.filter(contract__isnull=False))
    for post in plan.posts.all():
        units = filled.get((post.activity_id, post.rome_code), 0)
        if post.filled_units != units:
            post.filled_units = units
            post.save(update_fields=["filled_units"])
    plan.shortfalls.filter(contract=contract).delete()
    if unplaced > 0:
        PlanShortfall.objects.create(plan=plan, person=contract.person, contract=contract,
                                     chosen_units=chosen, unplaced_units=unplaced,
                                     reason=ShortfallReason.MANUAL)
