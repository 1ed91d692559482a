"""From the stored rows of a scope to the planner's arrays: people, jobs, candidate pairs.

Rows are read with the ORM's scoped querysets but fetched through the raw cursor: at national scale
(600,000 people) building one Python object per row would cost more than the solve itself.

A candidate pair (person, job of an activity) needs: the activity's site within the person's reach
(straight line), the activity run by the person's employer (under contract) or by an employer
serving their territory (waiting list), and the person available on enough of the activity's
half-days to work all their chosen hours there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

import numpy as np
from django.db import connection
from scipy.spatial import cKDTree

from jobfactory.engines.geo import to_km
from jobfactory.engines.planner import UNITS_PER_HOUR, PlanningProblem
from jobfactory.engines.planner_report import fit_cost
from jobfactory.engines.week import shared_hours
from jobfactory.people.enums import DEFAULT_REACH_KM
from jobfactory.staffing.models import Amendment
from jobfactory.staffing.planning_scope import PlanScope
from jobfactory.territories.models import Employer

# The nearest activities looked at for each person; the reach then filters them. About 15 activities
# lie within reach in a dense district: 30 leaves room without letting arcs grow without bound.
NEAREST_ACTIVITIES = 30


def fetch(queryset, *fields) -> list[tuple]:
    """The rows of ``queryset.values_list(*fields)`` without building model objects or converting
    values (dates and decimals come back as the driver gives them; callers only read numbers, text
    and JSON text)."""
    sql, params = queryset.values_list(*fields).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _column(rows, i, dtype, default=None):
    values = (row[i] if row[i] is not None else default for row in rows)
    return np.fromiter(values, dtype=dtype, count=len(rows))


def _codes(value) -> tuple[str, ...]:
    if value is None:
        return ()
    return _decoded(value) if isinstance(value, str) else tuple(value)


@cache
def _decoded(text: str) -> tuple[str, ...]:
    # Few distinct lists of codes among many people: decode each once (5 s saved at 600,000 people).
    return tuple(json.loads(text))


def units_of(hours) -> int:
    """Weekly hours as half-hour units, rounded down (17.5 h -> 35)."""
    return int(Decimal(str(hours)) * UNITS_PER_HOUR)


@dataclass
class PlanningInput:
    """The problem and, row for row, what the pages and the store need to go with it."""

    problem: PlanningProblem
    person_pk: np.ndarray
    contract_pk: np.ndarray  # -1 on the waiting list
    has_position: np.ndarray
    main_skill: list[str]
    main_wish: list[str]
    post_activity: np.ndarray  # activity pk of each job
    post_rome: list[str]
    arc_km: np.ndarray
    arc_skill_match: np.ndarray
    arc_wish_match: np.ndarray


PERSON_FIELDS = ("home_latitude", "home_longitude", "travel_mode", "travel_reach_km",
                 "available_half_days", "skill_codes", "wished_codes", "territory_id")


def _contract_hours(scope: PlanScope, contracts: list[tuple], on: date) -> dict[int, Decimal]:
    """Each contract's weekly hours on ``on``: the last amendment in force, else the hiring hours."""
    hours = {row[0]: row[1] for row in contracts}
    # A subquery, not a list of ids: SQLite refuses more than 32,766 parameters.
    amendments = (Amendment.objects.filter(contract__in=scope.contracts(on), effective_on__lte=on)
                  .order_by("contract_id", "effective_on", "recorded_at")
                  .values_list("contract_id", "weekly_hours"))
    for contract_id, weekly_hours in amendments.iterator(chunk_size=10_000):
        hours[contract_id] = weekly_hours
    return hours


def _people(scope: PlanScope, on: date):
    contract_rows = fetch(scope.contracts(on).order_by("person_id", "-start_on", "pk"),
                          "pk", "weekly_hours", "person_id", "employer_id",
                          *(f"person__{f}" for f in PERSON_FIELDS))
    hours = _contract_hours(scope, [(r[0], r[1]) for r in contract_rows], on)
    seen, people = set(), []
    for row in contract_rows:  # one contract per person: the latest if records overlap
        if row[2] not in seen:
            seen.add(row[2])
            people.append((row[2], row[0], row[3], units_of(hours[row[0]]), -1, *row[4:]))
    waiting = fetch(scope.waiting_people().order_by("territory_id", "eligible_since", "registered_at", "pk"),
                    "pk", "chosen_hours", *PERSON_FIELDS)
    rank, territory = 0, None
    for row in waiting:
        rank = rank + 1 if row[-1] == territory else 0  # the place on the territory's own list
        territory = row[-1]
        people.append((row[0], -1, -1, units_of(row[1]), rank, *row[2:]))
    return people


def _posts(scope: PlanScope):
    return fetch(scope.skill_needs().order_by("activity_id", "rome_code"),
                 "activity_id", "rome_code", "hours_per_week", "activity__site_latitude",
                 "activity__site_longitude", "activity__working_half_days", "activity__employer_id",
                 "activity__territory_id")


