"""Planner benchmark, end to end: from the stored rows of a programme to a stored plan.

Run by `make bench` (`.venv/bin/python benchmarks/planner.py`). Sizes: 300 people (a district),
6,000, 61,000 (every long-term unemployed person of Lille Metropole) and 600,000 (a national scale);
PLANNER_BENCH_MAX caps them (default: all four). For each size, one process fills a throwaway
SQLite database (or the empty database of BENCH_DATABASE_URL, flushed first), then a fresh process
times `run_plan` over the whole programme (read the rows, find the candidates, solve, store the
plan) and measures its peak memory, then runs the greedy baseline on the same instance. Writes
var/bench/planner.json: one object per size with people, activities, end_to_end_s, raw_solve_s
(the time spent inside OR-Tools' solve calls of that same run, summed over the worker processes:
what OR-Tools alone costs on one core), peak_mb (the timed process's peak plus its solver workers'
own memory at their peaks, summed: an upper bound of the true total, see
jobfactory/engines/planner_parallel.py), objective, placed, greedy_objective, greedy_placed.

The instance is the engine benchmark's (benchmarks/planner_engine.py): districts of heavy-tailed
sizes set apart by more than the travel reach, 10 activities per 100 people, about 15 activities
within each person's 5 km reach, chosen hours mostly 35 h; each district is a territory with its
own employer. Activities have one job (ROME code), one in five a second one. One post per person:
each person's hours are added to one job of one of their candidate activities, so a plan placing
everybody exists. Everybody is under contract and nobody has an assignment yet: a first plan.
"""

import json
import math
import os
import shutil
import subprocess
import sys
import time
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import numpy as np
from _django import ROOT, database_url, redacted, setup_django  # siblings: benchmarks run as scripts
from _results import peak_mb, print_header, print_row
from planner_engine import (
    ACTIVITIES_PER_PERSON,
    CANDIDATES,
    CHOSEN_SHARE,
    CHOSEN_UNITS,
    RADIUS_KM,
    ROME_CODES,
    TYPE_SHARE,
)
from scipy.spatial import cKDTree

SIZES = [300, 6_000, 61_000, 600_000]
BENCH_FILE = ROOT / "var" / "bench" / "planner.json"
TODAY = date(2026, 11, 20)
LATITUDE = 47.0  # the districts lie along this parallel
SECOND_JOB_SHARE = 0.2


def _km_to_degrees(xy):
    from jobfactory.engines.geo import KM_PER_DEGREE_LATITUDE, KM_PER_DEGREE_LONGITUDE_AT_EQUATOR

    lon = xy[:, 0] / (KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(math.radians(LATITUDE)))
    return LATITUDE + xy[:, 1] / KM_PER_DEGREE_LATITUDE, lon


def _layout(n_people, rng):
    """People and activity positions (km), and the district of each."""
    people, acts, people_d, acts_d, x = [], [], [], [], 0.0
    left, district = n_people, 0
    while left:
        size = min(left, int(150 + rng.pareto(1.2) * 1_500))
        left -= size
        n_act = max(1, round(size * ACTIVITIES_PER_PERSON))
        side = np.sqrt(np.pi * RADIUS_KM**2 * n_act / CANDIDATES)
        people.append(rng.uniform(0, side, (size, 2)) + (x, 0))
        acts.append(rng.uniform(0, side, (n_act, 2)) + (x, 0))
        people_d.append(np.full(size, district))
        acts_d.append(np.full(n_act, district))
        x += side + 3 * RADIUS_KM
        district += 1
    return np.vstack(people), np.vstack(acts), np.concatenate(people_d), np.concatenate(acts_d), district


