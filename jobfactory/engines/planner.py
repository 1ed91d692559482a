"""The staffing planner: who works on which activity, for how many hours (issue 4).

Arrays in, arrays out, no Django. Hours are counted in half-hour units a week (35 h = 70 units)
so that split hours stay integers and the plan is an exact min-cost flow.

The network, one per connected component of the candidate graph: source -> person (capacity:
chosen units), person -> activity (one arc per candidate, capacity min(chosen, need), unit cost:
the fit cost, see ``planner_report.fit_cost``, minus KEEP_BONUS on the units the person already
works there), activity -> sink (capacity: the activity's need). First version: an activity's
need is one pool of hours; per-skill posts will replace the activity node by one node per post
(candidate arcs then point at posts), nothing else changes.

Exactness, in the order that matters:
1. Placement first. A max flow (OR-Tools ``SimpleMaxFlow``) gives the most units that can be
   placed; the min-cost flow routes exactly that many, supplies set at source and sink, with
   ``solve()`` (max-flow-with-min-cost reports success with zero flow when supplies are unset).
   One solve with a large "unplaced" cost is exact only if it exceeds the fit variation along any
   augmenting path (min(people, activities) times the cost range): twice as slow at 61,000
   people, and such costs overflow at national scale.
2. Fit, then ties. Costs are ``primary * scale + tie``, ``tie`` in [0, TIE_LEVELS) hashed from the
   (person id, activity id) pair, ``scale > (TIE_LEVELS - 1) * 2 * min(people, activities)``: a
   simple residual cycle has no more person-activity arcs, so ties never outweigh one primary
   point. Inputs are sorted by id: the same data gives the same plan whatever its order. The
   perturbation also nearly halves the split people (benchmarks/planner_engine.py, 61,000 people:
   10,275 without, 5,797 with 8 levels): the fewer the ties, the nearer the optimum to a vertex of
   the flow polytope, which has few fractional arcs. It costs about half as much solve time again.
3. Splits. "Split a person only when needed" is a fixed charge per extra activity; it has no
   linear (flow) formulation, and minimising splits under capacities is NP-hard (it contains bin
   packing). A post-pass (``_Consolidation``) moves each split person wholly onto one candidate
   when that costs no primary point, moving at most one other person. It is a local search: an
   unsplit optimum that needs three people to move stays out of its reach.

The waiting list: the planner never chooses who is hired. People under contract are planned first
on the full capacity (real assignments); people on the waiting list then on what is left, only to
size what their hiring will need (``is_sizing``): list order first, exactly (an unplaced cost
falling with the rank: by the polymatroid greedy theorem the first person gets the most units
they can, then the second...), then fit with each person's units fixed.

Each phase solves its components apart, in worker processes when that pays (``planner_parallel``):
the plan is the same whatever their number.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, fields

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from jobfactory.engines import planner_parallel
from jobfactory.engines.arrays import has_duplicates, int_array

UNITS_PER_HOUR = 2

# Keeping a unit where the person already works is worth 12 cost points, more than a job outside
# both their skills and wishes costs (10): a plan moves someone who works somewhere today to place
# somebody else, or to gain more than that on their own fit, never to seat a newcomer in their place
# for a small gain (an adjustable parameter, like the fit costs).
KEEP_BONUS = 12
# Prices an unplaced unit in the reported objective (and in the greedy comparison). Placement is
# maximised exactly before fit (see above), so this constant does not steer the solver.
UNPLACED_UNIT_COST = 1000
TIE_LEVELS = 8

REASON_PLACED = "placed"
REASON_PARTLY = "partly"  # placed for part of their hours: the candidates are full
REASON_CAPACITY = "capacity"  # candidates within reach, all full
REASON_NO_CANDIDATE = "no_candidate"  # no activity within reach


class PlanningError(RuntimeError):
    """The solver did not return an optimal plan: a bug or costs out of the solver's range."""


