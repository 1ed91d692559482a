"""Eligibility history: withdrawals, decisions against the rules, statuses over time."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobfactory.people import services
from jobfactory.people.enums import PersonStatus
from jobfactory.people.forms import PersonForm
from jobfactory.people.models import Person
from tests.conftest import hire, make_eligible, make_person


def test_a_withdrawal_cannot_be_dated_in_the_future(territory, team_user):
    person = make_eligible(territory, team_user, date(2026, 1, 15))
    with pytest.raises(ValidationError, match="à l'avance"):
        services.withdraw(person, on=timezone.localdate() + timedelta(days=10), reason="Emploi",
                          user=team_user)
    person.refresh_from_db()
    assert person.status == PersonStatus.WAITING


def test_a_new_decision_after_a_withdrawal_brings_the_person_back(territory, team_user):
    person = make_eligible(territory, team_user, date(2026, 1, 15))
    services.withdraw(person, on=date(2026, 2, 1), reason="Déménagement prévu", user=team_user)
    person.refresh_from_db()
    assert person.status == PersonStatus.WITHDRAWN
    services.record_decision(person, decided_on=date(2026, 3, 15), outcome="eligible", reason="",
                             user=team_user)
    person.refresh_from_db()
    assert person.status == PersonStatus.WAITING
    # Back on the list from the first recognition: the run of eligible decisions keeps its date.
    assert person in Person.objects.waiting_list(territory)


def test_recognising_eligibility_against_the_rules_needs_reasons(territory, team_user):
    person = make_person(territory, arrived_in_territory_on=date(2025, 12, 1))
    review = services.record_interview(person, interviewed_on=date(2026, 1, 10), is_volunteer=True,
                                       job_search_steps=True, notes="", user=team_user)
    assert review.outcome == "not_eligible"
    with pytest.raises(ValidationError, match="motivez"):
        services.record_decision(person, decided_on=date(2026, 1, 15), outcome="eligible",
                                 reason="", user=team_user)
    services.record_decision(person, decided_on=date(2026, 1, 15), outcome="eligible",
                             reason="Résidait déjà dans le quartier chez un proche.", user=team_user)


def test_review_keeps_the_source_as_it_read_that_day(territory, team_user):
    person = make_person(territory)
    review = services.record_interview(person, interviewed_on=date(2026, 1, 10), is_volunteer=True,
                                       job_search_steps=True, notes="", user=team_user)
    source = review.rule_set.source
    type(review.rule_set).objects.filter(pk=review.rule_set_id).update(source="modifiée")
    review.refresh_from_db()
    assert review.rule_set_source == source and "2020-1577" in source


def test_an_exit_recorded_in_advance_takes_effect_when_its_day_has_passed(
        territory, employer, team_user):
    person = make_eligible(territory, team_user, date(2026, 1, 15))
    contract = hire(person, employer, team_user)
    from jobfactory.staffing import services as staffing
    last_day = timezone.localdate() + timedelta(days=20)
    staffing.end_contract(contract, end_on=last_day, reason="resignation", note="",
                          user=team_user)
    person.refresh_from_db()
    assert person.status == PersonStatus.EMPLOYED
    people = Person.objects.filter(territory=territory)
    assert services.refresh_due_statuses(people, today=last_day) == 0
    assert services.refresh_due_statuses(people, today=last_day + timedelta(days=1)) == 1
    person.refresh_from_db()
    assert person.status == PersonStatus.LEFT


FORM = {
    "first_name": "Awa", "last_name": "Diallo", "sex": "F", "address": "3 rue Victor Hugo",
    "postcode": "59120", "commune": "Loos", "lives_in_territory": "on",
    "arrived_in_territory_on": "01/02/2015", "without_employment_since": "01/09/2021",
    "deprivation_kind": "total", "right_to_work": "on", "chosen_hours": "35",
    "information_notice_on": "05/01/2026", "travel_mode": "public_transport",
    "available_half_days": [str(i) for i in range(10)],
}


def test_form_counts_age_to_the_day(db):
    today = date(2026, 6, 15)
    too_young = PersonForm(FORM | {"birth_date": "16/06/2010"}, today=today)
    assert not too_young.is_valid() and "birth_date" in too_young.errors
    sixteen = PersonForm(FORM | {"birth_date": "15/06/2010"}, today=today)
    assert sixteen.is_valid(), sixteen.errors


def test_form_refuses_dates_before_birth(db):
    form = PersonForm(FORM | {"birth_date": "01/01/1990", "arrived_in_territory_on": "01/01/1985"},
                      today=date(2026, 6, 15))
    assert not form.is_valid()
    assert "précède la date de naissance" in str(form.errors["arrived_in_territory_on"])
