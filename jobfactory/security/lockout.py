"""What a login locked out by django-axes answers: the login page again, saying why, in French."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    # A fresh, empty form: the locked attempt's username is not echoed back.
    return render(request, "registration/login.html",
                  {"form": AuthenticationForm(request), "locked_out": True, "cooloff_minutes": minutes,
                   "next": request.POST.get("next", "")},
                  status=settings.AXES_HTTP_RESPONSE_CODE)


def client_str(username, ip_address, user_agent, path_info, request) -> str:
    return f"path {path_info}"
