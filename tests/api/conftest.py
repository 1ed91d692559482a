"""Users of every role, and a way to call the API as one of them by session or by token."""

from datetime import date

import pytest

from jobfactory.activities.models import Activity, SkillNeed
from jobfactory.api.models import ApiToken
from jobfactory.territories.enums import Role
from jobfactory.territories.models import Programme, Territory
from tests.conftest import make_eligible, make_person, make_user


@pytest.fixture
def far_territory(db):
    """A territory of another programme."""
    other = Programme.objects.create(name="Autre métropole")
    return Territory.objects.create(programme=other, name="Ailleurs", estimated_ppde=100)


@pytest.fixture
def manager(employer):
    return make_user("manager", Role.EMPLOYER_MANAGER, employer=employer)


@pytest.fixture
def officer(programme):
    return make_user("officer", Role.PROGRAMME_OFFICER, programme=programme)


@pytest.fixture
def committee_member(territory):
    return make_user("committee", Role.COMMITTEE_MEMBER, territories=[territory])


@pytest.fixture
def fund_user(db):
    return make_user("fund", Role.NATIONAL_FUND)


@pytest.fixture
def admin_role_user(db):
    return make_user("administrator", Role.ADMINISTRATOR)


@pytest.fixture
def person(territory):
    return make_person(territory, first_name="Josiane", last_name="Vandenbussche")


@pytest.fixture
def waiting_person(territory, team_user):
    return make_eligible(territory, team_user, date(2026, 2, 2), first_name="Marcelline",
                         last_name="Delacroixmont")


@pytest.fixture
def activity(territory):
    activity = Activity.objects.create(territory=territory, title="Atelier vélo",
                                       description="Réparation de vélos", naf_codes=["95.29Z"],
                                       customers=["residents"])
    SkillNeed.objects.create(activity=activity, rome_code="I1607", hours_per_week=35)
    return activity


def bearer(user, name="test") -> dict:
    _token, clear = ApiToken.issue(user, name)
    return {"Authorization": f"Bearer {clear}"}


@pytest.fixture
def as_user(client):
    """``as_user(user)`` -> a function GETting a URL as that user, by token."""
    def login(user):
        headers = bearer(user)
        return lambda url: client.get(url, headers=headers)
    return login
