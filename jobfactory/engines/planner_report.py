"""Around a staffing plan: fit costs from criteria and words for them, the people left over, and a
greedy baseline for the benchmarks.

French sentences live in MESSAGES (the engines have no gettext); the Django layer may translate
the codes differently. Mapping the leftover groups to activity types with their NAF code needs the
referentials, so it belongs to the Django layer: here they are only grouped and counted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from jobfactory.engines.planner import (
    REASON_NO_CANDIDATE,
    UNITS_PER_HOUR,
    Plan,
    PlanningProblem,
    _arc_cost,
    _assemble,
    _Canonical,
)

# Fit cost per half-hour unit; lower is better. Adjustable parameters, not facts: an unmatched
# skill (training to plan) weighs like 6 km more travel, an unmet wish like 4 km.
SKILL_MISMATCH_COST = 6
WISH_MISMATCH_COST = 4
COST_PER_KM = 1

MESSAGES = {
    "skill_match": "même métier que l'activité",
    "skill_mismatch": "métier différent, formation à prévoir",
    "wish_match": "souhait exprimé",
    "wish_mismatch": "hors de ses souhaits",
    "travel": "{km} km de trajet à vol d'oiseau",
    "kept": "déjà sur cette activité",
    "hours": "{hours} par semaine",
    "split": "{hours} par semaine ici, sur {total} réparties entre plusieurs activités",
    "sizing": "Prévision pour son embauche (rang {rank} sur la liste d'attente) : {rest}",
}


def fit_cost(skill_match, wish_match, travel_km):
    """Unit cost of a candidate arc (scalars or arrays): SKILL_MISMATCH_COST when the person's skill is
    not the activity's, WISH_MISMATCH_COST when it is not among their wishes, COST_PER_KM per km."""
    km = np.asarray(travel_km, dtype=float)
    if np.any(km < 0) or not np.all(np.isfinite(km)):
        raise ValueError("travel_km must be finite and non-negative")
    cost = (SKILL_MISMATCH_COST * (1 - np.asarray(skill_match, dtype=np.int64))
            + WISH_MISMATCH_COST * (1 - np.asarray(wish_match, dtype=np.int64))
            + COST_PER_KM * np.floor(km + 0.5).astype(np.int64))
    return int(cost) if cost.ndim == 0 else cost


def format_hours(units: int) -> str:
    """Half-hour units as French hours: 70 -> "35 h", 35 -> "17 h 30"."""
    hours, half = divmod(int(units), UNITS_PER_HOUR)
    return f"{hours} h 30" if half else f"{hours} h"


def format_km(km: float) -> str:
    text = f"{round(float(km), 1):.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def describe_assignment(*, skill_match: bool, wish_match: bool, km: float, kept: bool, units: int,
                        person_units: int, split: bool, waiting_rank: int | None = None) -> str:
    """One assignment in words a manager understands. ``person_units``: all the person's placed units;
    ``waiting_rank``: the place on the waiting list (0 first), None under contract."""
    parts = [
        MESSAGES["skill_match" if skill_match else "skill_mismatch"],
        MESSAGES["wish_match" if wish_match else "wish_mismatch"],
        MESSAGES["travel"].format(km=format_km(km)),
    ]
    if kept:
        parts.append(MESSAGES["kept"])
    if split:
        parts.append(MESSAGES["split"].format(hours=format_hours(units), total=format_hours(person_units)))
    else:
        parts.append(MESSAGES["hours"].format(hours=format_hours(units)))
    text = ", ".join(parts)
    if waiting_rank is not None:
        text = MESSAGES["sizing"].format(rank=waiting_rank + 1, rest=text)
    return text[0].upper() + text[1:]


def explain(problem: PlanningProblem, plan: Plan, skill_match, wish_match, travel_km) -> list[str]:
    """One sentence per assignment of ``plan``; the criteria arrays follow the problem's arcs."""
    row_of = {int(pid): row for row, pid in enumerate(problem.person_ids)}
    counts = Counter(plan.assignment_person_ids.tolist())
    sentences = []
    for i, arc in enumerate(plan.assignment_arc.tolist()):
        pid = int(plan.assignment_person_ids[i])
        row = row_of[pid]
        sentences.append(describe_assignment(
            skill_match=bool(skill_match[arc]), wish_match=bool(wish_match[arc]), km=float(travel_km[arc]),
            kept=bool(plan.assignment_kept_units[i]), units=int(plan.assignment_units[i]),
            person_units=int(plan.placed_units[row]), split=counts[pid] > 1,
            waiting_rank=int(problem.waiting_rank[row]) if plan.assignment_is_sizing[i] else None))
    return sentences


@dataclass(frozen=True)
class LeftoverGroup:
    """People not fully placed who share a main skill (ROME code) and a wish."""

    skill_code: str
    wish: str
    people: int
    waiting_people: int
    no_candidate_people: int  # nothing within reach: a new activity would also need a site near them
    unplaced_units: int
    person_ids: tuple[int, ...]


def leftover_groups(problem: PlanningProblem, plan: Plan, main_skill, wish) -> list[LeftoverGroup]:
    """Group the people left over by (main skill, wish), largest need first.

    ``main_skill`` and ``wish`` give one string per person, in the problem's rows ("" when none).
    """
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in np.flatnonzero(plan.unplaced_units > 0).tolist():
        groups[(str(main_skill[row]), str(wish[row]))].append(row)
    result = [
        LeftoverGroup(
            skill_code=skill,
            wish=wished,
            people=len(rows),
            waiting_people=int((problem.waiting_rank[rows] >= 0).sum()),
            no_candidate_people=int((plan.reason[rows] == REASON_NO_CANDIDATE).sum()),
            unplaced_units=int(plan.unplaced_units[rows].sum()),
            person_ids=tuple(sorted(int(pid) for pid in problem.person_ids[rows])),
        )
        for (skill, wished), rows in groups.items()
    ]
    return sorted(result, key=lambda g: (-g.unplaced_units, -g.people, g.skill_code, g.wish))


def greedy_plan(problem: PlanningProblem) -> Plan:
    """Baseline for the benchmarks: each person in turn (contract by id, then the waiting list in
    order) takes their cheapest candidates with room, spilling over to the next cheapest."""
    canon = _Canonical(problem)
    n_components, _ = canon.components()
    room = canon.capacity.astype(np.int64).tolist()
    cost = _arc_cost(canon.arc_fit, canon.arc_kept, 1).tolist()
    arc_a = canon.arc_a.tolist()
    start = canon.person_start.tolist()
    flow = [0] * len(arc_a)
    order = np.lexsort((canon.person_ids, canon.waiting_rank))
    for person in order.tolist():
        need = int(canon.chosen[person])
        for arc in sorted(range(start[person], start[person + 1]), key=cost.__getitem__):
            if need == 0:
                break
            units = min(need, room[arc_a[arc]])
            if units:
                flow[arc] = units
                room[arc_a[arc]] -= units
                need -= units
    flow = np.array(flow, np.int64)
    contract_flow = np.where(canon.is_waiting[canon.arc_p], 0, flow)
    return _assemble(canon, contract_flow, flow - contract_flow, n_components, 0.0)
