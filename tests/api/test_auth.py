"""Session or bearer token; a token acts as its user, is stored as a hash only, and can be revoked."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from jobfactory.api.models import ApiToken
from jobfactory.territories.enums import Role
from tests.conftest import make_user


def _get(client, url, token=None, **headers):
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return client.get(url, headers=headers)


def test_no_authentication_is_401(client, territory):
    for url in ("/api/territories", f"/api/territories/{territory.pk}"):
        response = client.get(url)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_valid_token_acts_with_its_users_scope(client, territory, other_territory, team_user):
    _token, clear = ApiToken.issue(team_user, "tableau de bord")
    response = _get(client, "/api/territories", clear)
    assert response.status_code == 200
    assert [t["id"] for t in response.json()] == [territory.pk]
    assert _get(client, f"/api/territories/{other_territory.pk}", clear).status_code == 404


def test_token_records_its_last_use(client, territory, team_user):
    token, clear = ApiToken.issue(team_user, "t")
    assert token.last_used_at is None
    _get(client, "/api/territories", clear)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_wrong_token_is_401(client, team_user):
    ApiToken.issue(team_user, "t")
    assert _get(client, "/api/territories", "jf_not-a-token").status_code == 401


def test_revoked_token_is_401(client, team_user):
    token, clear = ApiToken.issue(team_user, "t")
    assert _get(client, "/api/territories", clear).status_code == 200
    token.revoke()
    assert _get(client, "/api/territories", clear).status_code == 401


def test_token_of_an_inactive_user_is_401(client, team_user):
    _token, clear = ApiToken.issue(team_user, "t")
    team_user.is_active = False
    team_user.save()
    assert _get(client, "/api/territories", clear).status_code == 401


def test_a_bad_token_does_not_fall_back_on_the_session(client, team_user):
    client.force_login(team_user)
    assert client.get("/api/territories").status_code == 200
    assert _get(client, "/api/territories", "jf_wrong").status_code == 401


def test_session_is_enough_for_the_browser(client, territory, team_user):
    client.force_login(team_user)
    assert client.get("/api/territories").status_code == 200


def test_only_the_hash_is_stored(team_user):
    token, clear = ApiToken.issue(team_user, "t")
    assert clear.startswith("jf_") and len(clear) > 40
    row = ApiToken.objects.values().get(pk=token.pk)
    assert row["key_hash"] == hashlib.sha256(clear.encode()).hexdigest()
    assert not any(clear in str(value) for value in row.values())


def test_create_api_token_command_shows_the_token_once(team_user, territory, client):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "team", "--name", "script de la métropole", stdout=out,
                 stderr=err)
    clear = out.getvalue().strip()
    assert "script de la métropole" in err.getvalue() and "Équipe projet" in err.getvalue()
    assert clear not in err.getvalue()
    token = ApiToken.objects.get()
    assert (token.user, token.name) == (team_user, "script de la métropole")
    assert token.key_hash == hashlib.sha256(clear.encode()).hexdigest()
    assert _get(client, "/api/territories", clear).status_code == 200


@pytest.mark.parametrize("args", [["ghost", "--name", "x"], ["team", "--name", " "]])
def test_create_api_token_refuses(team_user, args):
    with pytest.raises(CommandError):
        call_command("create_api_token", *args, stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


def test_create_api_token_refuses_a_user_without_role(django_user_model):
    django_user_model.objects.create_user("norole", password="correct-horse-42")
    with pytest.raises(CommandError, match="rôle"):
        call_command("create_api_token", "norole", "--name", "x", stdout=StringIO(), stderr=StringIO())


@pytest.fixture
def superuser_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="correct-horse-42")
    client.force_login(admin)
    return client


def test_admin_lists_and_revokes_tokens_without_showing_them(superuser_client, team_user):
    token, clear = ApiToken.issue(team_user, "tableau de bord")
    changelist = reverse("admin:api_apitoken_changelist")
    page = superuser_client.get(changelist).content.decode()
    assert "tableau de bord" in page
    assert clear not in page and token.key_hash not in page
    detail = superuser_client.get(reverse("admin:api_apitoken_change", args=[token.pk])).content.decode()
    assert clear not in detail and token.key_hash not in detail
    response = superuser_client.post(changelist, {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert superuser_client.get(reverse("admin:api_apitoken_add")).status_code == 403


def test_token_of_an_aggregate_role_keeps_its_limits(client, territory, person):
    fund = make_user("fund-machine", Role.NATIONAL_FUND)
    _token, clear = ApiToken.issue(fund, "évaluation")
    assert _get(client, f"/api/territories/{territory.pk}", clear).status_code == 200
    assert _get(client, f"/api/people/{person.public_id}", clear).status_code == 404