@dataclass(frozen=True, eq=False)
class PlanningProblem:
    """People, activities, candidate arcs (only those within travel reach) and current assignments
    (people under contract only, one row per pair); indices refer to rows. ``waiting_rank``: -1 under
    contract, else the place on the waiting list (0 first; equal ranks fall back on the person id)."""

    person_ids: np.ndarray
    chosen_units: np.ndarray
    waiting_rank: np.ndarray
    activity_ids: np.ndarray
    capacity_units: np.ndarray
    arc_person: np.ndarray
    arc_activity: np.ndarray
    arc_fit_cost: np.ndarray
    current_person: np.ndarray = ()  # becomes an empty array
    current_activity: np.ndarray = ()
    current_units: np.ndarray = ()

    def __post_init__(self):
        for f in fields(self):
            object.__setattr__(self, f.name, int_array(getattr(self, f.name)))
        n_people, n_activities = self.person_ids.size, self.activity_ids.size
        for arrays in ((self.person_ids, self.chosen_units, self.waiting_rank),
                       (self.activity_ids, self.capacity_units),
                       (self.arc_person, self.arc_activity, self.arc_fit_cost),
                       (self.current_person, self.current_activity, self.current_units)):
            if len({a.size for a in arrays}) != 1:
                raise ValueError("arrays of the same group differ in length")
        if has_duplicates(self.person_ids) or has_duplicates(self.activity_ids):
            raise ValueError("person and activity ids must be unique")
        if np.any(self.chosen_units < 0) or np.any(self.capacity_units < 0) or np.any(self.waiting_rank < -1):
            raise ValueError("chosen units and capacities must be >= 0, waiting ranks >= -1")
        for person, activity, what in ((self.arc_person, self.arc_activity, "arc"),
                                       (self.current_person, self.current_activity, "current assignment")):
            if np.any((person < 0) | (person >= n_people) | (activity < 0) | (activity >= n_activities)):
                raise ValueError(f"a {what} refers to a person or activity index out of range")
            if has_duplicates(person * n_activities + activity):
                raise ValueError(f"duplicate {what} for the same (person, activity)")
        if np.any(self.current_units <= 0) or np.any(self.waiting_rank[self.current_person] >= 0):
            raise ValueError("current units must be positive, and only for people under contract")


@dataclass(frozen=True, eq=False)
class Plan:
    """A plan. Person and activity arrays follow the problem's rows; assignments are sorted by
    (person id, activity id) and ``assignment_arc`` is their row among the problem's arcs."""

    person_ids: np.ndarray
    placed_units: np.ndarray
    unplaced_units: np.ndarray
    reason: np.ndarray  # REASON_* codes
    activity_ids: np.ndarray
    filled_units: np.ndarray  # by people under contract: the real plan
    sizing_units: np.ndarray  # by people on the waiting list, if hired
    shortage_units: np.ndarray  # capacity - filled - sizing
    assignment_person_ids: np.ndarray
    assignment_activity_ids: np.ndarray
    assignment_units: np.ndarray
    assignment_is_sizing: np.ndarray
    assignment_kept_units: np.ndarray  # units the person already works on that activity
    assignment_arc: np.ndarray
    objective: int  # people under contract: primary cost + UNPLACED_UNIT_COST per unplaced unit
    sizing_objective: int  # the same for people on the waiting list
    components: int  # connected parts with at least one candidate arc
    units_moved: int  # current units not kept on the same activity
    split_people: int  # people on more than one activity
    solver_seconds: float = 0.0  # in OR-Tools' solve() calls, summed over components and processes
    solve_wall_seconds: float = 0.0  # the two phases' components, building and solving, end to end
    workers: int = 1  # processes that solved components (planner_parallel)
    workers_extra_kb: int = 0  # workers' own memory at their peaks, summed: see planner_parallel


def _tie_terms(person_ids: np.ndarray, activity_ids: np.ndarray) -> np.ndarray:
    # A hash of the ids, not of the rows, so that the tie-break survives any reordering.
    with np.errstate(over="ignore"):
        h = person_ids.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) ^ activity_ids.astype(np.uint64)
        h = (h ^ h >> np.uint64(31)) * np.uint64(0xBF58476D1CE4E5B9)
    return (h >> np.uint64(40) & np.uint64(TIE_LEVELS - 1)).astype(np.int64)  # TIE_LEVELS: a power of 2


