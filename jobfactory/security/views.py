"""The second step of the login: a TOTP code, and the enrolment of the authenticator app."""

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobfactory.security.forms import TokenForm
from jobfactory.security.policy import base32_secret, has_confirmed_device


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


@never_cache
@sensitive_post_parameters("otp_token")
@login_required
def two_factor(request):
    if not has_confirmed_device(request.user):
        return _to("two_factor_setup", request)
    form = TokenForm(request.POST or None, devices=devices_for_user(request.user, confirmed=True))
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        return redirect(_next_url(request))
    return render(request, "registration/two_factor.html", {
        "form": form, "next": _next_url(request), "second_factor_step": True})


@never_cache
@sensitive_post_parameters("otp_token")
@login_required
def two_factor_setup(request):
    """Enrols a first device only: once one is confirmed, adding another takes the second factor
    through the administration, so that a stolen password cannot enrol the thief's phone."""
    if has_confirmed_device(request.user):
        return _to("two_factor", request)
    device = (TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("pk").first()
              or TOTPDevice.objects.create(user=request.user, name="Application d'authentification",
                                           confirmed=False))
    form = TokenForm(request.POST or None, devices=[device])
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        return redirect(_next_url(request))
    uri = device.config_url
    return render(request, "registration/two_factor_setup.html", {
        "form": form, "next": _next_url(request), "secret": _grouped(base32_secret(device)),
        "otpauth_uri": uri, "qr_svg": segno.make(uri, error="m").svg_inline(scale=4, title="QR code"),
        "second_factor_step": True,
    })


def _grouped(secret: str) -> str:
    """By fours, as apps show it: easier to type in without a slip."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _to(name: str, request):
    query = request.GET.urlencode()
    return redirect(f"{reverse(name)}?{query}" if query else reverse(name))
