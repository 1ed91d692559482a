"""From a need proposed by residents to an activity under study, through the pages, within scope."""

import pytest
from django.urls import reverse
from django.utils import timezone

from jobfactory.activities.enums import ActivityStatus
from jobfactory.activities.models import Activity, LocalNeed
from jobfactory.territories.enums import Role
from tests.activities.conftest import activity_post, skill_rows
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_need_from_residents_becomes_an_activity_under_study(client, territory, team_user):
    client.force_login(team_user)
    response = client.post(reverse("activities:need_create", args=[territory.pk]), {
        "proposed_by": "residents", "proposer": "Conseil citoyen des Oliveaux",
        "title": "Réparer les vélos", "description": "Aucun atelier vélo dans le quartier.",
        "location": "Les Oliveaux", "beneficiaries": "Habitants sans voiture", "recorded_on": "2026-02-01"})
    need = LocalNeed.objects.get()
    assert response.status_code == 302 and str(need.public_id) in response["Location"]
    create_url = reverse("activities:activity_create", args=[territory.pk]) + f"?besoin={need.public_id}"
    page = client.get(create_url)
    assert "Réparer les vélos" in page.content.decode()  # prefilled from the need
    response = client.post(reverse("activities:activity_create", args=[territory.pk])
                           + f"?besoin={need.public_id}", activity_post())
    activity = Activity.objects.get()
    today = timezone.localdate()
    assert response.status_code == 302
    assert activity.need == need
    assert activity.naf_codes == ["95.29Z"]
    assert activity.status == ActivityStatus.PROPOSED
    assert sorted((n.rome_code, str(n.hours_per_week)) for n in activity.skill_needs.all()) == [
        ("D1305", "17.50"), ("I1117", "35.00")]
    response = client.post(reverse("activities:activity_status", args=[activity.public_id]),
                           {"target": "under_study", "on": today.isoformat(), "note": "Étude lancée"})
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.UNDER_STUDY
    assert activity.status_since == today


def test_an_unknown_naf_code_or_rome_code_is_refused_with_nothing_saved(client, territory, team_user):
    client.force_login(team_user)
    response = client.post(reverse("activities:activity_create", args=[territory.pk]),
                           activity_post(naf_code_1="99.99Q", **skill_rows(("ZZ999", "10"))))
    assert response.status_code == 200
    text = response.content.decode()
    assert "99.99Q" in text and "code NAF" in text
    assert not Activity.objects.exists()


def test_the_status_page_does_not_offer_approval(client, territory, team_user, activity):
    client.force_login(team_user)
    response = client.post(reverse("activities:activity_status", args=[activity.public_id]),
                           {"target": "approved", "on": "2026-11-20"})
    assert response.status_code == 200
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PROPOSED


def test_an_objection_is_recorded_then_answered(client, territory, team_user, activity):
    client.force_login(team_user)
    client.post(reverse("activities:objection_create", args=[activity.public_id]), {
        "business": "Cycles du Nord", "business_siret": "123 456 789 00012", "raised_on": "2026-03-01",
        "grounds": "Nous réparons des vélos à 2 km."})
    objection = activity.objections.get()
    assert objection.business_siret == "12345678900012"
    response = client.post(reverse("activities:objection_answer", args=[objection.pk]),
                           {"answer": "maintained", "reasons": "", "on": "2026-03-10"})
    assert response.status_code == 200  # reasons are required to maintain
    client.post(reverse("activities:objection_answer", args=[objection.pk]),
                {"answer": "adapted", "reasons": "Autoréparation seulement", "on": "2026-03-10"})
    objection.refresh_from_db()
    assert objection.answer == "adapted"


@pytest.fixture
def readers(programme, territory, other_territory, employer):
    return {
        "committee": make_user("cle", Role.COMMITTEE_MEMBER, territories=[territory]),
        "programme": make_user("mel", Role.PROGRAMME_OFFICER, programme=programme),
        "manager": make_user("ebe", Role.EMPLOYER_MANAGER, employer=employer),
    }


def test_committee_members_and_the_programme_read_but_do_not_edit(client, readers, activity, territory):
    for name in ("committee", "programme"):
        client.force_login(readers[name])
        assert client.get(activity.get_absolute_url()).status_code == 200, name
        assert client.get(reverse("activities:territory", args=[territory.pk])).status_code == 200
        for url in (reverse("activities:activity_edit", args=[activity.public_id]),
                    reverse("activities:activity_status", args=[activity.public_id]),
                    reverse("activities:need_create", args=[territory.pk]),
                    reverse("activities:activity_create", args=[territory.pk])):
            assert client.get(url).status_code == 404, (name, url)


def test_the_employer_manager_edits_activities_of_the_territories_it_serves(client, readers, activity):
    client.force_login(readers["manager"])
    assert client.get(reverse("activities:activity_edit", args=[activity.public_id])).status_code == 200


@pytest.mark.parametrize("role", [Role.TERRITORY_TEAM, Role.NATIONAL_FUND])
def test_outsiders_get_404(client, role, other_territory, activity, need):
    user = make_user("x", role, territories=[other_territory])
    client.force_login(user)
    for url in (activity.get_absolute_url(), reverse("activities:need", args=[need.public_id]),
                reverse("activities:territory", args=[activity.territory_id])):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Atelier vélo" not in response.content.decode()