def _sum_by(index, weights, n) -> np.ndarray:
    return np.bincount(index, weights=weights, minlength=n).astype(np.int64)


def _arc_cost(fit, kept, flow):
    """Primary cost of ``flow`` units on an arc: the kept units earn the bonus (scalars or arrays)."""
    return fit * flow - KEEP_BONUS * np.minimum(flow, kept)


class _Canonical:
    """The problem sorted by ids, arcs by (person, activity): the solver only ever sees this."""

    def __init__(self, problem: PlanningProblem):
        self.problem = problem
        self.person_order = np.argsort(problem.person_ids, kind="stable")
        self.activity_order = np.argsort(problem.activity_ids, kind="stable")
        person_rank, activity_rank = np.argsort(self.person_order), np.argsort(self.activity_order)
        self.n_people, self.n_activities = self.person_order.size, self.activity_order.size
        self.person_ids = problem.person_ids[self.person_order]
        self.activity_ids = problem.activity_ids[self.activity_order]
        self.chosen = problem.chosen_units[self.person_order]
        self.waiting_rank = problem.waiting_rank[self.person_order]
        self.capacity = problem.capacity_units[self.activity_order]
        arc_p, arc_a = person_rank[problem.arc_person], activity_rank[problem.arc_activity]
        key = arc_p * self.n_activities + arc_a  # unique, as pairs are
        self.arc_order = np.argsort(key)
        self.arc_p, self.arc_a = arc_p[self.arc_order], arc_a[self.arc_order]
        self.arc_key, self.arc_fit = key[self.arc_order], problem.arc_fit_cost[self.arc_order]
        self.person_start = np.searchsorted(self.arc_p, np.arange(self.n_people + 1))
        self.current_key = (person_rank[problem.current_person] * self.n_activities
                            + activity_rank[problem.current_activity])
        self.current_units = problem.current_units
        where = np.searchsorted(self.arc_key, self.current_key)
        self.current_arc = np.where(np.append(self.arc_key, -1)[where] == self.current_key, where, -1)
        on_arc = self.current_arc >= 0  # a current pair that is no candidate any more has no arc
        self.arc_kept = _sum_by(self.current_arc[on_arc], self.current_units[on_arc], self.arc_p.size)
        self.is_waiting = self.waiting_rank >= 0

    def components(self) -> tuple[int, np.ndarray]:
        """Label of each arc's component, and the number of components that have arcs."""
        n = self.n_people + self.n_activities
        graph = coo_matrix((np.ones(self.arc_p.size, np.int8), (self.arc_p, self.n_people + self.arc_a)),
                           shape=(n, n)).tocsr()
        _, labels = connected_components(graph, directed=False)
        used, arc_label = np.unique(labels[self.arc_p], return_inverse=True)
        return used.size, arc_label


def _solve(solver, what: str, *args) -> float:
    """Run a solver, insist on an optimal status, return the seconds it took."""
    started = time.perf_counter()
    status = solver.solve(*args)
    if status != solver.OPTIMAL:
        raise PlanningError(f"{what}: the solver returned {status!r} instead of an optimal flow")
    return time.perf_counter() - started


