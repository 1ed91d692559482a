"""A territory with people in every situation, each event recorded on its own day (time-machine),
so that the access log's dates are those a real history would leave."""

from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine

from jobfactory.people import services as people
from jobfactory.people.models import HouseholdSituation
from jobfactory.staffing import services as staffing
from jobfactory.staffing.models import Skip
from tests.conftest import hire, make_eligible, make_person


def on(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC), tick=False)


def old_person(territory, user, registered: date, interviewed: date, **fields):
    with on(registered):
        person = make_person(territory, registered_at=datetime(registered.year, registered.month,
                                                               registered.day, 9, tzinfo=UTC),
                             information_notice_on=registered, **fields)
    with on(interviewed):
        people.record_interview(person, interviewed_on=interviewed, is_volunteer=True,
                                job_search_steps=True, notes="Vit chez sa sœur, rue des Lilas.",
                                user=user)
    return person


def decide(person, user, day: date, outcome="eligible"):
    with on(day):
        people.record_decision(person, decided_on=day, outcome=outcome,
                               reason="Motif détaillé, personnel.", user=user)
    person.refresh_from_db()
    return person


def household(person):
    return HouseholdSituation.objects.create(
        person=person, has_partner=True, partner_birth_date=date(1979, 4, 2),
        partner_monthly_gross=Decimal("1400"), children_birth_dates=["2012-05-06"],
        housing="locataire_hlm", monthly_rent=Decimal("420"), commune_code="59360",
        declared_cents={"rsa": 30000})


PERSONAL = {"email": "personne@example.org", "phone": "06 12 34 56 78",
            "home_latitude": Decimal("50.611"), "home_longitude": Decimal("3.012"),
            "skills": "menuiserie", "projects": "ouvrir un atelier", "wishes": "vélo",
            "mobility_constraints": "pas de permis", "childcare_constraints": "école à 16 h 30",
            "health_notes": "dos fragile", "health_consent_on": date(2019, 3, 12),
            "skill_codes": ["H2206"], "birth_date": date(1975, 8, 23),
            "without_employment_since": date(2016, 5, 17), "arrived_in_territory_on": date(2010, 9, 14)}


@pytest.fixture
def scene(territory, employer, team_user):
    user = team_user
    # Never hired, withdrawn in 2021: past two years, has an e-mail address.
    old_withdrawn = old_person(territory, user, date(2019, 3, 11), date(2019, 3, 20), **PERSONAL)
    household(old_withdrawn)
    decide(old_withdrawn, user, date(2019, 4, 16))
    with on(date(2021, 2, 18)):
        people.withdraw(old_withdrawn, on=date(2021, 2, 18), reason="Déménage chez sa fille",
                        user=user)
    # Never hired, not eligible in 2019: no e-mail address, a letter.
    old_refused = old_person(territory, user, date(2019, 5, 13), date(2019, 5, 21),
                             without_employment_since=date(2018, 10, 9))
    decide(old_refused, user, date(2019, 6, 12), outcome="not_eligible")
    # Hired in 2018, left in June 2020: past five years after leaving.
    old_leaver = old_person(territory, user, date(2018, 9, 10), date(2018, 9, 20),
                            **PERSONAL | {"email": "ancien@example.org"})
    household(old_leaver)
    decide(old_leaver, user, date(2018, 10, 16))
    with on(date(2018, 11, 19)):
        contract = hire(old_leaver, employer, user, start=date(2018, 11, 19), hours=Decimal("30"),
                        over_agreement_reason="Convention 2018 non saisie")
    with on(date(2019, 3, 11)):
        staffing.amend(contract, effective_on=date(2019, 3, 11), weekly_hours=Decimal("35"),
                       written_request_on=None, reason="À sa demande", user=user)
    with on(date(2020, 6, 17)):
        staffing.end_contract(contract, end_on=date(2020, 6, 17), reason="ordinary_job",
                              note="Embauché·e par la menuiserie Dupont", user=user)
    # This year's people: inside their periods, or still in the programme.
    recent_withdrawn = make_eligible(territory, user, date(2026, 2, 2), **PERSONAL)
    with on(date(2026, 6, 15)):
        people.withdraw(recent_withdrawn, on=date(2026, 6, 15), reason="Formation", user=user)
    recent_leaver = make_eligible(territory, user, date(2026, 1, 20), email="r@example.org")
    recent_contract = hire(recent_leaver, employer, user, start=date(2026, 3, 2))
    staffing.end_contract(recent_contract, end_on=date(2026, 9, 30), reason="resignation", note="",
                          user=user)
    employee = make_eligible(territory, user, date(2026, 2, 10), **PERSONAL)
    household(employee)
    employee_contract = hire(employee, employer, user, start=date(2026, 4, 1))
    waiting = make_eligible(territory, user, date(2026, 5, 5), phone="03 20 00 00 00")
    Skip.objects.create(person=waiting, territory=territory, skipped_on=date(2026, 6, 1),
                        reason="unreachable", note="Injoignable au 03 20 00 00 00", recorded_by=user)
    registered = make_person(territory, email="nouveau@example.org")
    for person in (old_withdrawn, old_refused, old_leaver, recent_withdrawn, recent_leaver, employee,
                   waiting, registered):
        person.refresh_from_db()
    return SimpleNamespace(
        old_withdrawn=old_withdrawn, old_refused=old_refused, old_leaver=old_leaver,
        old_contract=contract, recent_withdrawn=recent_withdrawn, recent_leaver=recent_leaver,
        employee=employee, employee_contract=employee_contract, waiting=waiting,
        registered=registered)
