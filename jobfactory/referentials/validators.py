"""Validators for codes of the referentials, shared by the apps' models and forms."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jobfactory.referentials import rome


def validate_rome_code(value):
    if rome.lookup(value) is None:
        raise ValidationError(_("Code ROME inconnu : %(code)s."), params={"code": value})


def validate_rome_codes(value):
    if not isinstance(value, list):
        raise ValidationError(_("Une liste de codes ROME est attendue."))
    unknown = [str(code) for code in value if rome.lookup(str(code)) is None]
    if unknown:
        raise ValidationError(_("Codes ROME inconnus : %(codes)s."), params={"codes": ", ".join(unknown)})