def _rows(model, n, varying: dict):
    """Columns and rows for ``model``: ``varying`` gives a sequence per field name, the other fields
    take their default, prepared once for the database."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if f.name in varying or not f.primary_key]
    columns, sources = [], []
    for f in fields:
        columns.append(f.column)
        if f.name in varying:
            sources.append(varying[f.name])
        else:
            value = f.get_db_prep_save(f.get_default(), connection)
            sources.append([value] * n)
    return tuple(columns), zip(*sources, strict=True)


def generate(n_people: int, seed: int) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction

    from jobfactory.activities.models import Activity, SkillNeed
    from jobfactory.people.models import Person
    from jobfactory.staffing.bulk import insert_rows
    from jobfactory.staffing.models import Contract
    from jobfactory.staffing.planning_problem import NEAREST_ACTIVITIES
    from jobfactory.territories.models import Employer, Programme, Territory

    call_command("migrate", verbosity=0)
    if connection.vendor != "sqlite":
        call_command("flush", interactive=False, verbosity=0)
    rng = np.random.default_rng(seed)
    people_xy, acts_xy, people_d, acts_d, n_districts = _layout(n_people, rng)
    n_act = len(acts_xy)
    km, nearest = cKDTree(acts_xy).query(people_xy, k=min(NEAREST_ACTIVITIES, n_act),
                                         distance_upper_bound=RADIUS_KM)
    km, nearest = km.reshape(n_people, -1), nearest.reshape(n_people, -1)
    chosen = rng.choice(CHOSEN_UNITS, size=n_people, p=CHOSEN_SHARE)
    activity_type = rng.choice(len(ROME_CODES), size=n_act, p=TYPE_SHARE)
    other_type = (activity_type + 1 + rng.integers(0, len(ROME_CODES) - 1, n_act)) % len(ROME_CODES)
    second_type = np.where(rng.random(n_act) < SECOND_JOB_SHARE, other_type, -1)
    # One post per person: one of their candidates, one of its jobs.
    units = np.zeros((n_act, 2), np.int64)
    count = np.isfinite(km).sum(axis=1)  # candidates come first, nearest first
    has = np.flatnonzero(count)
    act = nearest[has, (rng.random(has.size) * count[has]).astype(np.int64)]
    job = ((second_type[act] >= 0) & (rng.random(has.size) < 0.3)).astype(np.int64)
    np.add.at(units, (act, job), chosen[has])
    skilled = rng.random(n_people) < 0.6
    skill = np.where(skilled, rng.choice(len(ROME_CODES), n_people, p=TYPE_SHARE), -1)
    wish = rng.choice(len(ROME_CODES), size=n_people, p=TYPE_SHARE)
    sqlite = connection.vendor == "sqlite"

    def uuids(n):
        return [uuid.uuid4().hex if sqlite else str(uuid.uuid4()) for _ in range(n)]

    with transaction.atomic():
        programme = Programme.objects.create(name="Programme de référence (benchmark)")
        territories = Territory.objects.bulk_create(
            Territory(programme=programme, name=f"Territoire {d + 1:04d}") for d in range(n_districts))
        employers = Employer.objects.bulk_create(
            Employer(programme=programme, name=f"EBE {d + 1:04d}") for d in range(n_districts))
        Employer.territories.through.objects.bulk_create(
            Employer.territories.through(employer_id=e.pk, territory_id=t.pk)
            for e, t in zip(employers, territories, strict=True))
        territory_pk = np.array([t.pk for t in territories])
        employer_pk = np.array([e.pk for e in employers])
        lat, lon = _km_to_degrees(people_xy)
        hours = [str(Decimal(int(u)) / 2) for u in chosen.tolist()]
        now = datetime(2026, 1, 5, 9, tzinfo=UTC).isoformat()
        ids = list(range(1, n_people + 1))
        insert_rows(Person, *_rows(Person, n_people, {
            "id": ids, "public_id": uuids(n_people), "territory": territory_pk[people_d].tolist(),
            "first_name": ["Prénom"] * n_people, "last_name": [f"Nom{i}" for i in ids],
            "sex": ["F"] * n_people,
            "birth_date": ["1980-01-01"] * n_people, "address": ["1 rue de la Paix"] * n_people,
            "postcode": ["59000"] * n_people, "commune": ["Lille"] * n_people,
            "arrived_in_territory_on": ["2015-01-01"] * n_people,
            "without_employment_since": ["2020-01-01"] * n_people, "chosen_hours": hours,
            "information_notice_on": ["2026-01-05"] * n_people, "registered_at": [now] * n_people,
            "status": ["employed"] * n_people,
            "home_latitude": np.round(lat, 3).tolist(), "home_longitude": np.round(lon, 3).tolist(),
            "travel_reach_km": [RADIUS_KM] * n_people,
            "skill_codes": [json.dumps([ROME_CODES[s]] if s >= 0 else []) for s in skill.tolist()],
            "wished_codes": [json.dumps([ROME_CODES[w]]) for w in wish.tolist()],
        }))
        insert_rows(Contract, *_rows(Contract, n_people, {
            "id": ids, "public_id": uuids(n_people), "person": ids,
            "employer": employer_pk[people_d].tolist(), "kind": ["cdi"] * n_people,
            "start_on": ["2025-01-06"] * n_people, "weekly_hours": hours, "created_at": [now] * n_people,
        }))
        a_lat, a_lon = _km_to_degrees(acts_xy)
        act_ids = list(range(1, n_act + 1))
        insert_rows(Activity, *_rows(Activity, n_act, {
            "id": act_ids, "public_id": uuids(n_act), "territory": territory_pk[acts_d].tolist(),
            "employer": employer_pk[acts_d].tolist(), "title": [f"Activité {i}" for i in act_ids],
            "description": ["benchmark"] * n_act, "naf_codes": [json.dumps(["95.29Z"])] * n_act,
            "customers": [json.dumps(["residents"])] * n_act, "status": ["running"] * n_act,
            "status_since": ["2025-01-01"] * n_act, "created_at": [now] * n_act,
            "site_latitude": np.round(a_lat, 5).tolist(), "site_longitude": np.round(a_lon, 5).tolist(),
        }))
        needs = [(a + 1, ROME_CODES[t], str(Decimal(int(units[a, j])) / 2))
                 for a in range(n_act) for j, t in enumerate((activity_type[a], second_type[a]))
                 if t >= 0 and units[a, j] > 0]
        insert_rows(SkillNeed, ("activity_id", "rome_code", "hours_per_week"), needs)
    return {"programme": programme.pk, "activities": n_act, "posts": len(needs), "districts": n_districts}


def run(programme_pk: int) -> dict:
    from jobfactory.engines.planner_report import greedy_plan
    from jobfactory.staffing.planning import run_plan
    from jobfactory.staffing.planning_problem import build_input
    from jobfactory.staffing.planning_scope import PlanScope
    from jobfactory.territories.models import Programme

    scope = PlanScope(Programme.objects.get(pk=programme_pk))
    started = time.perf_counter()
    plan = run_plan(scope, on=TODAY)
    end_to_end = time.perf_counter() - started
    s = plan.summary
    peak = peak_mb() + s["workers_mb"]
    problem = build_input(scope, TODAY).problem
    greedy = greedy_plan(problem)
    return {
        "people": s["people"], "activities": None, "posts": s["posts"], "arcs": s["candidate_pairs"],
        "components": s["components"], "end_to_end_s": round(end_to_end, 3), "read_s": s["read_s"],
        "solve_total_s": s["solve_total_s"], "write_s": s["write_s"], "raw_solve_s": s["solver_s"],
        "peak_mb": round(peak, 1), "objective": s["objective"], "placed": s["contract_fully_placed"],
        "split_people": s["split_people"], "greedy_objective": greedy.objective,
        "greedy_placed": int(np.count_nonzero(greedy.unplaced_units == 0)),
    }


COLUMNS = [("people", "people"), ("activities", "activities"), ("arcs", "arcs"), ("components", "comp."),
           ("read_s", "read s"), ("raw_solve_s", "OR-Tools s"), ("solve_total_s", "plan s"),
           ("write_s", "write s"), ("end_to_end_s", "end-to-end s"), ("peak_mb", "peak MB"),
           ("objective", "objective"), ("placed", "placed"), ("greedy_objective", "greedy obj."),
           ("greedy_placed", "greedy placed")]


def _child(*args) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        sys.exit(f"{' '.join(args[:2])} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    if len(sys.argv) == 4 and sys.argv[1] in {"--generate", "--run"}:
        os.environ["BENCH_DATABASE_URL"] = sys.argv[3]
        setup_django("planner")
        n = int(sys.argv[2])
        result = generate(n, seed=20_261_121 + n) if sys.argv[1] == "--generate" else run(n)
        print(json.dumps(result))
        return
    cap = int(os.environ.get("PLANNER_BENCH_MAX", str(SIZES[-1])))
    print_header(COLUMNS, 12)
    results = []
    for n in (n for n in SIZES if n <= cap):
        url, tmp = database_url(f"planner-{n}")
        started = time.perf_counter()
        made = _child("--generate", str(n), url)
        row = _child("--run", str(made["programme"]), url)
        row["activities"] = made["activities"]
        row["load_s"] = round(time.perf_counter() - started - row["end_to_end_s"], 1)
        results.append(row)
        print_row(row, COLUMNS, 12)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    bench_url = os.environ.get("BENCH_DATABASE_URL")
    print(f"database: {redacted(bench_url) if bench_url else 'SQLite (throwaway file)'}")
    for row in results:
        ratio = row["end_to_end_s"] / row["raw_solve_s"] if row["raw_solve_s"] else float("nan")
        print(f"{row['people']:,} people: end to end {row['end_to_end_s']} s = {ratio:.2f} × the raw solve "
              f"({row['raw_solve_s']} s); greedy leaves {row['people'] - row['greedy_placed']:,} people "
              f"not fully placed, the exact plan {row['people'] - row['placed']:,}.")
    BENCH_FILE.parent.mkdir(parents=True, exist_ok=True)
    BENCH_FILE.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {BENCH_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
