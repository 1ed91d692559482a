"""Planner engine benchmark: the exact plan against a greedy pass on Lille-like generated instances.

Run by `make bench` (`.venv/bin/python benchmarks/planner_engine.py [--workers N]`; one size:
`--one 600000 [--workers N]`). Sizes: 300 people (a district), 6,000, 61,000 (every long-term
unemployed person of Lille Metropole) and 600,000 (a national scale), the last only when
PLANNER_BENCH_MAX allows it (default 61000). Each size runs in its own process so that its peak
memory is its own. Writes var/bench/planner_engine.json. This is the engine alone, from arrays to
arrays; the end-to-end benchmark (stored rows to stored plan) is var/bench/planner.json, with the
Django layer.

Workers (planner_parallel): by default the planner's own choice (the cores, at most 2; serial when
too small), `--workers 1` for serial. Times: `solve_s` is the time inside OR-Tools' solve() summed
over components and processes (what OR-Tools alone costs on one core), `solve_wall_s` the solve
phases end to end (splitting, building, solving, forking and collecting), `other_s` the rest of the
plan (canonical order, post-pass, assembly). Memory: `peak_mb` is this process's peak plus
`workers_mb`, the workers' own memory at their peaks summed (peak resident growth since fork plus the
inherited pages they copied): an upper bound of the true total peak, as if every worker peaked at
once with this process. `children_maxrss_mb` (the largest worker's peak resident size) is shown for
reference only: it counts the pages a worker shares with this process, and adding it would count
them twice.

Instances: people and activities (10 per 100 people) in districts of heavy-tailed sizes, set apart
by more than the travel radius, so that a large instance falls into connected components; inside a
district the area is such that about 15 activities lie within the 5 km travel radius (at most 20
candidates, the nearest). Chosen hours: mostly 35 h, some 24 to 30 h. One post per person: each
person's hours are added to the need of one of their candidate activities, so a plan placing
everybody exists and what a method leaves unplaced is its own loss. Everybody is under contract
and nobody has a current assignment: a fresh plan.
"""

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from _results import peak_mb, print_header, print_row  # siblings: benchmarks run as scripts
from scipy.spatial import cKDTree

from jobfactory.engines.planner import PlanningProblem, plan_staffing
from jobfactory.engines.planner_report import fit_cost, greedy_plan

ROOT = Path(__file__).resolve().parent.parent
SIZES = [300, 6_000, 61_000, 600_000]
BENCH_FILE = ROOT / "var" / "bench" / "planner_engine.json"
RADIUS_KM = 5.0
CANDIDATES = 15
MAX_CANDIDATES = 20
ACTIVITIES_PER_PERSON = 0.1
# Chosen hours in half-hour units: mostly full time (35 h), some chosen part time (24 to 30 h).
CHOSEN_UNITS, CHOSEN_SHARE = [70, 60, 56, 52, 48], [0.75, 0.08, 0.07, 0.05, 0.05]
# Activity types with the ROME code of their main job, drawn by popularity.
ROME_CODES = ["A1414", "A1203", "I1607", "G1602", "K2204", "B1803", "I1604", "D1106", "N4105"]
TYPE_SHARE = np.array([14, 14, 10, 14, 14, 8, 6, 10, 10]) / 100


def generate(n_people: int, seed: int) -> PlanningProblem:
    rng = np.random.default_rng(seed)
    sizes, left = [], n_people
    while left:
        sizes.append(min(left, int(150 + rng.pareto(1.2) * 1_500)))
        left -= sizes[-1]
    people_xy, activity_xy, x = [], [], 0.0
    for size in sizes:
        n_act = max(1, round(size * ACTIVITIES_PER_PERSON))
        side = np.sqrt(np.pi * RADIUS_KM**2 * n_act / CANDIDATES)
        people_xy.append(rng.uniform(0, side, (size, 2)) + (x, 0))
        activity_xy.append(rng.uniform(0, side, (n_act, 2)) + (x, 0))
        x += side + 3 * RADIUS_KM
    people_xy, activity_xy = np.vstack(people_xy), np.vstack(activity_xy)
    n_act = len(activity_xy)
    km, nearest = cKDTree(activity_xy).query(people_xy, k=min(MAX_CANDIDATES, n_act),
                                             distance_upper_bound=RADIUS_KM)
    km, nearest = km.reshape(n_people, -1), nearest.reshape(n_people, -1)
    reach = np.isfinite(km)
    arc_person = np.nonzero(reach)[0]
    arc_activity, arc_km = nearest[reach], km[reach]
    del km, nearest, reach
    chosen = rng.choice(CHOSEN_UNITS, size=n_people, p=CHOSEN_SHARE)
    # One post per person, on one of their candidates drawn at random.
    count = np.bincount(arc_person, minlength=n_people)
    first = np.searchsorted(arc_person, np.arange(n_people))
    has = np.flatnonzero(count)
    post = arc_activity[first[has] + (rng.random(has.size) * count[has]).astype(np.int64)]
    capacity = np.bincount(post, weights=chosen[has], minlength=n_act).astype(np.int64)
    activity_type = rng.choice(len(ROME_CODES), size=n_act, p=TYPE_SHARE)
    # 60 % have a main skill among the activity types' jobs.
    skilled = rng.random(n_people) < 0.6
    person_skill = np.where(skilled, rng.choice(len(ROME_CODES), n_people, p=TYPE_SHARE), -1)
    person_wish = rng.choice(len(ROME_CODES), size=n_people, p=TYPE_SHARE)
    skill_match = person_skill[arc_person] == activity_type[arc_activity]
    wish_match = person_wish[arc_person] == activity_type[arc_activity]
    return PlanningProblem(
        person_ids=np.arange(1, n_people + 1), chosen_units=chosen, waiting_rank=np.full(n_people, -1),
        activity_ids=np.arange(1, n_act + 1), capacity_units=capacity, arc_person=arc_person,
        arc_activity=arc_activity, arc_fit_cost=fit_cost(skill_match, wish_match, arc_km))


