"""Sends a user who still owes the second factor to it, whatever page they ask for."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from jobfactory.security.policy import has_confirmed_device, second_factor_pending

# Pages reachable between the password and the second factor: to give the code, to enrol, to leave.
OPEN_URL_NAMES = ("login", "logout", "two_factor", "two_factor_setup")


class SecondFactorMiddleware:
    """After django_otp's OTPMiddleware (which tells whether the session is verified). The admin site
    is covered too: its pages are not exempt."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if second_factor_pending(request.user) and not self._is_open(request.path):
            target = "two_factor" if has_confirmed_device(request.user) else "two_factor_setup"
            # Only the path goes along: the URLs carry opaque identifiers, never a person's name.
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        static = "/" + settings.STATIC_URL.lstrip("/")
        return path.startswith(static) or path in {reverse(name) for name in OPEN_URL_NAMES}
