"""Who must prove a second factor (TOTP) after the password."""

import base64

from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobfactory.territories.enums import Role
from jobfactory.territories.scope import opens_personal_files, role_of


def must_use_second_factor(user) -> bool:
    """Whoever can open a personal file or configure the site: a stolen password alone must not
    expose the people's files. Independent of JOBFACTORY_REQUIRE_TOTP, so that the demo enrols the
    same accounts whether or not the requirement is on."""
    if not user.is_authenticated:
        return False
    return (opens_personal_files(user) or user.is_staff or user.is_superuser
            or role_of(user) == Role.ADMINISTRATOR)


def second_factor_pending(user) -> bool:
    """True while a user who must use a second factor has not proved it in this session."""
    if not settings.JOBFACTORY_REQUIRE_TOTP or not must_use_second_factor(user):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified())


def has_confirmed_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def base32_secret(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed in by hand (no padding)."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def enrol(user, *, name: str = "Application d'authentification") -> TOTPDevice:
    """A confirmed TOTP device with a fresh random key: for accounts provisioned by a command (the
    demo, the load benchmark), whose owners receive the key out of band."""
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)
