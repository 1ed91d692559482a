"""The demo's planner journey (issue 4): planner inputs for the generated people and the activities,
the assignments in force from a plan applied earlier, and today's proposal left for the manager.

Plans are computed and applied through the same services as the pages (``run_plan``,
``apply_plan``), so the demo obeys the product's rules.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from jobfactory.demo import activities_calibration as activities_cal
from jobfactory.demo import planning_calibration as cal
from jobfactory.engines.contracts import month_start
from jobfactory.engines.eligibility import add_months
from jobfactory.engines.geo import KM_PER_DEGREE_LATITUDE, KM_PER_DEGREE_LONGITUDE_AT_EQUATOR
from jobfactory.engines.planner_report import format_hours
from jobfactory.engines.week import HALF_DAY_HOURS
from jobfactory.people.enums import DEFAULT_REACH_KM, TravelMode
from jobfactory.people.models import Person
from jobfactory.staffing.enums import ShortfallReason
from jobfactory.staffing.models import Amendment, Assignment, Contract, StaffingPlan
from jobfactory.staffing.plan_changes import UNCHANGED, apply_plan, plan_changes
from jobfactory.staffing.planning import run_plan
from jobfactory.staffing.planning_scope import PlanScope

PERSON_FIELDS = ["home_latitude", "home_longitude", "travel_mode", "travel_reach_km", "available_half_days",
                 "skill_codes", "wished_codes", "skills", "wishes"]


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def offset_position(centre: tuple[float, float], east_km: float, north_km: float) -> tuple[float, float]:
    """The point ``east_km`` east and ``north_km`` north of ``centre`` (latitude, longitude)."""
    latitude = centre[0] + north_km / KM_PER_DEGREE_LATITUDE
    km_per_degree = KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(math.radians(centre[0]))
    return latitude, centre[1] + east_km / km_per_degree


def site_of(territory_name: str, title: str) -> dict:
    """An activity's site position and opening half-days, as Activity fields ({} if unknown)."""
    if title not in cal.ACTIVITY_SITES or territory_name not in cal.CENTRES:
        return {}
    east, north, half_days = cal.ACTIVITY_SITES[title]
    latitude, longitude = offset_position(cal.CENTRES[territory_name], east, north)
    return {"site_latitude": Decimal(f"{latitude:.5f}"), "site_longitude": Decimal(f"{longitude:.5f}"),
            "working_half_days": half_days}


def _job_weights(catalogue) -> dict[str, float]:
    """The jobs of a territory's activities, weighted as their hours."""
    weights: dict[str, float] = {}
    for spec in catalogue:
        for code, weight in spec[3].items():
            weights[code] = weights.get(code, 0) + weight
    return weights


CATALOGUES = {cal.LOOS: activities_cal.LOOS, cal.TOURCOING: activities_cal.TOURCOING}