def _solve_component(p_local, a_local, supply, act_cap, fit, kept, tie, weight):
    """One phase on one component: the flow of each arc, and the solver's seconds. ``weight`` is
    None for people under contract (most units placed), else the unplaced cost of each person."""
    n_p, n_a, n_arcs = supply.size, act_cap.size, p_local.size
    source, sink = n_p + n_a, n_p + n_a + 1
    arc_cap = np.minimum(supply[p_local], act_cap[a_local])
    people, acts = np.arange(n_p, dtype=np.int32), np.arange(n_p, n_p + n_a, dtype=np.int32)
    tails, heads, to_sink = p_local.astype(np.int32), acts[a_local], np.full(n_a, sink, np.int32)
    if weight is None:
        stage = max_flow.SimpleMaxFlow()
        stage.add_arcs_with_capacity(np.concatenate([np.full(n_p, source, np.int32), tails, acts]),
                                     np.concatenate([people, heads, to_sink]),
                                     np.concatenate([supply, arc_cap, act_cap]))
        seconds = _solve(stage, "maximum placement", source, sink)
        placed = stage.flows(people)
    else:
        # Every unit is routed, to an activity or through an "unplaced" arc to the sink; supplies
        # are set, so solve() cannot succeed with an empty flow.
        stage = min_cost_flow.SimpleMinCostFlow()
        stage.add_arcs_with_capacity_and_unit_cost(
            np.concatenate([people, tails, acts]),
            np.concatenate([np.full(n_p, sink, np.int32), heads, to_sink]),
            np.concatenate([supply, arc_cap, act_cap]),
            np.concatenate([weight, np.zeros(n_arcs + n_a, np.int64)]))
        stage.set_nodes_supplies(np.append(people, np.int32(sink)), np.append(supply, -supply.sum()))
        seconds = _solve(stage, "waiting-list placement")
        placed = supply - stage.flows(people)
    total = int(placed.sum())
    if total == 0:
        return np.zeros(n_arcs, np.int64), seconds
    # People under contract share the total as is cheapest; on the waiting list each person keeps
    # their placement, which list order makes unique.
    source_cap = supply if weight is None else placed
    scale = (TIE_LEVELS - 1) * 2 * min(n_p, n_a) + 1
    kept_cap = np.minimum(kept, arc_cap)
    # A "kept" arc only where the person works today: empty ones would still cost the solver
    # (measured: 45 s -> 30 s on the largest component of the 600,000-person instance).
    with_kept = np.flatnonzero(kept_cap > 0)
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([np.full(n_p, source, np.int32), tails, tails[with_kept], acts]),
        np.concatenate([people, heads, heads[with_kept], to_sink]),
        np.concatenate([source_cap, arc_cap - kept_cap, kept_cap[with_kept], act_cap]),
        np.concatenate([np.zeros(n_p, np.int64), fit * scale + tie,
                        (fit[with_kept] - KEEP_BONUS) * scale + tie[with_kept], np.zeros(n_a, np.int64)]))
    solver.set_nodes_supplies(np.array([source, sink], np.int32), np.array([total, -total], np.int64))
    seconds += _solve(solver, "minimum cost")
    flows = solver.flows(np.arange(n_p, n_p + n_arcs + with_kept.size, dtype=np.int32))
    arc_flow = flows[:n_arcs].copy()
    arc_flow[with_kept] += flows[n_arcs:]
    if int(arc_flow.sum()) != total:
        raise PlanningError(f"the solver routed {int(arc_flow.sum())} units instead of {total}")
    return arc_flow, seconds


