"""The load benchmark's generator (benchmarks/_load_data.py) at a small scale: its rows bypass the
services, so they must keep what the services guarantee."""

import importlib.util
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from django.http import HttpRequest
from django.test import Client

from jobfactory.engines import activity_pipeline as pipeline
from jobfactory.engines.contracts import MINIMUM_PART_TIME_HOURS
from jobfactory.engines.figures import Decision, eligible_since, is_withdrawn
from jobfactory.people.models import CommitteeDecision, Person
from jobfactory.people.services import due_for_refresh, refresh_status
from jobfactory.staffing.models import Amendment, Contract
from jobfactory.staffing.services import committed_fte
from jobfactory.territories.models import Employer, FundingAgreement, Territory

PEOPLE, TERRITORIES = 120, 3


def load_benchmark_module(name: str):
    path = Path(__file__).resolve().parents[2] / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def load_generator():
    return load_benchmark_module("_load_data")


@pytest.fixture
def today():
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def dataset(db, today):
    return load_generator().generate(people=PEOPLE, territories=TERRITORIES, seed=7, today=today,
                                     log=lambda *_: None)


def test_sizes_structure_and_users(dataset):
    assert Person.objects.count() == PEOPLE
    assert sum(dataset.people_by_territory.values()) == PEOPLE
    sizes = [dataset.people_by_territory[t] for t in dataset.territory_ids]
    assert sizes == sorted(sizes, reverse=True)
    for territory in Territory.objects.filter(pk__in=dataset.territory_ids):
        assert territory.people.count() == dataset.people_by_territory[territory.pk]
        assert territory.activities.exists()
        assert territory.employers.get().pk == dataset.employer_of[territory.pk]
    assert set(dataset.users) == {"programme_officer", "territory_team", "employer_manager",
                                  "committee_member", "national_fund"}
    client = Client()
    for username in dataset.users.values():
        # django-axes throttles logins by address: authentication needs the request.
        assert client.login(request=HttpRequest(), username=username, password=dataset.password)
        client.logout()


def test_statuses_are_what_the_services_derive(dataset, today):
    people = list(Person.objects.all())
    statuses = {p.status for p in people}
    assert {"waiting", "employed", "not_eligible"} <= statuses
    for person in people:
        stored = (person.status, person.eligible_since)
        refresh_status(person, today)
        assert (person.status, person.eligible_since) == stored, person.pk
    assert not due_for_refresh(Person.objects.all(), today).exists()


def test_decisions_rest_on_an_earlier_interview(dataset):
    decisions = list(CommitteeDecision.objects.select_related("review"))
    assert decisions
    for decision in decisions:
        assert decision.review is not None
        assert decision.review.person_id == decision.person_id
        assert decision.review.interviewed_on <= decision.decided_on
        assert decision.review.rule_set.to_engine().covers(decision.review.interviewed_on)
        if decision.outcome == "not_eligible":
            assert decision.reason.strip()
        if decision.review.outcome == "not_eligible" and decision.outcome == "eligible":
            assert decision.reason.strip()


def test_contracts_keep_the_hiring_rules(dataset, today):
    contracts = list(Contract.objects.select_related("person", "employer"))
    assert contracts
    assert len({c.person_id for c in contracts}) == len(contracts)  # one contract each
    for contract in contracts:
        person = contract.person
        assert person.eligible_since is not None and contract.start_on >= person.eligible_since
        assert contract.employer.territories.filter(pk=person.territory_id).exists()
        if contract.weekly_hours < MINIMUM_PART_TIME_HOURS:
            assert contract.written_request_on is not None
        if contract.end_on is not None:
            assert contract.start_on <= contract.end_on < today and contract.exit_reason
        agreement = FundingAgreement.objects.get(employer=contract.employer, year=contract.start_on.year)
        assert committed_fte(contract.employer, contract.start_on) <= agreement.funded_fte
    for amendment in Amendment.objects.select_related("contract"):
        assert amendment.contract.start_on < amendment.effective_on <= today
        assert amendment.contract.end_on is None or amendment.effective_on <= amendment.contract.end_on
        if amendment.weekly_hours < MINIMUM_PART_TIME_HOURS:
            assert amendment.written_request_on is not None


