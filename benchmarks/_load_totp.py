"""The second factor of the load benchmark's accounts (benchmark-only, throwaway accounts).

The accounts that open personal files must give a TOTP code after their password, as real users do.
A device accepts each code once, and a wrong match counts against a user's other devices, so every
simultaneous login gets an account of its own with one device: the role's account for load.py's
warm-up, and for each further locust user a copy of it (same role, same scope, same password).
"""

from binascii import unhexlify

from django_otp.oath import TOTP

DEVICE_NAME = "benchmark"


def ensure_logins(username: str, count: int) -> list[dict]:
    """`count` logins ({"username", "totp_key"}) for a role's account, created as needed. An account
    without a second factor to give is simply shared, as before."""
    from django.contrib.auth import get_user_model

    from jobfactory.security.policy import must_use_second_factor

    User = get_user_model()
    user = User.objects.select_related("profile").get(username=username)
    if not must_use_second_factor(user):
        return [{"username": username, "totp_key": None}] * count
    logins = [{"username": username, "totp_key": _device_key(user)}]
    for index in range(1, count):
        copy = User.objects.filter(username=f"client{index}-{username}").first() or _copy(user, index)
        logins.append({"username": copy.username, "totp_key": _device_key(copy)})
    return logins


def _copy(user, index: int):
    from django.contrib.auth import get_user_model

    from jobfactory.territories.models import Profile

    # The same hash: the password is the same and hashing is slow on purpose.
    copy = get_user_model().objects.create(username=f"client{index}-{user.username}", password=user.password)
    profile = Profile.objects.create(user=copy, role=user.profile.role, programme=user.profile.programme,
                                     employer=user.profile.employer)
    profile.territories.set(user.profile.territories.all())
    return copy


def _device_key(user) -> str:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name=DEVICE_NAME, defaults={"confirmed": True})
    return device.key


def code(hex_key: str) -> str:
    """The current six digits, as an authenticator app shows them."""
    return f"{TOTP(unhexlify(hex_key)).token():06d}"


def verify_session(client, username: str) -> None:
    """Marks a Django test client's logged-in session as having passed the second factor, as
    django_otp.login does after a right code (the query counts then include its cost)."""
    from django.contrib.auth import get_user_model
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=get_user_model().objects.get(username=username),
                                       name=DEVICE_NAME).first()
    if device is None:
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