class PlannerInputs:
    """Draws each generated person's planner inputs, from its own random stream so that the rest of
    the demo (names, dates, hires) stays as it was."""

    def __init__(self, seed: int):
        self.rng = random.Random(f"{seed}-planner-inputs")

    def give(self, territories) -> int:
        people = list(Person.objects.filter(territory__in=territories).select_related("territory")
                      .order_by("pk"))
        hours = self._hours_to_cover(people)
        for person in people:
            self._draw(person, hours.get(person.pk, person.chosen_hours))
        Person.objects.bulk_update(people, PERSON_FIELDS, batch_size=200)
        return len(people)

    @staticmethod
    def _hours_to_cover(people) -> dict[int, Decimal]:
        """The most hours a person has chosen, at registration or in any contract or amendment since:
        they are available at least that long."""
        hours = {p.pk: p.chosen_hours for p in people}
        rows = [*Contract.objects.filter(person__in=people).values_list("person_id", "weekly_hours"),
                *Amendment.objects.filter(contract__person__in=people).values_list(
                    "contract__person_id", "weekly_hours")]
        for person_id, weekly_hours in rows:
            hours[person_id] = max(hours[person_id], weekly_hours)
        return hours

    def _draw(self, person: Person, hours: Decimal) -> None:
        rng, name = self.rng, person.territory.name
        further = self._position(person, cal.CENTRES.get(name))
        modes = dict(cal.FURTHER_TRAVEL_MODES if further else cal.TRAVEL_MODE_WEIGHTS)
        if "permis" in person.mobility_constraints:  # the free text the file already holds
            modes.pop(TravelMode.CAR, None)
        elif "transports en commun" in person.mobility_constraints:
            modes = {TravelMode.PUBLIC_TRANSPORT: 1}
        person.travel_mode = _weighted(rng, modes)
        person.travel_reach_km = None
        if rng.random() < cal.SHARE_EXPLICIT_REACH:
            default = Decimal(DEFAULT_REACH_KM[person.travel_mode])
            factor = Decimal(str(rng.choice(cal.EXPLICIT_REACH_FACTORS)))
            person.travel_reach_km = max(Decimal("0.5"), (default * factor).quantize(Decimal("0.1")))
        room = {label: weight for label, (mask, weight) in cal.HALF_DAY_PATTERNS.items()
                if bin(mask).count("1") * HALF_DAY_HOURS >= hours}
        person.available_half_days = cal.HALF_DAY_PATTERNS[_weighted(rng, room)][0]
        self._jobs(person, name)

    def _position(self, person: Person, centre) -> bool:
        """Draw the home position; True when the person lives outside the district."""
        rng = self.rng
        if centre is None or rng.random() < cal.SHARE_NO_POSITION:
            person.home_latitude = person.home_longitude = None
            return False
        further = rng.random() < cal.SHARE_LIVING_FURTHER
        if further:
            distance, angle = rng.uniform(*cal.FURTHER_KM), rng.uniform(0, 2 * math.pi)
            east, north = distance * math.cos(angle), distance * math.sin(angle)
        else:
            east, north = rng.gauss(0, cal.HOME_SPREAD_KM), rng.gauss(0, cal.HOME_SPREAD_KM)
        latitude, longitude = offset_position(centre, east, north)
        # Rounded to 0.001 degree (about 100 m), as the product stores it.
        person.home_latitude, person.home_longitude = Decimal(f"{latitude:.3f}"), Decimal(f"{longitude:.3f}")
        return further

    def _jobs(self, person: Person, name: str) -> None:
        rng = self.rng
        jobs = _job_weights(CATALOGUES.get(name, []))
        new_wishes = cal.NEW_ACTIVITY_WISHES.get(name, {})
        draw = rng.random()
        new_wish = None
        for code, share in new_wishes.items():
            if draw < share:
                new_wish = code
                break
            draw -= share

        def activity_job(exclude=()):
            room = {c: w for c, w in jobs.items() if c not in exclude}
            return _weighted(rng, room) if room else rng.choice(cal.OTHER_SKILLS)

        if new_wish and rng.random() < cal.SHARE_NEW_WISH_SKILLED:
            main = new_wish
        elif rng.random() < cal.SHARE_MAIN_SKILL_FROM_ACTIVITIES and jobs:
            main = activity_job()
        else:
            main = rng.choice(cal.OTHER_SKILLS)
        skills = [main]
        for _ in range(_weighted(rng, cal.EXTRA_SKILLS_WEIGHTS)):
            extra = (activity_job(skills) if rng.random() < cal.SHARE_EXTRA_FROM_ACTIVITIES
                     else rng.choice(cal.OTHER_SKILLS))
            if extra not in skills:
                skills.append(extra)
        if new_wish:
            wishes = [new_wish]
        else:
            kind = _weighted(rng, cal.FIRST_WISH_WEIGHTS)
            wishes = {"main": [main], "activity": [activity_job([main])], "none": []}[kind]
        if wishes and rng.random() < cal.SHARE_SECOND_WISH:
            second = activity_job(wishes)
            if second not in wishes:
                wishes.append(second)
        person.skill_codes, person.wished_codes = skills, wishes
        person.skills = ", ".join(cal.JOB_WORDS.get(c, c) for c in skills)
        person.wishes = ", ".join(dict.fromkeys(cal.WISH_WORDS.get(c) or cal.JOB_WORDS.get(c, c)
                                                for c in wishes))


