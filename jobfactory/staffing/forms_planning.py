"""Forms of the planner's pages: running a plan, and one person's lines in a proposed plan."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from jobfactory.engines.planner import UNITS_PER_HOUR


class RunPlanForm(forms.Form):
    territory = forms.ModelChoiceField(
        label=_("Périmètre"), queryset=None, required=False,
        empty_label=_("Tout l'employeur (tous ses territoires)"))

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories


# "17,5", "17.5", "17 h 30", "17h30", "17 h"
HOURS_PATTERN = re.compile(r"^\s*(\d{1,2})\s*(?:h\s*(\d{1,2})?)?\s*$", re.IGNORECASE)


class HoursField(forms.CharField):
    """Weekly hours in half-hour steps, as French users write them; cleaned to half-hour units."""

    default_error_messages = {
        "invalid": _("Indiquez des heures comme 17,5 ou 17 h 30."),
        "step": _("Par demi-heure : 17,5 ou 18, pas %(value)s."),
        "positive": _("Indiquez des heures positives."),
        "max": _("Pas plus de 35 heures par semaine."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        match = HOURS_PATTERN.match(value)
        if match and match.group(2) is not None:
            minutes = int(match.group(2))
            if minutes not in (0, 30):
                raise forms.ValidationError(self.error_messages["step"], code="step",
                                            params={"value": value})
            hours = Decimal(match.group(1)) + Decimal(minutes) / 60
        elif match:
            hours = Decimal(match.group(1))
        else:
            try:
                hours = Decimal(value.replace(",", ".").replace(" ", ""))
            except InvalidOperation:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
            if not hours.is_finite():
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        units = hours * UNITS_PER_HOUR
        if units != units.to_integral_value():
            raise forms.ValidationError(self.error_messages["step"], code="step", params={"value": value})
        if units <= 0:
            raise forms.ValidationError(self.error_messages["positive"], code="positive")
        if units > 35 * UNITS_PER_HOUR:
            raise forms.ValidationError(self.error_messages["max"], code="max")
        return int(units)


def units_as_text(units: int) -> str:
    """Half-hour units as the field shows them: 35 -> "17,5", 70 -> "35"."""
    hours = Decimal(units) / UNITS_PER_HOUR
    return f"{hours.normalize():f}".replace(".", ",")


class PlanLineForm(forms.Form):
    post = forms.ChoiceField(label=_("Activité – métier"), required=False)
    units = HoursField(label=_("Heures par semaine"), required=False,
                       widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}))

    def __init__(self, *args, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].choices = [("", "—"), *posts]

    def clean(self):
        data = super().clean()
        post, units = data.get("post"), data.get("units")
        if self.errors:
            return data
        if post and units is None:
            self.add_error("units", _("Indiquez les heures de cette ligne."))
        elif units is not None and not post:
            self.add_error("post", _("Choisissez l'activité et le métier."))
        return data

    def entry(self) -> tuple[int, str, int] | None:
        """(activity id, ROME code, units), or None for an empty or removed row."""
        data = self.cleaned_data
        if not data or data.get("DELETE") or not data.get("post") or data.get("units") is None:
            return None
        activity_id, rome_code = data["post"].split(":", 1)
        return int(activity_id), rome_code, data["units"]


class BasePlanLineFormSet(forms.BaseFormSet):
    def entries(self) -> list[tuple[int, str, int]]:
        return [entry for form in self.forms if (entry := form.entry()) is not None]


PlanLineFormSet = forms.formset_factory(PlanLineForm, formset=BasePlanLineFormSet, extra=2,
                                        can_delete=True, max_num=30, validate_max=True)


def post_key(activity_id: int, rome_code: str) -> str:
    return f"{activity_id}:{rome_code}"
