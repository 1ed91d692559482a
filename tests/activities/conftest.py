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