def last_plan_date(employer, today: date) -> date:
    """The first of a month, at least a month back, with a few of today's employees hired since."""
    day = month_start(add_months(today, -1))
    for _ in range(cal.LAST_PLAN_LOOKBACK_MONTHS):
        hired_since = Contract.objects.active_on(today).filter(employer=employer, start_on__gt=day).count()
        if hired_since >= cal.HIRES_SINCE_LAST_PLAN or day <= cal.EARLIEST_LAST_PLAN:
            break
        day = month_start(add_months(day, -1))
    return max(day, cal.EARLIEST_LAST_PLAN)


class DemoPlans:
    """The assignments in force from a plan applied earlier; today's proposal left for the manager."""

    def __init__(self, *, employer, manager, today: date, log: Callable[[str], None] = print):
        self.employer, self.manager, self.today, self.log = employer, manager, today, log

    def build(self) -> StaffingPlan:
        scope = PlanScope(programme=self.employer.programme, employer=self.employer)
        applied_on = last_plan_date(self.employer, self.today)
        earlier = run_plan(scope, user=self.manager, on=applied_on)
        assigned = apply_plan(earlier, user=self.manager, on=applied_on)
        # Computed and applied that morning, as the plans' list shows it.
        moment = timezone.make_aware(datetime.combine(applied_on, time(9, 0)))
        StaffingPlan.objects.filter(pk=earlier.pk).update(created_at=moment, applied_at=moment)
        self._close_ended_contracts(applied_on)
        self.log(f"Plan d'affectation appliqué au {applied_on:%d/%m/%Y} : {assigned} salarié·e·s "
                 "affecté·e·s aux activités.")
        proposal = run_plan(scope, user=self.manager, on=self.today)
        self._report(proposal)
        return proposal

    def _close_ended_contracts(self, since: date) -> None:
        """People who left since the plan was applied: their assignments ended with their contract."""
        open_rows = Assignment.objects.filter(end_on__isnull=True, contract__end_on__isnull=False,
                                              contract__employer=self.employer).select_related("contract")
        ended = [row for row in open_rows if row.contract.end_on >= since]
        for row in ended:
            row.end_on = row.contract.end_on
        Assignment.objects.bulk_update(ended, ["end_on"])

    def _report(self, plan: StaffingPlan) -> None:
        s = plan.summary
        left = s["contract_people"] - s["contract_fully_placed"]
        unplaced = format_hours(s["contract_chosen_units"] - s["contract_placed_units"])
        no_position = plan.shortfalls.filter(contract__isnull=False,
                                             reason=ShortfallReason.NO_POSITION).count()
        changes = sum(1 for c in plan_changes(plan, self.today) if c.kind != UNCHANGED)
        posts = list(plan.posts.all())
        short = sum(1 for p in posts if p.filled_units < p.need_units)
        missing = sum(1 for p in posts if p.filled_units + p.sizing_units < p.need_units)
        territories = len(set(plan.posts.values_list("activity__territory", flat=True)))
        self.log(
            f"Plan d'affectation proposé aujourd'hui ({territories} territoires) : "
            f"{s['contract_fully_placed']} salarié·e·s sur {s['contract_people']} placé·e·s pour toutes "
            f"leurs heures, {left} restant·e·s (dont {no_position} sans position du domicile), {unplaced} "
            f"non placées ; {short} métier(s) d'activité incomplet(s), dont {missing} encore après les "
            f"embauches prévues ; {changes} changement(s) d'affectation à appliquer.")
        groups = [g for g in plan.leftover_groups if not g.get("others")]
        if groups:
            first = groups[0]
            codes = ", ".join(entry["code"] for entry in first["naf"]) or "–"
            self.log(f"  {len(groups)} groupe(s) de personnes restantes ; le premier : {first['job_label']} "
                     f"({first['people']} personne(s), {format_hours(first['unplaced_units'])}, "
                     f"NAF {codes}).")
