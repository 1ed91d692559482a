"""The planner's journey on the demo data: the plan the manager finds today for Lille's two territories,
who is left and which activities would employ them, and applying it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from jobfactory.demo import planning_calibration as cal
from jobfactory.demo.generate import DemoBuilder
from jobfactory.engines.planner_report import describe_assignment
from jobfactory.engines.week import HALF_DAY_HOURS, half_days_of
from jobfactory.people.enums import PersonStatus
from jobfactory.people.models import Person
from jobfactory.referentials import rome
from jobfactory.staffing.enums import PlanStatus, ShortfallReason
from jobfactory.staffing.models import Assignment, Contract, StaffingPlan
from jobfactory.staffing.plan_changes import NEW, UNCHANGED, plan_changes
from jobfactory.territories.models import Territory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, built once for the module (about ten seconds) and rolled back after it; each test
    runs in its own savepoint on top, as usual."""
    log: list[str] = []
    with django_db_blocker.unblock(), override_settings(VAR_DIR=tmp_path_factory.mktemp("var")):
        with transaction.atomic():
            DemoBuilder(seed=2017, today=timezone.localdate(), log=log.append).build()
            yield log
            transaction.set_rollback(True)


@pytest.fixture
def proposal(demo):
    return StaffingPlan.objects.select_related("employer").get(status=PlanStatus.PROPOSED)


def test_generated_people_have_planner_inputs_that_fit_their_hours(demo):
    people = Person.objects.filter(status__in=[PersonStatus.EMPLOYED, PersonStatus.WAITING]).select_related(
        "territory")
    contract_hours = dict(Contract.objects.active_on(timezone.localdate()).values_list(
        "person_id", "weekly_hours"))
    located = 0
    for person in people:
        hours = max(person.chosen_hours, contract_hours.get(person.pk, 0))
        assert len(half_days_of(person.available_half_days)) * HALF_DAY_HOURS >= hours
        assert person.skill_codes
        assert all(rome.lookup(code) for code in person.skill_codes + person.wished_codes)
        if person.home_latitude is not None:
            located += 1
            assert person.home_latitude == person.home_latitude.quantize(Decimal("0.001"))
            centre = cal.CENTRES[person.territory.name]
            assert abs(float(person.home_latitude) - centre[0]) < 0.07  # within ~7 km
    assert 0 < people.count() - located < people.count() * 0.15  # a few without a position
    wishes = {code for p in people for code in p.wished_codes}
    assert {"I1117", "D1228", "K1304"} <= wishes


def test_the_manager_finds_todays_proposal_for_both_territories(demo, proposal):
    today = timezone.localdate()
    assert proposal.computed_on == today and proposal.territory is None
    assert proposal.employer.name == "La Fabrique de l'emploi"
    both = set(Territory.objects.values_list("pk", flat=True))
    assert len(both) == 2
    assert set(proposal.posts.values_list("activity__territory", flat=True)) == both
    lines = proposal.lines.filter(contract__isnull=False).select_related("activity")
    assert {line.activity.territory_id for line in lines} == both

    # Everyone under contract today is in the plan: placed, or left over with a reason.
    contracts = set(Contract.objects.active_on(today).values_list("pk", flat=True))
    shortfalls = proposal.shortfalls.filter(contract__isnull=False)
    placed = {line.contract_id for line in lines}
    assert placed | set(shortfalls.values_list("contract_id", flat=True)) == contracts
    assert proposal.summary["contract_people"] == len(contracts)
    assert 0 < shortfalls.count() < len(contracts) / 4
    assert ShortfallReason.NO_POSITION in set(proposal.shortfalls.values_list("reason", flat=True))
    # The restaurant works Wednesday to Saturday: few can work all their hours there.
    short = [p for p in proposal.posts.select_related("activity") if p.filled_units < p.need_units]
    assert "Restauration et traiteur" in {p.activity.title for p in short}

    # Each line explained in words, most of them kept from the assignments applied earlier.
    units = {}
    for line in lines:
        units[line.contract_id] = units.get(line.contract_id, 0) + line.units
    sentences = [describe_assignment(
        skill_match=line.skill_match, wish_match=line.wish_match, km=line.km, kept=line.kept_units > 0,
        units=line.units, person_units=units[line.contract_id], split=units[line.contract_id] != line.units)
        for line in lines]
    assert all("km de trajet" in sentence for sentence in sentences)
    assert any("déjà sur cette activité" in sentence for sentence in sentences)
    assert any(sentence.startswith("Même métier") for sentence in sentences)
    assert "Plan d'affectation proposé aujourd'hui (2 territoires)" in "\n".join(demo)


def test_people_left_over_point_at_activities_with_their_naf_codes(proposal):
    groups = [g for g in proposal.leftover_groups if not g.get("others")]
    assert groups
    for group in groups:
        assert group["people"] > 0 and group["unplaced_units"] > 0
        assert group["naf"] and all(entry["code"] and entry["label"] for entry in group["naf"])
    # Bike repairers wait for the workshop on today's committee agenda: its NAF code, its example.
    bikes = next(g for g in groups if g["job_code"] == "I1117")
    assert [entry["code"] for entry in bikes["naf"]] == ["95.29Z"]
    assert "Atelier vélo solidaire" in bikes["source"]
    assert bikes["naf"][0]["establishments"] > 0


def test_the_manager_reads_the_plan_and_applies_it(client, proposal):
    manager = proposal.created_by
    assert manager.username == "direction-ebe"
    client.force_login(manager)
    listing = client.get(reverse("staffing:plans")).content.decode()
    assert "Proposé" in listing and "Appliqué" in listing
    page = client.get(reverse("staffing:plan", args=[proposal.public_id])).content.decode()
    assert "km de trajet" in page and "95.29Z" in page and "Restauration et traiteur" in page

    today = timezone.localdate()
    earlier = StaffingPlan.objects.get(status=PlanStatus.APPLIED)
    assert earlier.applied_on < today - timedelta(days=27) and earlier.applied_on.day == 1
    changes = [c for c in plan_changes(proposal, today) if c.kind != UNCHANGED]
    # People hired since the plan applied earlier get their first assignment.
    assert any(c.kind == NEW and c.contract.start_on > earlier.applied_on for c in changes)
    assert 0 < len(changes) < 30

    response = client.post(reverse("staffing:plan_apply", args=[proposal.public_id]))
    assert response.status_code == 302

    proposal.refresh_from_db()
    assert proposal.status == PlanStatus.APPLIED and proposal.applied_on == today
    current = Assignment.objects.current_on(today)
    for change in changes:
        rows = current.filter(contract=change.contract)
        assert {(a.activity_id, a.rome_code): a.units for a in rows} == change.after
        assert all(a.start_on == today and a.plan_id == proposal.pk for a in rows)
        assert not Assignment.objects.filter(contract=change.contract, start_on__lt=today,
                                             end_on__isnull=True).exists()
    changed = {c.contract.pk for c in changes}
    kept = current.exclude(contract__in=changed)
    assert kept.exists() and not kept.filter(start_on=today).exists()
    assert not [c for c in plan_changes(proposal, today) if c.kind != UNCHANGED]
