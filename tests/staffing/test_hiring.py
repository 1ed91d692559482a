"""Hiring follows the waiting list; skips, amendments and exits keep their written record."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jobfactory.audit.models import AccessLog
from jobfactory.engines.contracts import hours_on
from jobfactory.people import services as people
from jobfactory.people.enums import PersonStatus
from jobfactory.people.models import Person
from jobfactory.staffing import services as staffing
from jobfactory.staffing.models import Skip
from jobfactory.territories.models import FundingAgreement
from tests.conftest import hire, make_eligible


@pytest.fixture
def three_waiting(territory, team_user):
    second = make_eligible(territory, team_user, date(2026, 2, 15))
    first = make_eligible(territory, team_user, date(2026, 1, 15))
    tied = make_eligible(territory, team_user, date(2026, 2, 15))
    return first, second, tied


def test_waiting_list_follows_recognition_date_then_registration_time(territory, three_waiting):
    first, second, tied = three_waiting
    assert list(Person.objects.waiting_list(territory)) == [first, second, tied]
    assert first.eligible_since == date(2026, 1, 15)


def test_hiring_out_of_order_is_refused_until_those_ahead_are_skipped_with_a_reason(
        employer, team_user, three_waiting):
    first, second, _tied = three_waiting
    with pytest.raises(ValidationError, match="1 personne"):
        hire(second, employer, team_user)
    with pytest.raises(ValidationError, match="explication écrite"):
        staffing.skip(first, on=date(2026, 3, 1), reason="refused", note="  ", user=team_user)

    staffing.skip(first, on=date(2026, 3, 1), reason="refused",
                  note="Préfère finir sa formation.", user=team_user)
    contract = hire(second, employer, team_user)

    skip = Skip.objects.get(person=first)
    assert skip.hire == contract and skip.note == "Préfère finir sa formation."
    first.refresh_from_db()
    assert first.status == PersonStatus.WAITING
    # The skip was used by that hire: passing them over again needs a new written reason.
    assert staffing.pending_skip(first) is None


def test_hire_makes_a_cdi_at_the_chosen_hours_and_leaves_the_list(
        territory, employer, team_user, three_waiting):
    first, *_ = three_waiting
    contract = hire(first, employer, team_user)
    first.refresh_from_db()
    assert contract.kind == "cdi" and contract.weekly_hours == Decimal("35")
    assert first.status == PersonStatus.EMPLOYED
    assert first not in Person.objects.waiting_list(territory)
    assert AccessLog.objects.filter(action="hire", person_public_id=first.public_id).exists()


def test_under_24_hours_requires_the_written_request(employer, team_user, three_waiting):
    first, *_ = three_waiting
    with pytest.raises(ValidationError) as refused:
        hire(first, employer, team_user, hours=Decimal("20"))
    assert "L3123-7" in str(refused.value)
    contract = hire(first, employer, team_user, hours=Decimal("20"),
                    written_request_on=date(2026, 2, 20))
    assert contract.written_request_on == date(2026, 2, 20)


def test_hiring_beyond_the_agreement_needs_a_reason(employer, team_user, three_waiting):
    first, second, _ = three_waiting
    FundingAgreement.objects.filter(employer=employer).update(funded_fte=Decimal("1.5"))
    hire(first, employer, team_user)
    with pytest.raises(ValidationError) as refused:
        hire(second, employer, team_user)
    assert "2.00 ETP" in str(refused.value) and "1.50" in str(refused.value)
    contract = hire(second, employer, team_user, over_agreement_reason="Décision du comité.")
    assert contract.over_agreement_reason == "Décision du comité."


def test_no_agreement_for_the_year_needs_a_reason(employer, team_user, three_waiting):
    first, *_ = three_waiting
    with pytest.raises(ValidationError, match="Aucune convention"):
        hire(first, employer, team_user, start=date(2027, 1, 4))


def test_employer_must_serve_the_territory(other_territory, employer, team_user):
    person = make_eligible(other_territory, team_user, date(2026, 1, 15))
    with pytest.raises(ValidationError, match="ne sert pas"):
        hire(person, employer, team_user)


def test_amendment_changes_hours_from_its_date(employer, team_user, three_waiting):
    first, *_ = three_waiting
    contract = hire(first, employer, team_user)
    with pytest.raises(ValidationError, match="L3123-7"):
        staffing.amend(contract, effective_on=date(2026, 6, 1), weekly_hours=Decimal("20"),
                       written_request_on=None, reason="", user=team_user)
    staffing.amend(contract, effective_on=date(2026, 6, 1), weekly_hours=Decimal("28"),
                   written_request_on=None, reason="Temps choisi", user=team_user)
    terms = contract.terms()
    assert hours_on(terms, date(2026, 5, 31)) == Decimal("35")
    assert hours_on(terms, date(2026, 6, 1)) == Decimal("28")


def test_end_of_contract_records_the_reason_and_the_person_leaves(
        employer, team_user, three_waiting):
    first, *_ = three_waiting
    contract = hire(first, employer, team_user)
    with pytest.raises(ValidationError, match="Autre"):
        staffing.end_contract(contract, end_on=date(2026, 9, 30), reason="other", note="",
                              user=team_user)
    staffing.end_contract(contract, end_on=date(2026, 9, 30), reason="ordinary_job", note="",
                          user=team_user)
    first.refresh_from_db()
    contract.refresh_from_db()
    assert contract.exit_reason == "ordinary_job" and contract.end_on == date(2026, 9, 30)
    assert first.status == PersonStatus.LEFT


def test_moving_away_after_hiring_does_not_end_the_contract(employer, team_user, three_waiting):
    first, *_ = three_waiting
    contract = hire(first, employer, team_user)
    first.refresh_from_db()
    first.lives_in_territory = False
    first.save()
    with pytest.raises(ValidationError, match="déménagement"):
        people.record_decision(first, decided_on=date(2026, 5, 15), outcome="not_eligible",
                               reason="A déménagé", user=team_user)
    contract.refresh_from_db()
    assert contract.end_on is None


def test_waiting_volunteer_found_ineligible_keeps_history(territory, team_user, three_waiting):
    first, *_ = three_waiting
    people.record_decision(first, decided_on=date(2026, 4, 15), outcome="not_eligible",
                           reason="A déménagé hors du territoire.", user=team_user)
    first.refresh_from_db()
    assert first.status == PersonStatus.NOT_ELIGIBLE
    assert first not in Person.objects.waiting_list(territory)
    assert [d.outcome for d in first.decisions.order_by("decided_on")] == [
        "eligible", "not_eligible"]


def test_agreement_counts_hires_already_recorded_to_start_later_that_year(
        employer, team_user, three_waiting):
    first, second, _ = three_waiting
    FundingAgreement.objects.filter(employer=employer).update(funded_fte=Decimal("1.5"))
    hire(first, employer, team_user, start=date(2026, 9, 1))
    # Dated earlier than the first hire, the second still counts it: 2 FTE for 1.5 funded.
    with pytest.raises(ValidationError, match="motif du dépassement"):
        hire(second, employer, team_user, start=date(2026, 4, 1))


def test_two_amendments_on_the_same_day_are_refused(employer, team_user, three_waiting):
    first, *_ = three_waiting
    contract = hire(first, employer, team_user)
    staffing.amend(contract, effective_on=date(2026, 6, 1), weekly_hours=Decimal("28"),
                   written_request_on=None, reason="", user=team_user)
    with pytest.raises(ValidationError, match="déjà effet"):
        staffing.amend(contract, effective_on=date(2026, 6, 1), weekly_hours=Decimal("30"),
                       written_request_on=None, reason="", user=team_user)
