"""Each endpoint sees exactly what the pages see: outside the scope, 404 like a missing page."""

import pytest

from tests.conftest import make_person

NAMES = ("Josiane", "Vandenbussche", "Marcelline", "Delacroixmont")


@pytest.fixture
def world(territory, other_territory, far_territory, person, waiting_person, activity):
    """Someone, and an activity, in each territory."""
    make_person(other_territory, first_name="Josiane", last_name="Vandenbussche")
    make_person(far_territory, first_name="Marcelline", last_name="Delacroixmont")
    return {"territory": territory, "other": other_territory, "far": far_territory,
            "person": person, "waiting": waiting_person}


def urls_of(territory_id):
    return {
        "detail": f"/api/territories/{territory_id}",
        "people": f"/api/territories/{territory_id}/people",
        "waiting": f"/api/territories/{territory_id}/waiting-list",
        "activities": f"/api/territories/{territory_id}/activities",
    }


def every_url(world):
    urls = ["/api/territories"]
    for key in ("territory", "other", "far"):
        urls += list(urls_of(world[key].pk).values())
    return urls + [f"/api/people/{world['person'].public_id}",
                   f"/api/people/{world['waiting'].public_id}"]


def test_territory_team_sees_its_territory_only(world, team_user, as_user):
    get = as_user(team_user)
    assert [t["id"] for t in get("/api/territories").json()] == [world["territory"].pk]
    for url in urls_of(world["territory"].pk).values():
        assert get(url).status_code == 200, url
    for key in ("other", "far"):
        for url in urls_of(world[key].pk).values():
            assert get(url).status_code == 404, url
    assert get(f"/api/people/{world['person'].public_id}").status_code == 200


def test_another_territory_team_gets_404_on_every_object(world, other_team_user, as_user):
    get = as_user(other_team_user)
    assert [t["id"] for t in get("/api/territories").json()] == [world["other"].pk]
    for url in urls_of(world["territory"].pk).values():
        assert get(url).status_code == 404, url
    for key in ("person", "waiting"):
        assert get(f"/api/people/{world[key].public_id}").status_code == 404
    people = get(f"/api/territories/{world['other'].pk}/people").json()
    assert [p["last_name"] for p in people["items"]] == ["Vandenbussche"]


def test_employer_manager_sees_the_territories_it_serves(world, manager, as_user):
    get = as_user(manager)
    assert [t["id"] for t in get("/api/territories").json()] == [world["territory"].pk]
    assert get(f"/api/territories/{world['territory'].pk}/people").status_code == 200
    assert get(f"/api/territories/{world['other'].pk}/people").status_code == 404
    assert get(f"/api/people/{world['person'].public_id}").status_code == 200


@pytest.mark.parametrize("role_fixture", ["officer", "committee_member", "fund_user", "admin_role_user"])
def test_aggregate_roles_get_404_on_people_and_never_see_names(world, role_fixture, request, as_user):
    get = as_user(request.getfixturevalue(role_fixture))
    for territory in (world["territory"], world["other"], world["far"]):
        for key in ("people", "waiting"):
            assert get(urls_of(territory.pk)[key]).status_code == 404
    for key in ("person", "waiting"):
        assert get(f"/api/people/{world[key].public_id}").status_code == 404
    for url in every_url(world):
        body = get(url).content.decode()
        assert not any(name in body for name in NAMES), url


def test_programme_officer_sees_its_programme_only(world, officer, as_user):
    get = as_user(officer)
    ids = {t["id"] for t in get("/api/territories").json()}
    assert ids == {world["territory"].pk, world["other"].pk}
    assert get(f"/api/territories/{world['territory'].pk}").status_code == 200
    assert get(f"/api/territories/{world['territory'].pk}/activities").status_code == 200
    assert get(f"/api/territories/{world['far'].pk}").status_code == 404
    assert get(f"/api/territories/{world['far'].pk}/activities").status_code == 404


def test_committee_member_reads_activities_not_files(world, committee_member, as_user):
    get = as_user(committee_member)
    activities = get(f"/api/territories/{world['territory'].pk}/activities").json()
    assert [a["title"] for a in activities] == ["Atelier vélo"]
    assert get(f"/api/territories/{world['other'].pk}/activities").status_code == 404


def test_national_fund_sees_every_territory_but_no_activity(world, fund_user, as_user):
    get = as_user(fund_user)
    ids = {t["id"] for t in get("/api/territories").json()}
    assert ids == {world["territory"].pk, world["other"].pk, world["far"].pk}
    assert get(f"/api/territories/{world['far'].pk}").status_code == 200
    # As on the pages: the fund reads aggregates, not the activities' pipeline.
    assert get(f"/api/territories/{world['territory'].pk}/activities").status_code == 404


def test_a_user_without_a_role_sees_nothing(world, as_user, django_user_model):
    get = as_user(django_user_model.objects.create_user("nobody", password="correct-horse-42"))
    assert get("/api/territories").json() == []
    assert get(f"/api/territories/{world['territory'].pk}").status_code == 404


def test_session_gives_the_same_scope(world, client, team_user, other_team_user):
    client.force_login(other_team_user)
    assert client.get(f"/api/territories/{world['territory'].pk}").status_code == 404
    assert client.get(f"/api/people/{world['person'].public_id}").status_code == 404
    client.force_login(team_user)
    assert client.get(f"/api/territories/{world['territory'].pk}").status_code == 200
    assert client.get(f"/api/people/{world['person'].public_id}").status_code == 200
