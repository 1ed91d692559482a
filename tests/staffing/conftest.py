"""The staffing tests' scene: activities with sites and jobs, employees with positions and skills."""

from datetime import date
from decimal import Decimal

import pytest

from jobfactory.activities.models import Activity, SkillNeed
from jobfactory.people.enums import PersonStatus
from jobfactory.staffing.models import Contract
from jobfactory.territories.enums import Role
from tests.conftest import make_person, make_user

TODAY = date(2026, 11, 20)
LOOS = (Decimal("50.611"), Decimal("3.012"))


def near(km_east: float):
    """A position about ``km_east`` km east of the Loos reference point."""
    return LOOS[0], LOOS[1] + Decimal(str(round(km_east / 70.8, 3)))


def make_running(territory, employer, title, jobs: dict[str, str], km_east=0.0, half_days=None):
    lat, lon = near(km_east)
    activity = Activity.objects.create(
        territory=territory, employer=employer, title=title, description="d", naf_codes=["95.29Z"],
        customers=["residents"], status="running", site_latitude=lat, site_longitude=lon,
        **({"working_half_days": half_days} if half_days is not None else {}))
    for code, hours in jobs.items():
        SkillNeed.objects.create(activity=activity, rome_code=code, hours_per_week=Decimal(hours))
    return activity


def make_employee(territory, employer, hours="35", km_east=0.0, skills=(), wishes=(), start=date(2025, 1, 6),
                  **fields):
    lat, lon = near(km_east) if km_east is not None else (None, None)
    person = make_person(territory, chosen_hours=Decimal(hours), status=PersonStatus.EMPLOYED,
                         home_latitude=lat, home_longitude=lon, skill_codes=list(skills),
                         wished_codes=list(wishes), **fields)
    contract = Contract.objects.create(person=person, employer=employer, start_on=start,
                                       weekly_hours=Decimal(hours))
    return person, contract


@pytest.fixture
def manager(employer):
    return make_user("manager", Role.EMPLOYER_MANAGER, employer=employer)


@pytest.fixture
def scene(territory, employer):
    bikes = make_running(territory, employer, "Atelier vélo", {"I1117": "35"}, km_east=1)
    garden = make_running(territory, employer, "Maraîchage", {"A1414": "35", "A1203": "17.5"}, km_east=3)
    _, mechanic_contract = make_employee(territory, employer, skills=["I1117"], km_east=0.5,
                                         last_name="Velo")
    _, gardener_contract = make_employee(territory, employer, skills=["A1414"], wishes=["A1414"],
                                         km_east=2.5)
    _, part_time_contract = make_employee(territory, employer, hours="17.5", km_east=2)
    return {"bikes": bikes, "garden": garden, "mechanic": mechanic_contract,
            "gardener": gardener_contract, "part_time": part_time_contract}
