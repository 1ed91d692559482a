"""Running the planner over a scope and storing what it proposes (issue 4).

``run_plan`` reads the scope's rows, solves (engines.planner), and stores a StaffingPlan with its
jobs, lines and shortfalls in bulk. Applying, editing and comparing with today live in
``plan_changes``; the leftover groups' activity types in ``leftovers``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

import numpy as np
from django.db import transaction
from django.utils import timezone

from jobfactory.engines.planner import REASON_NO_CANDIDATE, plan_staffing
from jobfactory.engines.planner_report import leftover_groups
from jobfactory.staffing.bulk import insert_rows
from jobfactory.staffing.enums import PlanStatus, ShortfallReason
from jobfactory.staffing.leftovers import describe_groups, establishments_source
from jobfactory.staffing.models import PlanLine, PlanPost, PlanShortfall, StaffingPlan
from jobfactory.staffing.planning_problem import build_input
from jobfactory.staffing.planning_scope import PlanScope

STAGES = ("lecture des données", "calcul du plan", "enregistrement")


def run_plan(scope: PlanScope, *, user=None, on: date | None = None,
             progress: Callable[[str], None] | None = None) -> StaffingPlan:
    """Compute and store a proposed plan for ``scope`` on ``on`` (today by default)."""
    on = on or timezone.localdate()
    say = progress or (lambda stage: None)
    timings = {}
    started = time.perf_counter()
    say(STAGES[0])
    fingerprint = scope.fingerprint(on)
    data = build_input(scope, on)
    timings["read_s"] = time.perf_counter() - started
    say(STAGES[1])
    plan = plan_staffing(data.problem)
    timings["solve_total_s"] = time.perf_counter() - started - timings["read_s"]
    say(STAGES[2])
    problem = data.problem
    reason = plan.reason.copy()  # a person without a position: a reason a manager can fix
    reason[(reason == REASON_NO_CANDIDATE) & ~data.has_position] = ShortfallReason.NO_POSITION
    groups = leftover_groups(problem, plan, data.main_skill, data.main_wish)
    is_waiting = problem.waiting_rank >= 0
    summary = {
        "people": int(problem.person_ids.size),
        "contract_people": int((~is_waiting).sum()),
        "waiting_people": int(is_waiting.sum()),
        "posts": int(problem.activity_ids.size),
        "candidate_pairs": int(problem.arc_person.size),
        "contract_chosen_units": int(problem.chosen_units[~is_waiting].sum()),
        "contract_placed_units": int(plan.placed_units[~is_waiting].sum()),
        "contract_fully_placed": int(((plan.unplaced_units == 0) & ~is_waiting).sum()),
        "waiting_placed_units": int(plan.placed_units[is_waiting].sum()),
        "need_units": int(problem.capacity_units.sum()),
        "objective": plan.objective,
        "units_moved": plan.units_moved,
        "split_people": plan.split_people,
        "components": plan.components,
        "solver_s": round(plan.solver_seconds, 3),
        "solve_wall_s": round(plan.solve_wall_seconds, 3),
        "workers": plan.workers,
        "workers_mb": round(plan.workers_extra_kb / 1024, 1),
    }
    summary["establishments_source"] = establishments_source(scope)
    with transaction.atomic():
        stored = StaffingPlan.objects.create(
            programme=scope.programme, employer=scope.employer, territory=scope.territory,
            computed_on=on, base_fingerprint=fingerprint, created_by=user, summary=summary,
            leftover_groups=describe_groups(scope, groups, data))
        _store_rows(stored, data, plan, reason)
    timings["write_s"] = time.perf_counter() - started - timings["read_s"] - timings["solve_total_s"]
    stored.summary = {**summary, **{k: round(v, 3) for k, v in timings.items()}}
    stored.save(update_fields=["summary"])
    return stored


def _store_rows(stored: StaffingPlan, data, plan, reason) -> None:
    problem = data.problem
    row_of = np.empty(int(problem.person_ids.max(initial=0)) + 1, np.int64)
    row_of[problem.person_ids] = np.arange(problem.person_ids.size)
    insert_rows(PlanPost, ("plan_id", "activity_id", "rome_code", "need_units", "filled_units",
                           "sizing_units"),
                zip([stored.pk] * len(data.post_rome), data.post_activity.tolist(), data.post_rome,
                    problem.capacity_units.tolist(), plan.filled_units.tolist(),
                    plan.sizing_units.tolist(), strict=True))
    rows = row_of[plan.assignment_person_ids]
    arcs = plan.assignment_arc
    contract = data.contract_pk[rows]
    rank = problem.waiting_rank[rows]
    insert_rows(PlanLine, ("plan_id", "person_id", "contract_id", "activity_id", "rome_code", "units",
                           "kept_units", "km", "skill_match", "wish_match", "waiting_rank", "edited"),
                zip([stored.pk] * rows.size, plan.assignment_person_ids.tolist(),
                    [c if c >= 0 else None for c in contract.tolist()],
                    data.post_activity[plan.assignment_activity_ids].tolist(),
                    [data.post_rome[i] for i in plan.assignment_activity_ids.tolist()],
                    plan.assignment_units.tolist(), plan.assignment_kept_units.tolist(),
                    np.round(data.arc_km[arcs], 2).tolist(), data.arc_skill_match[arcs].tolist(),
                    data.arc_wish_match[arcs].tolist(), [r if r >= 0 else None for r in rank.tolist()],
                    [False] * rows.size, strict=True))
    short = np.flatnonzero(plan.unplaced_units > 0)
    insert_rows(PlanShortfall, ("plan_id", "person_id", "contract_id", "chosen_units", "unplaced_units",
                                "reason", "waiting_rank"),
                zip([stored.pk] * short.size, problem.person_ids[short].tolist(),
                    [c if c >= 0 else None for c in data.contract_pk[short].tolist()],
                    problem.chosen_units[short].tolist(), plan.unplaced_units[short].tolist(),
                    reason[short].tolist(),
                    [r if r >= 0 else None for r in problem.waiting_rank[short].tolist()], strict=True))


def supersede_others(plan: StaffingPlan) -> None:
    """Other proposals over the same employer were computed from what this plan changed."""
    StaffingPlan.objects.filter(programme=plan.programme, employer=plan.employer,
                                status=PlanStatus.PROPOSED).exclude(pk=plan.pk).update(
        status=PlanStatus.SUPERSEDED)