def build_input(scope: PlanScope, on: date) -> PlanningInput:
    people, posts = _people(scope, on), _posts(scope)
    n_people, n_posts = len(people), len(posts)
    person_pk = _column(people, 0, np.int64)
    contract_pk = _column(people, 1, np.int64)
    employer = _column(people, 2, np.int64)
    chosen = _column(people, 3, np.int64)
    rank = _column(people, 4, np.int64)
    lat, lon = _column(people, 5, float, np.nan), _column(people, 6, float, np.nan)
    default_reach = {str(mode): float(km) for mode, km in DEFAULT_REACH_KM.items()}
    reach = np.fromiter((float(r[8]) if r[8] is not None else default_reach[r[7]] for r in people),
                        float, count=n_people)
    half_days = _column(people, 9, np.int64)
    skills = [_codes(r[10]) for r in people]
    wishes = [_codes(r[11]) for r in people]
    territory = _column(people, 12, np.int64)

    post_activity = _column(posts, 0, np.int64)
    post_rome = [r[1] for r in posts]
    post_units = np.fromiter((units_of(r[2]) for r in posts), np.int64, count=n_posts)
    post_lat, post_lon = _column(posts, 3, float, np.nan), _column(posts, 4, float, np.nan)
    post_half_days = _column(posts, 5, np.int64)
    post_employer = _column(posts, 6, np.int64)

    arc_person, arc_post, arc_km = _candidates(lat, lon, reach, post_activity, post_lat, post_lon)
    # The employer: the contract's, or one serving the person's territory for the waiting list.
    served = set(Employer.territories.through.objects.filter(
        employer_id__in=set(post_employer.tolist())).values_list("territory_id", "employer_id"))
    contract_ok = employer[arc_person] == post_employer[arc_post]
    pair_keys = territory[arc_person] * (1 << 32) + post_employer[arc_post]
    served_keys = np.array([t * (1 << 32) + e for t, e in served], np.int64)
    waiting_ok = (contract_pk[arc_person] < 0) & np.isin(pair_keys, served_keys)
    keep = (contract_ok | waiting_ok)
    # Available on enough of the activity's half-days to work all their hours there.
    shared = shared_hours(half_days[arc_person], post_half_days[arc_post])
    keep &= shared * UNITS_PER_HOUR >= chosen[arc_person]
    arc_person, arc_post, arc_km = arc_person[keep], arc_post[keep], arc_km[keep]

    code_index = {code: i for i, code in enumerate(sorted({*post_rome, *(c for s in skills for c in s),
                                                            *(c for w in wishes for c in w)}))}
    n_codes = max(len(code_index), 1)
    post_code = np.fromiter((code_index[c] for c in post_rome), np.int64, count=n_posts)

    def matches(lists):
        keys = np.fromiter((p * n_codes + code_index[c] for p, codes in enumerate(lists) for c in codes),
                           np.int64)
        return np.isin(arc_person * n_codes + post_code[arc_post], keys)

    skill_match, wish_match = matches(skills), matches(wishes)
    current = _current(scope, on, person_pk, contract_pk, post_activity, post_rome)
    problem = PlanningProblem(
        person_ids=person_pk, chosen_units=chosen, waiting_rank=rank,
        activity_ids=np.arange(n_posts), capacity_units=post_units,
        arc_person=arc_person, arc_activity=arc_post,
        arc_fit_cost=fit_cost(skill_match, wish_match, arc_km),
        current_person=current[0], current_activity=current[1], current_units=current[2])
    return PlanningInput(
        problem=problem, person_pk=person_pk, contract_pk=contract_pk, has_position=np.isfinite(lat),
        main_skill=[s[0] if s else "" for s in skills], main_wish=[w[0] if w else "" for w in wishes],
        post_activity=post_activity, post_rome=post_rome, arc_km=arc_km,
        arc_skill_match=skill_match, arc_wish_match=wish_match)


def _candidates(lat, lon, reach, post_activity, post_lat, post_lon):
    """(person row, job row, km) of every job whose activity lies within the person's reach."""
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, float))
    located = np.isfinite(lat)
    sites, site_of_post = np.unique(post_activity, return_index=True)
    site_ok = np.isfinite(post_lat[site_of_post])
    if not located.any() or not site_ok.any():
        return empty
    site_rows = site_of_post[site_ok]  # first job row of each located activity
    reference = float(np.mean(np.concatenate([lat[located], post_lat[site_rows]])))
    tree = cKDTree(to_km(post_lat[site_rows], post_lon[site_rows], reference))
    people = np.flatnonzero(located)
    k = min(NEAREST_ACTIVITIES, site_rows.size)
    km, nearest = tree.query(to_km(lat[people], lon[people], reference), k=k,
                             distance_upper_bound=float(reach[people].max()))
    km, nearest = km.reshape(people.size, k), nearest.reshape(people.size, k)
    within = np.isfinite(km) & (km <= reach[people][:, None])
    person = np.repeat(people, within.sum(axis=1))
    site, site_km = nearest[within], km[within]
    # Every job of each activity within reach: job rows are sorted by activity.
    first = site_rows[site]
    count = np.bincount(np.searchsorted(post_activity, post_activity), minlength=post_activity.size)[first]
    post = np.repeat(first, count) + (np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count))
    return np.repeat(person, count), post, np.repeat(site_km, count)


def _current(scope: PlanScope, on: date, person_pk, contract_pk, post_activity, post_rome):
    """(person row, job row, units) of today's assignments on the jobs of the problem."""
    person_row = {int(c): i for i, c in enumerate(contract_pk.tolist()) if c >= 0}
    pairs = zip(post_activity.tolist(), post_rome, strict=True)
    post_row = {(int(a), r): i for i, (a, r) in enumerate(pairs)}
    totals: dict[tuple[int, int], int] = {}
    for contract_id, activity_id, rome_code, units in fetch(
            scope.current_assignments(on), "contract_id", "activity_id", "rome_code", "units"):
        row, post = person_row.get(contract_id), post_row.get((activity_id, rome_code))
        if row is not None and post is not None:
            totals[(row, post)] = totals.get((row, post), 0) + units
    pairs = np.array(list(totals), np.int64).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1], np.array(list(totals.values()), np.int64)