class _Consolidation:
    """The post-pass on split people (module docstring): a move changes one person's activities and
    at most one other's, keeps the primary cost (optimal: no move can lower it), splits nobody more."""

    def __init__(self, canon: _Canonical, flow: np.ndarray, act_cap: np.ndarray, transfers: bool):
        self.canon, self.flow = canon, flow.copy()
        arc_p, arc_a = canon.arc_p, canon.arc_a
        self.n_used = np.bincount(arc_p[flow > 0], minlength=canon.n_people)
        if not np.any(self.n_used > 1):
            return  # nothing to do: skip the set-up, which costs a sort of every arc
        self.slack = act_cap - _sum_by(arc_a, flow, canon.n_activities)
        self.placed = _sum_by(arc_p, flow, canon.n_people)
        self.n_arcs = np.diff(canon.person_start)
        # Bounds pruning most exchanges: each person's cheapest unit, most free room within reach.
        unit = self.cost(slice(None), 1)
        self.cheapest = np.full(canon.n_people, unit.max(initial=0), np.int64)
        np.minimum.at(self.cheapest, arc_p, unit)
        self.reach_slack = np.zeros(canon.n_people, np.int64)
        np.maximum.at(self.reach_slack, arc_p, self.slack[arc_a])
        free = (canon.chosen > self.placed) & (self.n_arcs > 0) & ~canon.is_waiting  # often nobody
        self.transfers = transfers and bool(free.any())
        self.person_cost = _sum_by(arc_p, self.cost(slice(None), flow), canon.n_people)
        self.by_activity = np.argsort(arc_a, kind="stable")
        self.act_start = np.searchsorted(arc_a[self.by_activity], np.arange(canon.n_activities + 1))

    def run(self) -> np.ndarray:
        for person in np.flatnonzero(self.n_used > 1).tolist():
            while self.n_used[person] > 1 and (self.move(person) or self.transfer(person)):
                pass
        return self.flow

    def cost(self, arcs, units):
        return _arc_cost(self.canon.arc_fit[arcs], self.canon.arc_kept[arcs], units)

    def arcs_of(self, person) -> np.ndarray:
        return np.arange(self.canon.person_start[person], self.canon.person_start[person + 1])

    def arcs_on(self, act) -> np.ndarray:
        return self.by_activity[self.act_start[act]:self.act_start[act + 1]]

    def apply(self, arcs, units):
        arcs, units = np.atleast_1d(arcs), np.atleast_1d(units)
        old = self.flow[arcs]
        np.add.at(self.slack, self.canon.arc_a[arcs], old - units)
        for act in np.unique(self.canon.arc_a[arcs]).tolist():
            np.maximum.at(self.reach_slack, self.canon.arc_p[self.arcs_on(act)], self.slack[act])
        np.add.at(self.placed, self.canon.arc_p[arcs], units - old)
        np.add.at(self.n_used, self.canon.arc_p[arcs], (units > 0).astype(np.int64) - (old > 0))
        np.add.at(self.person_cost, self.canon.arc_p[arcs], self.cost(arcs, units) - self.cost(arcs, old))
        self.flow[arcs] = units

    def move(self, person) -> bool:
        """All the person's units onto one candidate: into free room, or making room by moving one
        other person off it (exchange), or with one other person moving into what is freed (follow)."""
        arcs = self.arcs_of(person)
        held, acts = self.flow[arcs], self.canon.arc_a[arcs]
        units = int(held.sum())
        delta = self.cost(arcs, units) - self.person_cost[person]
        room, order = self.slack[acts] + held, np.lexsort((acts, delta)).tolist()
        for t in order:
            if room[t] >= units and delta[t] <= 0:
                self.apply(arcs, np.where(arcs == arcs[t], units, 0))
                return True
        # Moving someone else only onto the person's own activities: elsewhere it costs much, gains little.
        for t in (t for t in order if held[t] > 0):
            if room[t] >= units:
                if self.follow(person, arcs, t, units, int(delta[t])):
                    self.apply(arcs, np.where(arcs == arcs[t], units, 0))
                    return True
            elif self.exchange(person, arcs, t, units, int(delta[t]), int(room[t])):
                return True
        return False

    def exchange(self, person, arcs, t, units, delta, room) -> bool:
        canon = self.canon
        held, acts = self.flow[arcs], canon.arc_a[arcs]
        others = self.arcs_on(acts[t])
        moved, other = self.flow[others], canon.arc_p[others]
        bound = delta + moved * self.cheapest[other] - self.cost(others, moved)
        freed = np.max(np.where(arcs != arcs[t], held, 0))
        others = others[(moved >= units - room) & (other != person) & (bound <= 0)
                        & (moved <= self.reach_slack[other] + freed)]
        if others.size == 0:
            return False
        # Every (other person, destination arc) pair at once: the others' arc ranges, concatenated.
        starts, lengths = canon.person_start[canon.arc_p[others]], self.n_arcs[canon.arc_p[others]]
        owner = np.repeat(np.arange(others.size), lengths)
        dest = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths - starts, lengths)
        moved, now, dest_acts = self.flow[others][owner], self.flow[dest], canon.arc_a[dest]
        at = np.minimum(np.searchsorted(acts, dest_acts), acts.size - 1)
        freed = np.where((acts[at] == dest_acts) & (at != t), held[at], 0)
        gain = (self.cost(dest, now + moved) - self.cost(dest, now)
                - self.cost(others, self.flow[others])[owner])
        ok = ((dest != others[owner]) & (self.slack[dest_acts] + freed >= moved) & (delta + gain <= 0)
              & ((self.n_used[canon.arc_p[others]][owner] == 1) | (now > 0)))
        if not ok.any():
            return False
        i = np.flatnonzero(ok)[np.argmin(gain[ok])]
        self.apply(others[owner[i]], 0)
        self.apply(arcs, np.where(arcs == arcs[t], units, 0))
        self.apply(dest[i], int(now[i] + moved[i]))
        return True

    def follow(self, person, arcs, t, units, delta) -> bool:
        canon = self.canon
        for b in np.flatnonzero((self.flow[arcs] > 0) & (arcs != arcs[t])).tolist():
            candidates = self.arcs_on(canon.arc_a[arcs[b]])
            others = canon.arc_p[candidates]
            moved = self.placed[others]
            ok = ((others != person) & (self.n_used[others] == 1) & (self.flow[candidates] == 0)
                  & (moved <= self.slack[canon.arc_a[arcs[b]]] + self.flow[arcs[b]]))
            gain = self.cost(candidates, moved) - self.person_cost[others]
            ok &= delta + gain <= 0
            if ok.any():
                pick = np.flatnonzero(ok)[np.argmin(gain[ok])]
                other_arcs = self.arcs_of(int(others[pick]))
                self.apply(arcs, np.where(arcs == arcs[t], units, 0))
                self.apply(other_arcs, np.where(other_arcs == candidates[pick], moved[pick], 0))
                return True
        return False

    def transfer(self, person) -> bool:
        """Hand one activity's units to someone under contract with free hours, working only there or
        nowhere (the total placed stays the same)."""
        if not self.transfers:
            return False
        canon = self.canon
        arcs = self.arcs_of(person)
        used = arcs[self.flow[arcs] > 0]
        for arc in used[np.lexsort((canon.arc_a[used], self.flow[used]))].tolist():
            units = int(self.flow[arc])
            candidates = self.arcs_on(canon.arc_a[arc])
            others = canon.arc_p[candidates]
            ok = ((others != person) & ~canon.is_waiting[others]
                  & (canon.chosen[others] - self.placed[others] >= units)
                  & ((self.n_used[others] == 0) | ((self.n_used[others] == 1) & (self.flow[candidates] > 0))))
            now = self.flow[candidates]
            gain = self.cost(candidates, now + units) - self.cost(candidates, now)
            ok &= gain - self.cost(arc, units) <= 0
            if ok.any():
                pick = candidates[np.flatnonzero(ok)[np.argmin(gain[ok])]]
                self.apply(np.array([arc, pick]), np.array([0, int(self.flow[pick]) + units]))
                return True
        return False


