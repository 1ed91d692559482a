"""Shared fixtures: the factories every app's tests build on."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from jobfactory.people import services as people
from jobfactory.people.models import Person
from jobfactory.staffing import services as staffing
from jobfactory.territories.enums import Role
from jobfactory.territories.models import Employer, FundingAgreement, Profile, Programme, Territory


@pytest.fixture(autouse=True)
def _second_factor_only_where_marked(request, settings):
    """Tests log in with force_login: the TOTP step is theirs only when marked
    @pytest.mark.totp (tests/security/totp.py has verified_login for those)."""
    if request.node.get_closest_marker("totp") is None:
        settings.JOBFACTORY_REQUIRE_TOTP = False


@pytest.fixture
def programme(db):
    return Programme.objects.create(name="Métropole test")


@pytest.fixture
def territory(programme):
    return Territory.objects.create(programme=programme, name="Loos - Les Oliveaux",
                                    estimated_ppde=360, estimated_ppde_source="test")


@pytest.fixture
def other_territory(programme):
    return Territory.objects.create(programme=programme, name="Tourcoing", estimated_ppde=173)


@pytest.fixture
def employer(programme, territory, other_territory):
    ebe = Employer.objects.create(programme=programme, name="EBE test")
    ebe.territories.add(territory)
    FundingAgreement.objects.create(employer=ebe, year=2026, funded_fte=Decimal("100"))
    return ebe


def make_user(username, role, *, programme=None, territories=(), employer=None):
    user = get_user_model().objects.create_user(username=username, password="correct-horse-42")
    profile = Profile.objects.create(user=user, role=role, programme=programme, employer=employer)
    profile.territories.set(territories)
    return user


@pytest.fixture
def team_user(territory):
    return make_user("team", Role.TERRITORY_TEAM, territories=[territory])


@pytest.fixture
def other_team_user(other_territory):
    return make_user("other-team", Role.TERRITORY_TEAM, territories=[other_territory])


_counter = iter(range(1, 1_000_000))


def make_person(territory, **fields) -> Person:
    n = next(_counter)
    values = {
        "first_name": f"Prénom{n}", "last_name": f"Nom{n}", "sex": "F",
        "birth_date": date(1980, 1, 1), "address": f"{n} rue de la Paix", "postcode": "59120",
        "commune": "Loos", "arrived_in_territory_on": date(2015, 1, 1),
        "without_employment_since": date(2020, 1, 1), "chosen_hours": Decimal("35"),
        "information_notice_on": date(2026, 1, 5),
        # Registered on a fixed day, in creation order, so figures at past dates count them.
        "registered_at": datetime(2026, 1, 5, 9, 0, tzinfo=UTC) + timedelta(seconds=n),
    }
    values.update(fields)
    return Person.objects.create(territory=territory, **values)


def make_eligible(territory, user, decided_on, **fields):
    person = make_person(territory, **fields)
    people.record_interview(person, interviewed_on=date(2026, 1, 10), is_volunteer=True,
                            job_search_steps=True, notes="", user=user)
    people.record_decision(person, decided_on=decided_on, outcome="eligible", reason="",
                           user=user)
    person.refresh_from_db()
    return person


def hire(person, employer, user, start=date(2026, 3, 2), hours=None, **kwargs):
    values = {"written_request_on": None, "over_agreement_reason": ""} | kwargs
    return staffing.hire(person, employer=employer, start_on=start,
                         weekly_hours=hours or person.chosen_hours, user=user, **values)
