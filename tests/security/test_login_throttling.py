"""django-axes: repeated wrong passwords lock the username out from that address for a while."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from jobfactory.territories.enums import Role
from tests.conftest import make_user


@pytest.fixture
def user(db):
    return make_user("cle", Role.COMMITTEE_MEMBER)


def attempt(client, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": "cle", "password": password},
                       REMOTE_ADDR=address)


def test_five_failures_lock_the_account_out_even_with_the_right_password(client, user):
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200
    locked = attempt(client, "wrong")
    assert locked.status_code == 429
    assert "Trop de tentatives" in locked.content.decode()
    again = attempt(client, "correct-horse-42")
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_ends_after_the_cool_off(client, user):
    for _ in range(5):
        attempt(client, "wrong")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert attempt(client, "correct-horse-42").status_code == 302


def test_another_address_is_not_locked_out(client, user):
    for _ in range(5):
        attempt(client, "wrong")
    assert attempt(client, "correct-horse-42", address="10.0.0.2").status_code == 302


def test_a_success_forgets_earlier_failures(client, user):
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, "correct-horse-42").status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200