def _assemble(canon: _Canonical, contract_flow, waiting_flow, components, seconds, **figures) -> Plan:
    """Turn arc flows (canonical order) into a Plan in the problem's row order."""
    flow = contract_flow + waiting_flow
    placed = _sum_by(canon.arc_p, flow, canon.n_people)
    unplaced = canon.chosen - placed
    filled = _sum_by(canon.arc_a, contract_flow, canon.n_activities)
    sizing = _sum_by(canon.arc_a, waiting_flow, canon.n_activities)
    reason = np.full(canon.n_people, REASON_PLACED, dtype=object)
    reason[(unplaced > 0) & (placed > 0)] = REASON_PARTLY
    reason[(unplaced > 0) & (placed == 0)] = REASON_CAPACITY
    reason[(unplaced > 0) & (np.diff(canon.person_start) == 0)] = REASON_NO_CANDIDATE
    primary = _arc_cost(canon.arc_fit, canon.arc_kept, contract_flow)
    objective = int(primary.sum()) + UNPLACED_UNIT_COST * int(unplaced[~canon.is_waiting].sum())
    sizing_objective = (int((canon.arc_fit * waiting_flow).sum())
                        + UNPLACED_UNIT_COST * int(unplaced[canon.is_waiting].sum()))
    still = np.append(contract_flow, 0)[canon.current_arc]
    units_moved = int(np.maximum(canon.current_units - still, 0).sum())
    rows = np.flatnonzero(flow)
    person_back, activity_back = np.argsort(canon.person_order), np.argsort(canon.activity_order)
    return Plan(
        person_ids=canon.problem.person_ids.copy(),
        placed_units=placed[person_back],
        unplaced_units=unplaced[person_back],
        reason=reason[person_back],
        activity_ids=canon.problem.activity_ids.copy(),
        filled_units=filled[activity_back],
        sizing_units=sizing[activity_back],
        shortage_units=(canon.capacity - filled - sizing)[activity_back],
        assignment_person_ids=canon.person_ids[canon.arc_p[rows]],
        assignment_activity_ids=canon.activity_ids[canon.arc_a[rows]],
        assignment_units=flow[rows],
        assignment_is_sizing=canon.is_waiting[canon.arc_p[rows]],
        assignment_kept_units=np.minimum(canon.arc_kept[rows], flow[rows]),
        assignment_arc=canon.arc_order[rows],
        objective=objective,
        sizing_objective=sizing_objective,
        components=components,
        units_moved=units_moved,
        split_people=int((np.bincount(canon.arc_p[rows], minlength=canon.n_people) > 1).sum()),
        solver_seconds=seconds,
        **figures,
    )


