"""The load benchmark logs in as real users do, second factor included (benchmarks/_load_totp.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from jobfactory.territories.enums import Role
from tests.benchmarks.test_load_data import load_benchmark_module
from tests.conftest import make_user

pytestmark = pytest.mark.totp


def test_each_simultaneous_login_passes_the_second_factor_with_its_own_account(team_user, territory):
    totp = load_benchmark_module("_load_totp")
    logins = totp.ensure_logins("team", 3)
    assert len({login["username"] for login in logins}) == 3
    assert totp.ensure_logins("team", 3) == logins  # a rerun on a kept database reuses them
    people = reverse("territories:people", args=[territory.pk])
    for login in logins:
        client = Client()
        client.post(reverse("login"), {"username": login["username"], "password": "correct-horse-42"})
        assert client.get(people).status_code == 302
        answer = client.post(reverse("two_factor"), {"otp_token": totp.code(login["totp_key"])})
        assert answer.status_code == 302
        assert client.get(people).status_code == 200


def test_an_aggregates_only_account_is_shared_without_a_second_factor(territory):
    make_user("cle", Role.COMMITTEE_MEMBER, territories=[territory])
    logins = load_benchmark_module("_load_totp").ensure_logins("cle", 2)
    assert logins == [{"username": "cle", "totp_key": None}] * 2
