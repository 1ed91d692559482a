from datetime import date
from decimal import Decimal

import pytest

from jobfactory.activities.enums import NeedProposer
from jobfactory.activities.models import Activity, CommitteeMeeting, LocalNeed, SkillNeed
from jobfactory.activities.services import create_activity


@pytest.fixture
def need(territory, team_user):
    return LocalNeed.objects.create(
        territory=territory, proposed_by=NeedProposer.RESIDENTS, proposer="Conseil citoyen",
        title="Réparer les vélos", description="Pas d'atelier vélo dans le quartier.",
        location="Les Oliveaux", beneficiaries="Habitants sans voiture", recorded_by=team_user)


def make_activity(territory, user, *, need=None, title="Atelier vélo", naf_codes=("95.29Z",),
                  hours=(("I1607", "35"),), on=date(2026, 1, 10)) -> Activity:
    activity = Activity(territory=territory, need=need, title=title, description="Réparation de vélos",
                        naf_codes=list(naf_codes), customers=["residents"],
                        expected_revenue=Decimal("12000"), expected_costs=Decimal("3000"))
    needs = [SkillNeed(rome_code=code, hours_per_week=Decimal(h)) for code, h in hours]
    return create_activity(activity, user=user, skill_needs=needs, on=on)


@pytest.fixture
def activity(territory, team_user, need):
    return make_activity(territory, team_user, need=need)


@pytest.fixture
def meeting(territory, team_user):
    return CommitteeMeeting.objects.create(territory=territory, held_on=date(2026, 3, 2),
                                           place="Mairie de Loos", created_by=team_user)


def skill_rows(*rows):
    data = {"skills-TOTAL_FORMS": str(len(rows)), "skills-INITIAL_FORMS": "0",
            "skills-MIN_NUM_FORMS": "0", "skills-MAX_NUM_FORMS": "1000"}
    for i, (code, hours) in enumerate(rows):
        data[f"skills-{i}-rome_code"] = code
        data[f"skills-{i}-hours_per_week"] = hours
    return data


def activity_post(**overrides):
    data = {"title": "Atelier vélo solidaire", "description": "Réparer et apprendre à réparer",
            "naf_code_1": "9529z", "naf_code_2": "", "naf_code_3": "", "customers": ["residents"],
            "expected_revenue": "15000", "expected_costs": "4000", "site": "Local rue Kléber",
            "schedule": "Du mardi au samedi", "employer": "", "site_position": "",
            "working_half_days": [str(i) for i in range(2, 12)],
            **skill_rows(("I1117", "35"), ("D1305", "17,5"), ("", ""))}
    data.update(overrides)
    return data