def plan_staffing(problem: PlanningProblem, *, workers: int | None = None,
                  parallel_min_arcs: int = planner_parallel.PARALLEL_MIN_ARCS) -> Plan:
    """The exact plan: contract people first, then the waiting list for sizing (module docstring).
    Components are solved in up to ``workers`` forked processes (default: the cores, at most
    ``planner_parallel.MAX_WORKERS``) when that spares ``parallel_min_arcs`` arcs of serial work."""
    workers = planner_parallel.default_workers() if workers is None else workers
    canon = _Canonical(problem)
    n_components, arc_label = canon.components()
    arc_waiting = canon.is_waiting[canon.arc_p]
    tie = _tie_terms(canon.person_ids[canon.arc_p], canon.activity_ids[canon.arc_a])
    figures = []  # by phase: solver seconds, wall seconds, processes, workers' memory

    def solve_phase(arcs_mask, act_cap, person_weight) -> np.ndarray:
        phase = planner_parallel.Phase(canon, arc_label, n_components, arcs_mask, act_cap, person_weight, tie,
                                       _solve_component).run(workers, parallel_min_arcs, PlanningError)
        figures.append((phase.seconds, phase.wall, phase.workers, phase.extra_kb))
        return phase.flow

    contract_flow = _Consolidation(canon, solve_phase(~arc_waiting, canon.capacity, None), canon.capacity,
                                   transfers=True).run()
    left = canon.capacity - _sum_by(canon.arc_a, contract_flow, canon.n_activities)
    # Any strictly decreasing positive weights give list order (polymatroid greedy): small ones do.
    waiting = np.flatnonzero(canon.is_waiting)
    weight = np.zeros(canon.n_people, np.int64)
    list_order = waiting[np.lexsort((canon.person_ids[waiting], canon.waiting_rank[waiting]))]
    weight[list_order] = np.arange(waiting.size, 0, -1)
    # No transfers on the waiting list: they would break list order.
    waiting_flow = _Consolidation(canon, solve_phase(arc_waiting, left, weight), left, transfers=False).run()
    seconds, wall, used, extra_kb = zip(*figures, strict=True)
    return _assemble(canon, contract_flow, waiting_flow, n_components, sum(seconds),
                     solve_wall_seconds=sum(wall), workers=max(used), workers_extra_kb=max(extra_kb))
