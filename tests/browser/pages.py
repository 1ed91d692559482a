"""What a user does on any page: log in, submit a form, download a file, keep a screenshot."""

import os
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from playwright.sync_api import expect

PASSWORD = "correct-horse-42"  # tests.conftest.make_user's
# Kept by CI as artefacts (one folder per database there): the last page of each journey, and the
# page a failing test stopped on.
SCREENSHOTS = Path(os.environ.get("JOBFACTORY_SCREENSHOTS")
                   or Path(__file__).resolve().parents[2] / "var" / "screenshots")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def submit(page, button) -> None:
    """Click a button or a link and wait for the page it leads to."""
    with page.expect_navigation():
        button.click()


def button(page, name):
    return page.get_by_role("button", name=name, exact=True)


def link(page, name):
    return page.get_by_role("link", name=name, exact=True)


def field(page, label):
    """A form's field by its label as shown, required or not (a red star follows the label)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def menu(page, name):
    return page.get_by_role("navigation").get_by_role("link", name=name, exact=True)


def open_territory(page, territory):
    submit(page, link(page, territory.name))
    expect(page.get_by_role("heading", level=1)).to_have_text(territory.name)


def kpi(page, label):
    """The figure shown above a label on a page of key figures."""
    label = page.locator(".label", has_text=re.compile(f"^{re.escape(label)}$"))
    return page.locator(".kpi", has=label).locator(".value")


def totp_installed() -> bool:
    return apps.is_installed("django_otp.plugins.otp_totp")


def second_factor_required() -> bool:
    return totp_installed() and getattr(settings, "JOBFACTORY_REQUIRE_TOTP", False)


def confirm_totp_device(user):
    """A confirmed authenticator for ``user``, as after enrolment; None while django_otp is absent."""
    if not totp_installed():
        return None
    from django_otp.plugins.otp_totp.models import TOTPDevice
    return TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)


def current_code(username: str) -> str:
    """The code the user's authenticator shows now: their confirmed device's, or the device being
    enrolled when none is confirmed yet."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice
    device = (TOTPDevice.objects.filter(user__username=username)
              .order_by("-confirmed", "-id").first())
    assert device is not None, f"{username} has no TOTP device to read a code from"
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"


def log_in(page, username: str, password: str = PASSWORD) -> str | None:
    """Log in through /connexion/, then through the second factor when the site asks for it.
    Returns the address of the page that asked for the code, None when none did."""
    page.goto("/connexion/")
    field(page, "Identifiant").fill(username)
    field(page, "Mot de passe").fill(password)
    submit(page, button(page, "Se connecter"))
    code_field = page.locator("input[name=otp_token]")
    if not code_field.count():
        return None
    asked_on = page.url
    code_field.fill(current_code(username))
    with page.expect_navigation():
        code_field.press("Enter")  # whatever the button says, Enter submits the field's form
    return asked_on


def download(page, link, into: Path) -> Path:
    """Click a download link; the file as saved by the browser, under its suggested name."""
    with page.expect_download() as info:
        link.click()
    file = info.value
    assert file.failure() is None, file.failure()
    path = into / file.suggested_filename
    file.save_as(path)
    return path


def assert_no_browser_errors(page) -> None:
    """No script failed and nothing was refused (a policy, a missing file) on the journey's pages."""
    assert page.errors == [], page.errors
