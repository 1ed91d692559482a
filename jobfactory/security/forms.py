from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    """The six digits of the authenticator app, checked against the given devices.

    Each device throttles its own failures (django_otp's ThrottlingMixin: the wait doubles after each
    wrong code) and refuses a code already used, so a code cannot be guessed nor replayed."""

    otp_token = forms.CharField(
        label=_("Code à 6 chiffres"), max_length=8, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "pattern": "[0-9]*", "autofocus": True}))

    def __init__(self, *args, devices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.devices = list(devices)
        self.device = None

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Le code ne contient que des chiffres."))
        throttled = False
        for device in self.devices:
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if device.verify_token(token):
                self.device = device
                return token
        if throttled:
            raise forms.ValidationError(_("Trop de codes incorrects : patientez quelques secondes avant "
                                          "de réessayer."))
        raise forms.ValidationError(_("Code incorrect ou expiré."))
