"""Each role against another territory's objects: 404, and no personal data in the answer."""

from datetime import date

import pytest
from django.urls import reverse

from jobfactory.audit.models import AccessLog
from jobfactory.people import services as people
from jobfactory.staffing import services as staffing
from jobfactory.territories.enums import Role
from tests.conftest import make_person, make_user


@pytest.fixture
def loos_person(territory, team_user):
    person = make_person(territory, last_name="Secretname")
    people.record_interview(person, interviewed_on=date(2026, 1, 10), is_volunteer=True,
                            job_search_steps=True, notes="", user=team_user)
    people.record_decision(person, decided_on=date(2026, 1, 15), outcome="eligible", reason="",
                           user=team_user)
    return person


@pytest.fixture
def loos_contract(loos_person, employer, team_user):
    return staffing.hire(loos_person, employer=employer, start_on=date(2026, 2, 2),
                         weekly_hours=loos_person.chosen_hours, written_request_on=None,
                         over_agreement_reason="", user=team_user)


def person_urls(person):
    return [reverse(name, args=[person.public_id]) for name in (
        "people:detail", "people:edit", "people:interview", "people:decision", "people:withdraw",
        "staffing:hire", "staffing:skip")]


def contract_urls(contract):
    return [reverse(name, args=[contract.public_id]) for name in (
        "staffing:contract", "staffing:amend", "staffing:end")]


def territory_urls(territory):
    return [reverse("territories:people", args=[territory.pk]),
            reverse("territories:waiting_list", args=[territory.pk]),
            reverse("territories:person_create", args=[territory.pk]),
            reverse("people:import", args=[territory.pk]),
            reverse("people:import_template", args=[territory.pk])]


@pytest.fixture
def outsiders(programme, other_territory):
    from jobfactory.territories.models import Employer
    other_ebe = Employer.objects.create(programme=programme, name="Autre EBE")
    other_ebe.territories.add(other_territory)
    return {
        "territory team of Tourcoing": make_user("t", Role.TERRITORY_TEAM,
                                                 territories=[other_territory]),
        "manager of another EBE": make_user("e", Role.EMPLOYER_MANAGER, employer=other_ebe),
        "committee member of Loos": None,  # filled below: same territory, but no personal file
        "programme officer": make_user("p", Role.PROGRAMME_OFFICER, programme=programme),
        "national fund": make_user("f", Role.NATIONAL_FUND),
        "administrator": make_user("a", Role.ADMINISTRATOR),
    }


@pytest.mark.parametrize("who", [
    "territory team of Tourcoing", "manager of another EBE", "committee member of Loos",
    "programme officer", "national fund", "administrator"])
def test_people_outside_scope_get_404_on_every_personal_url(
        client, who, outsiders, territory, loos_person, loos_contract):
    user = outsiders[who] or make_user("c", Role.COMMITTEE_MEMBER, territories=[territory])
    client.force_login(user)
    urls = person_urls(loos_person) + contract_urls(loos_contract) + territory_urls(territory)
    for url in urls:
        assert client.get(url).status_code == 404, (who, url)
        assert b"secretname" not in client.get(url).content.lower()
        # A download answers POST with 405 Method Not Allowed: no more revealing than 404.
        response = client.post(url)
        assert response.status_code in {404, 405}, (who, url)
        assert b"secretname" not in response.content.lower()
    assert not AccessLog.objects.filter(action="view").exists()


def test_outsider_cannot_see_the_territory_page(client, outsiders, territory):
    client.force_login(outsiders["territory team of Tourcoing"])
    assert client.get(reverse("territories:detail", args=[territory.pk])).status_code == 404


def test_aggregate_roles_see_figures_but_not_the_waiting_list(client, territory, loos_person):
    member = make_user("c", Role.COMMITTEE_MEMBER, territories=[territory])
    client.force_login(member)
    page = client.get(reverse("territories:detail", args=[territory.pk]))
    assert page.status_code == 200 and b"secretname" not in page.content.lower()
    assert client.get(reverse("territories:waiting_list", args=[territory.pk])).status_code == 404


@pytest.mark.parametrize("role", [Role.TERRITORY_TEAM, Role.EMPLOYER_MANAGER])
def test_roles_in_scope_open_the_file_and_each_read_is_logged(
        client, role, territory, employer, loos_person):
    user = make_user("u", role, territories=[territory], employer=employer)
    client.force_login(user)
    response = client.get(reverse("people:detail", args=[loos_person.public_id]))
    assert response.status_code == 200 and b"SECRETNAME" in response.content
    log = AccessLog.objects.get(action="view")
    assert log.user == user and log.person_public_id == loos_person.public_id
    # The log names the person by opaque id only.
    assert "Secretname" not in log.detail and "Secretname" not in str(log)


def test_anonymous_visitors_are_sent_to_login(client, loos_person):
    response = client.get(reverse("people:detail", args=[loos_person.public_id]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_manager_hires_into_their_own_ebe_only(client, programme, territory, employer,
                                                  loos_person):
    from jobfactory.territories.models import Employer
    other_ebe = Employer.objects.create(programme=programme, name="Autre EBE du territoire")
    other_ebe.territories.add(territory)
    client.force_login(make_user("m", Role.EMPLOYER_MANAGER, employer=employer))
    url = reverse("staffing:hire", args=[loos_person.public_id])
    response = client.post(url, {"employer": other_ebe.pk, "start_on": "2026-03-02",
                                 "weekly_hours": "35"})
    assert response.status_code == 200 and not loos_person.contracts.exists()
    assert "Autre EBE du territoire" not in client.get(url).content.decode()
