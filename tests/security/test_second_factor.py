"""The second factor (TOTP) after the password: for the roles that open personal files and for
administrators, on every page including the admin site and the API."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobfactory.territories.enums import Role
from tests.conftest import make_user
from tests.security.totp import confirmed_device, current_code, verified_login

pytestmark = pytest.mark.totp
PASSWORD = "correct-horse-42"


def log_in(client, username, next_url=""):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD, "next": next_url})


@pytest.fixture
def committee_user(territory):
    return make_user("cle", Role.COMMITTEE_MEMBER, territories=[territory])


@pytest.fixture
def admin_user(db):
    user = make_user("root", Role.ADMINISTRATOR)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_a_team_member_with_a_device_gives_the_code_then_reaches_the_page(client, team_user, territory):
    device = confirmed_device(team_user)
    people_page = reverse("territories:people", args=[territory.pk])
    log_in(client, "team", people_page)

    answer = client.get(people_page)
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("two_factor") + "?next=")

    page = client.get(answer["Location"])
    assert page.status_code == 200
    assert 'name="otp_token"' in page.content.decode()
    # No menu before the code: each of its links would only lead back to this page.
    assert f'href="{reverse("territories:list")}"' not in page.content.decode()

    wrong = client.post(answer["Location"], {"otp_token": "000000" if current_code(device) != "000000"
                                             else "111111", "next": people_page})
    assert wrong.status_code == 200 and "Code incorrect" in wrong.content.decode()
    assert client.get(people_page).status_code == 302

    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code above started the back-off
    device.save()
    right = client.post(reverse("two_factor"), {"otp_token": current_code(device), "next": people_page})
    assert right.status_code == 302 and right["Location"] == people_page
    assert client.get(people_page).status_code == 200
    assert f'href="{reverse("territories:list")}"' in client.get(people_page).content.decode()


def test_a_code_cannot_be_used_twice(client, team_user):
    device = confirmed_device(team_user)
    log_in(client, "team")
    code = current_code(device)
    assert client.post(reverse("two_factor"), {"otp_token": code}).status_code == 302
    client.post(reverse("logout"))
    log_in(client, "team")
    replay = client.post(reverse("two_factor"), {"otp_token": code})
    assert replay.status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_an_aggregates_only_role_is_not_asked(client, committee_user):
    log_in(client, "cle")
    assert client.get(reverse("territories:list")).status_code == 200


def test_the_admin_site_requires_the_second_factor(client, admin_user):
    confirmed_device(admin_user)
    log_in(client, "root")
    answer = client.get(reverse("admin:index"))
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("two_factor"))
    verified_login(client, admin_user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_api_answers_no_data_to_an_unverified_session(client, team_user):
    confirmed_device(team_user)
    log_in(client, "team")
    answer = client.get("/api/territories")
    assert answer.status_code == 302
    assert b"Loos" not in answer.content


def test_enrolment_shows_the_key_and_confirms_the_device(client, team_user, territory):
    log_in(client, "team")
    first = client.get(reverse("territories:list"))
    assert first.status_code == 302 and first["Location"].startswith(reverse("two_factor_setup"))
    assert client.get(reverse("two_factor"))["Location"].startswith(reverse("two_factor_setup"))

    page = client.get(first["Location"]).content.decode()
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    assert "otpauth://totp/" in page and "<svg" in page
    device = TOTPDevice.objects.get(user=team_user)
    assert not device.confirmed
    # What an authenticator app computes from the key the page shows.
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    code = f"{TOTP(key).token():06d}"
    answer = client.post(reverse("two_factor_setup"), {"otp_token": code, "next": reverse("home")})
    assert answer.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("territories:list")).status_code == 200


def test_a_confirmed_device_cannot_be_replaced_with_the_password_alone(client, team_user):
    confirmed_device(team_user)
    log_in(client, "team")
    answer = client.get(reverse("two_factor_setup"))
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("two_factor"))
    assert TOTPDevice.objects.filter(user=team_user).count() == 1


def test_the_next_page_must_be_on_this_site(client, team_user):
    device = confirmed_device(team_user)
    log_in(client, "team")
    answer = client.post(reverse("two_factor"), {"otp_token": current_code(device),
                                                 "next": "https://evil.example/"})
    assert answer.status_code == 302 and answer["Location"] == reverse("home")


def test_the_requirement_can_be_turned_off(client, team_user, settings):
    settings.JOBFACTORY_REQUIRE_TOTP = False
    log_in(client, "team")
    assert client.get(reverse("territories:list")).status_code == 200


def test_the_login_and_static_pages_stay_open(client, team_user):
    confirmed_device(team_user)
    log_in(client, "team")
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("two_factor")).status_code == 200