def test_hiring_follows_the_waiting_list(dataset):
    """Nobody hired while someone ahead of them on the list was waiting (there are no skips)."""
    decisions = defaultdict(list)
    for person_id, decided_on, outcome in CommitteeDecision.objects.values_list(
            "person_id", "decided_on", "outcome"):
        decisions[person_id].append(Decision(decided_on, outcome))
    start_of = dict(Contract.objects.values_list("person_id", "start_on"))
    people = list(Person.objects.all())
    by_territory = defaultdict(list)
    for person in people:
        by_territory[person.territory_id].append(person)

    def waiting_key(person, on):
        """The person's place on the list on `on`, or None when not on it."""
        since = eligible_since(decisions[person.pk], on)
        if since is None or is_withdrawn(decisions[person.pk], person.withdrawn_on, on):
            return None
        if person.pk in start_of and start_of[person.pk] <= on:
            return None
        return (since, person.registered_at, person.pk)

    checked = 0
    for person in people:
        if person.pk not in start_of:
            continue
        hired_on = start_of[person.pk]
        mine = (eligible_since(decisions[person.pk], hired_on), person.registered_at, person.pk)
        for other in by_territory[person.territory_id]:
            key = waiting_key(other, hired_on)
            assert key is None or key > mine, (person.pk, other.pk, hired_on)
        checked += 1
    assert checked


def test_activities_follow_the_pipeline(dataset):
    from jobfactory.activities.models import Activity

    activities = list(Activity.objects.prefetch_related("status_changes__decision__meeting"))
    assert activities
    for activity in activities:
        changes = sorted(activity.status_changes.all(), key=lambda c: (c.on, c.pk))
        assert changes[0].from_status == "" and changes[0].to_status == "proposed"
        for before, after in zip(changes, changes[1:], strict=False):
            assert after.from_status == before.to_status
            pipeline.check_transition(after.from_status, after.to_status,
                                      by_committee=after.decision_id is not None)
            if after.decision_id is not None:
                assert after.decision.verdict == after.to_status
                assert after.decision.reasons.strip()
                assert after.decision.meeting.held_on == after.on
        assert activity.status == changes[-1].to_status
        assert activity.status_since == changes[-1].on
        assert activity.employer_id in set(Employer.objects.filter(territories=activity.territory_id)
                                           .values_list("pk", flat=True))


def test_the_harness_measures_only_the_window_and_keeps_logins_apart():
    load = load_benchmark_module("load")
    raw = {"started_at": 0, "opened_at": 100.0, "closed_at": 160.0, "samples": [
        ["login", 1, 500, True], ["a", 99.9, 1000, True], ["a", 100, 10, True], ["a", 150, 20, False],
        ["b", 159.9, 30, True], ["b", 160, 999, True]]}
    total, pages, login = load.measured(raw)
    assert (total["requests"], total["errors"]) == (3, 1)
    assert pages["a"]["requests"] == 2 and pages["a"]["errors"] == 1 and pages["a"]["p50_ms"] == 15
    assert pages["b"]["requests"] == 1 and pages["b"]["max_ms"] == 30
    assert login["requests"] == 1


def test_each_role_looks_at_its_own_scope():
    load = load_benchmark_module("load")
    data = load_generator().Dataset(
        programme_id=1, territory_ids=[10, 11, 12, 13, 14, 15], people_by_territory={},
        employer_ids=[100, 101], employer_of={10: 100, 11: 101, 12: 100, 13: 101, 14: 100, 15: 101},
        users={}, password="")
    assert load.role_scope(data, "territory_team")["territory"] == [10]
    assert load.role_scope(data, "committee_member")["territory"] == [10]
    manager = load.role_scope(data, "employer_manager")
    assert manager["employer"] == [100] and set(manager["territory"]) <= {10, 12, 14}
    officer = load.role_scope(data, "programme_officer")
    assert officer["territory"][0] == 10 and 15 in officer["territory"]
    assert officer["programme"] == [1]