def run_one(n_people: int, workers: int | None) -> dict:
    started = time.perf_counter()
    problem = generate(n_people, seed=20_260_604 + n_people)
    generated = time.perf_counter()
    plan = plan_staffing(problem, workers=workers)
    planned = time.perf_counter()
    plan_peak = peak_mb()  # before the greedy pass, whose Python lists would count here
    workers_mb = plan.workers_extra_kb / 1024
    greedy = greedy_plan(problem)
    done = time.perf_counter()
    return {
        "people": n_people,
        "activities": int(problem.activity_ids.size),
        "arcs": int(problem.arc_person.size),
        "components": plan.components,
        "generate_s": round(generated - started, 3),
        "workers": plan.workers,
        "plan_s": round(planned - generated, 3),
        "solve_s": round(plan.solver_seconds, 3),
        "solve_wall_s": round(plan.solve_wall_seconds, 3),
        "other_s": round(planned - generated - plan.solve_wall_seconds, 3),
        "peak_mb": round(plan_peak + workers_mb, 1),
        "parent_peak_mb": round(plan_peak, 1),
        "workers_mb": round(workers_mb, 1),
        "children_maxrss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "objective": plan.objective,
        "placed": int(np.count_nonzero(plan.unplaced_units == 0)),
        "placed_units": int(plan.placed_units.sum()),
        "split_people": plan.split_people,
        "greedy_s": round(done - planned, 3),
        "greedy_objective": greedy.objective,
        "greedy_placed": int(np.count_nonzero(greedy.unplaced_units == 0)),
        "greedy_placed_units": int(greedy.placed_units.sum()),
        "greedy_split_people": greedy.split_people,
        "greedy_peak_mb": round(peak_mb(), 1),
    }


COLUMNS = [("people", "people"), ("activities", "activities"), ("arcs", "arcs"), ("components", "comp."),
           ("workers", "workers"), ("other_s", "other s"), ("solve_s", "solve sum s"),
           ("solve_wall_s", "solve wall s"), ("plan_s", "plan s"), ("parent_peak_mb", "parent MB"),
           ("workers_mb", "workers MB"), ("peak_mb", "peak MB"),
           ("objective", "objective"), ("placed", "placed"), ("split_people", "split"),
           ("greedy_objective", "greedy obj."), ("greedy_placed", "greedy placed")]


def main():
    args = sys.argv[1:]
    workers = None
    if len(args) >= 2 and args[-2] == "--workers":
        workers, args = int(args[-1]), args[:-2]
    if len(args) == 2 and args[0] == "--one":
        print(json.dumps(run_one(int(args[1]), workers)))
        return
    passed = [] if workers is None else ["--workers", str(workers)]
    cap = int(os.environ.get("PLANNER_BENCH_MAX", "61000"))
    sizes = [n for n in SIZES if n <= cap]
    print_header(COLUMNS, 13)
    results = []
    for n in sizes:
        out = subprocess.run(  # noqa: S603 - this very script, fixed arguments
            [sys.executable, __file__, "--one", str(n), *passed],
            check=True, capture_output=True, text=True).stdout
        row = json.loads(out.strip().splitlines()[-1])
        results.append(row)
        print_row(row, COLUMNS, 13)
    for row in results:
        share = 1 - row["greedy_placed"] / row["people"]
        print(f"{row['people']:,} people: greedy leaves {row['people'] - row['greedy_placed']:,} people not "
              f"fully placed ({share:.1%}), the exact plan {row['people'] - row['placed']:,}.")
    BENCH_FILE.parent.mkdir(parents=True, exist_ok=True)
    BENCH_FILE.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {BENCH_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
