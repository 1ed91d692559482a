"""The planner over stored rows: who is planned where, what applying changes, and who may do it."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.http import Http404

from jobfactory.audit.models import AccessLog
from jobfactory.people.enums import PersonStatus
from jobfactory.staffing.enums import PlanStatus, ShortfallReason
from jobfactory.staffing.models import Assignment, StaffingPlan
from jobfactory.staffing.plan_changes import (
    MOVED,
    NEW,
    UNCHANGED,
    apply_plan,
    edit_person_lines,
    plan_changes,
)
from jobfactory.staffing.planning import run_plan
from jobfactory.staffing.planning_scope import PlanScope, scope_for
from jobfactory.territories.enums import Role
from jobfactory.territories.models import Employer
from tests.conftest import make_person, make_user
from tests.staffing.conftest import LOOS, TODAY, make_employee, make_running


def lines_of(plan, contract):
    return {(line.activity_id, line.rome_code): line.units for line in plan.lines.filter(contract=contract)}


def test_the_plan_gives_everyone_their_hours_on_the_job_that_fits(scene, employer, programme, manager):
    plan = run_plan(PlanScope(programme, employer), user=manager, on=TODAY)
    assert lines_of(plan, scene["mechanic"]) == {(scene["bikes"].pk, "I1117"): 70}
    assert lines_of(plan, scene["gardener"]) == {(scene["garden"].pk, "A1414"): 70}
    assert lines_of(plan, scene["part_time"]) == {(scene["garden"].pk, "A1203"): 35}
    assert plan.summary["contract_fully_placed"] == 3
    assert not plan.shortfalls.exists()
    posts = {(p.activity_id, p.rome_code): (p.need_units, p.filled_units) for p in plan.posts.all()}
    assert posts[(scene["garden"].pk, "A1203")] == (35, 35)
    line = plan.lines.get(contract=scene["gardener"])
    assert line.skill_match and line.wish_match and 0.3 < line.km < 0.7


def test_people_out_of_reach_or_without_position_are_reported_with_a_reason(territory, employer, programme):
    make_running(territory, employer, "Atelier vélo", {"I1117": "35"}, km_east=0)
    far, far_contract = make_employee(territory, employer, km_east=40)  # 40 km away, by public transport
    unknown, unknown_contract = make_employee(territory, employer, km_east=None)
    plan = run_plan(PlanScope(programme, employer), on=TODAY)
    reasons = dict(plan.shortfalls.values_list("contract_id", "reason"))
    assert reasons == {far_contract.pk: ShortfallReason.NO_CANDIDATE,
                       unknown_contract.pk: ShortfallReason.NO_POSITION}
    # The activity's need is left unfilled: a shortage the page reports.
    assert plan.posts.get().filled_units == 0


def test_half_days_keep_people_off_activities_closed_when_they_can_work(territory, employer, programme):
    # Open Monday to Wednesday only (6 half-days = 21 h): a 35-hour person cannot work all their hours there.
    make_running(territory, employer, "Marché", {"D1106": "35"}, half_days=0b111111)
    _, contract = make_employee(territory, employer, km_east=0)
    _, part_contract = make_employee(territory, employer, hours="20", km_east=0)
    plan = run_plan(PlanScope(programme, employer), on=TODAY)
    assert not plan.lines.filter(contract=contract).exists()
    assert plan.lines.get(contract=part_contract).units == 40


def test_waiting_list_sizes_hiring_in_order_and_is_never_applied(territory, employer, programme, manager):
    make_running(territory, employer, "Atelier vélo", {"I1117": "52.5"}, km_east=0)
    _, contract = make_employee(territory, employer, km_east=0)
    first = make_person(territory, status=PersonStatus.WAITING, eligible_since=date(2026, 1, 1),
                        home_latitude=LOOS[0], home_longitude=LOOS[1])
    second = make_person(territory, status=PersonStatus.WAITING, eligible_since=date(2026, 2, 1),
                         home_latitude=LOOS[0], home_longitude=LOOS[1])
    plan = run_plan(PlanScope(programme, employer), on=TODAY)
    sizing = dict(plan.lines.filter(contract__isnull=True).values_list("person_id", "units"))
    assert sizing == {first.pk: 35}  # 17.5 h left after the employee: the first on the list
    assert plan.shortfalls.get(person=second).waiting_rank == 1
    apply_plan(plan, user=manager, on=TODAY)
    assert set(Assignment.objects.values_list("contract_id", flat=True)) == {contract.pk}


def test_applying_keeps_history_and_a_second_run_changes_nothing(scene, employer, programme, manager):
    scope = PlanScope(programme, employer)
    first = run_plan(scope, user=manager, on=TODAY)
    assert {c.kind for c in plan_changes(first, TODAY)} == {NEW}
    assert apply_plan(first, user=manager, on=TODAY) == 3
    first.refresh_from_db()
    assert first.status == PlanStatus.APPLIED and first.applied_on == TODAY
    assert Assignment.objects.filter(plan=first, end_on__isnull=True).count() == 3
    assert AccessLog.objects.filter(action="update", detail__contains=str(first.public_id)).count() == 3
    later = TODAY + timedelta(days=7)
    second = run_plan(scope, user=manager, on=later)
    assert {c.kind for c in plan_changes(second, later)} == {UNCHANGED}
    assert second.summary["units_moved"] == 0
    assert apply_plan(second, user=manager, on=later) == 0


def test_a_plan_computed_before_a_change_cannot_be_applied_over_it(scene, employer, programme, manager):
    scope = PlanScope(programme, employer)
    stale = run_plan(scope, user=manager, on=TODAY)
    fresh = run_plan(scope, user=manager, on=TODAY)
    apply_plan(fresh, user=manager, on=TODAY)
    stale.refresh_from_db()
    assert stale.status == PlanStatus.SUPERSEDED
    with pytest.raises(ValidationError):
        apply_plan(stale, user=manager, on=TODAY)


def test_moving_someone_ends_the_old_assignment_the_day_before(scene, employer, programme, manager):
    scope = PlanScope(programme, employer)
    apply_plan(run_plan(scope, user=manager, on=TODAY), user=manager, on=TODAY)
    plan = run_plan(scope, user=manager, on=TODAY + timedelta(days=1))
    garden = scene["garden"]
    # The manager swaps the part-time employee onto the bike workshop... which is full: refused.
    with pytest.raises(ValidationError, match="n'a plus que"):
        edit_person_lines(plan, scene["part_time"], [(scene["bikes"].pk, "I1117", 35)], user=manager)
    # ...so frees the mechanic's hours first, then moves them.
    edit_person_lines(plan, scene["mechanic"], [(scene["bikes"].pk, "I1117", 35)], user=manager)
    edit_person_lines(plan, scene["part_time"], [(scene["bikes"].pk, "I1117", 35)], user=manager)
    with pytest.raises(ValidationError, match="plus que les"):
        edit_person_lines(plan, scene["part_time"], [(garden.pk, "A1203", 36)], user=manager)
    kinds = {c.contract.pk: c.kind for c in plan_changes(plan, TODAY + timedelta(days=1))}
    assert kinds[scene["part_time"].pk] == MOVED
    assert plan.shortfalls.get(contract=scene["mechanic"]).reason == ShortfallReason.MANUAL
    apply_plan(plan, user=manager, on=TODAY + timedelta(days=1))
    old = Assignment.objects.get(contract=scene["part_time"], activity=garden)
    assert old.end_on == TODAY
    new = Assignment.objects.get(contract=scene["part_time"], end_on__isnull=True)
    assert (new.activity_id, new.units) == (scene["bikes"].pk, 35)


def test_a_manager_plans_their_own_employers_people_only(territory, employer, programme, manager):
    other = Employer.objects.create(programme=programme, name="Autre EBE")
    other.territories.add(territory)  # two employers serve the same territory
    make_running(territory, employer, "Atelier vélo", {"I1117": "70"}, km_east=0)
    make_running(territory, other, "Garage", {"I1604": "70"}, km_east=0)
    _, mine = make_employee(territory, employer, km_east=0)
    _, theirs = make_employee(territory, other, km_east=0)
    other_manager = make_user("other-manager", Role.EMPLOYER_MANAGER, employer=other)
    plan = run_plan(scope_for(manager), user=manager, on=TODAY)
    assert set(plan.lines.values_list("contract_id", flat=True)) == {mine.pk}
    assert not StaffingPlan.objects.visible_to(other_manager).filter(pk=plan.pk).exists()
    assert StaffingPlan.objects.visible_to(manager).filter(pk=plan.pk).exists()
    with pytest.raises(ValidationError):
        edit_person_lines(plan, theirs, [], user=manager)
    other_territory_only = make_user("team", Role.TERRITORY_TEAM, territories=[territory])
    with pytest.raises(Http404):
        scope_for(other_territory_only)


def test_the_command_says_what_it_would_do_and_stores_only_with_apply(scene, programme, employer):
    out = StringIO()
    call_command("plan_staffing", "--programme", programme.name, "--on", "2026-11-20", stdout=out,
                 stderr=StringIO())
    assert "3 sur 3 salarié·e·s placé·e·s" in out.getvalue()
    assert not StaffingPlan.objects.exists()
    call_command("plan_staffing", "--programme", str(programme.pk), "--employer", employer.name, "--apply",
                 stdout=StringIO(), stderr=StringIO())
    assert StaffingPlan.objects.get().status == PlanStatus.PROPOSED
    call_command("plan_staffing", "--programme", programme.name, "--assign", "--on", "2026-11-20",
                 stdout=StringIO(), stderr=StringIO())
    assert Assignment.objects.filter(end_on__isnull=True).count() == 3
    with pytest.raises(CommandError):
        call_command("plan_staffing", "--programme", "Nulle part", stdout=StringIO())


def test_ending_a_contract_ends_its_assignments(scene, employer, programme, manager):
    from jobfactory.staffing.services import end_contract

    apply_plan(run_plan(PlanScope(programme, employer), user=manager, on=TODAY), user=manager, on=TODAY)
    end_contract(scene["mechanic"], end_on=TODAY + timedelta(days=30), reason="ordinary_job", note="",
                 user=manager)
    assert Assignment.objects.get(contract=scene["mechanic"]).end_on == TODAY + timedelta(days=30)
    later = run_plan(PlanScope(programme, employer), user=manager, on=TODAY + timedelta(days=31))
    assert not later.lines.filter(contract=scene["mechanic"]).exists()
