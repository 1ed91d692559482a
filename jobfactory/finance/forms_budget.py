"""Forms of the budget pages: copying a scenario, and editing its assumptions.

The fields only read what people type (French decimals, euros); the rules of the law (the
département's share at least 15 %, the start-up grant at most 30 %...) are the engine's, whose
messages are attached to the fields they concern (`AssumptionsForms.add_problems`).
"""

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from jobfactory.engines.budget import year_months
from jobfactory.finance import budget_service

MONTH_FIELDS = [f"m{i}" for i in range(1, 13)]


class FrenchDecimalField(forms.DecimalField):
    """A decimal as people type it: "1 250,50", "1250.5 €", "15 %"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", True)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 8}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f€%]", "", value)
        return super().to_python(value)


def _euros(cents) -> Decimal:
    return Decimal(int(cents or 0)) / 100


class CopyForm(forms.Form):
    name = forms.CharField(
        label=_("Nom de la copie"), max_length=120,
        help_text=_("Par exemple : « Embauches accélérées », « Chiffre d'affaires prudent »."))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if name == budget_service.BASE_NAME:
            raise forms.ValidationError(
                _("Ce nom est réservé au budget calculé à partir des données réelles."))
        return name


class ScenarioForm(forms.Form):
    departement_share_percent = FrenchDecimalField(
        label=_("Part du département (% de la contribution de l'État)"),
        help_text=_("Au moins 15 % (décret 2021-863, art. 24) ; la convention peut prévoir plus."))
    startup_grant_percent = FrenchDecimalField(
        label=_("Dotation d'amorçage (% du SMIC brut annuel par ETP net créé)"),
        help_text=_("De 0 à 30 % (décret 2021-863, art. 22), selon la convention."))
    supervisory_fte = FrenchDecimalField(
        label=_("Encadrement : ETP (personnel qui n'est pas PPDE)"),
        help_text=_("Financé par la contribution dans la limite de 10 % des ETP de l'employeur."))
    supervisory_cost_per_fte = FrenchDecimalField(
        label=_("Encadrement : coût mensuel d'un ETP (€, brut et cotisations patronales)"))
    cap_includes_departement = forms.BooleanField(
        label=_("Le plafond (salaires financés) porte aussi sur la part du département"), required=False,
        help_text=_("Lecture large du décret 2021-863, art. 24 ; sinon seule la contribution de l'État "
                    "est plafonnée."))


class HireForm(forms.Form):
    month = forms.TypedChoiceField(label=_("Mois"), required=False, coerce=str)
    weekly_hours = FrenchDecimalField(label=_("Heures par semaine"), required=False,
                                      widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}))
    count = forms.IntegerField(label=_("Personnes"), required=False,
                               widget=forms.NumberInput(attrs={"size": 4, "style": "width: 5rem"}))

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [("", "—")] + [
            (budget_service.month_key(m), capfirst(date_format(m, "F Y"))) for m in year_months(year)]

    def clean(self):
        data = super().clean()
        given = [data.get(name) not in (None, "") for name in ("month", "weekly_hours", "count")]
        if any(given) and not all(given):
            raise forms.ValidationError(_("Indiquez le mois, les heures et le nombre de personnes."))
        data["empty"] = not any(given)
        return data


class AmountRowForm(forms.Form):
    """One line of revenue or other costs: a name and an amount for each month, in euros."""

    activity = forms.CharField(required=False, widget=forms.HiddenInput)
    label = forms.CharField(label=_("Ligne"), max_length=300, required=False,
                            widget=forms.TextInput(attrs={"size": 22}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, name in enumerate(MONTH_FIELDS):
            self.fields[name] = FrenchDecimalField(
                label=capfirst(date_format(date(2000, index + 1, 1), "N")), required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6, "class": "month"}))

    def clean(self):
        data = super().clean()
        amounts = [data.get(name) or Decimal(0) for name in MONTH_FIELDS]
        data["monthly_cents"] = [budget_service.to_cents(a) for a in amounts]
        data["empty"] = not (data.get("label") or "").strip() and not any(amounts)
        if not data["empty"] and not (data.get("label") or "").strip():
            raise forms.ValidationError(_("Donnez un nom à cette ligne."))
        return data


class RateForm(forms.Form):
    starts_on = forms.DateField(label=_("À compter du"), required=False,
                                input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    percent = FrenchDecimalField(label=_("Taux (% du SMIC horaire brut)"), required=False,
                                 widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}))
    note = forms.CharField(label=_("Pourquoi"), max_length=300, required=False,
                           widget=forms.TextInput(attrs={"size": 40}))

    def clean(self):
        data = super().clean()
        given = [data.get("starts_on") is not None, data.get("percent") is not None]
        if any(given) and not all(given):
            raise forms.ValidationError(_("Indiquez la date et le taux."))
        data["empty"] = not any(given)
        return data


HireFormSet = forms.formset_factory(HireForm, extra=2, can_delete=True)
AmountFormSet = forms.formset_factory(AmountRowForm, extra=1, can_delete=True)
RateFormSet = forms.formset_factory(RateForm, extra=1, can_delete=True)

# Where each of the service's problems is shown: a field of ScenarioForm, or a section.
FIELD_OF_PROBLEM = {"supervisory_cost_per_fte_cents": "supervisory_cost_per_fte"}
SECTION_OF_PROBLEM = {"hires": "hires", "revenue": "revenue", "other_costs": "other_costs",
                      "rate_overrides": "rates", "__all__": "main"}


def _rows(formset) -> list:
    return [f.cleaned_data for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and not f.cleaned_data.get("empty")]


class AssumptionsForms:
    """The assumption form and its four tables, bound together."""

    def __init__(self, scenario, data=None):
        a = scenario.assumptions or {}
        self.year = scenario.year
        self.main = ScenarioForm(data, initial={
            "departement_share_percent": Decimal(str(a.get("departement_share_percent", "15"))),
            "startup_grant_percent": Decimal(str(a.get("startup_grant_percent", "0"))),
            "supervisory_fte": Decimal(str(a.get("supervisory_fte", "0"))),
            "supervisory_cost_per_fte": _euros(a.get("supervisory_cost_per_fte_cents", 0)),
            "cap_includes_departement": bool(a.get("cap_includes_departement", False)),
        })
        self.hires = HireFormSet(data, prefix="hires", form_kwargs={"year": scenario.year}, initial=[
            {"month": h["month"], "weekly_hours": Decimal(str(h["weekly_hours"])), "count": h["count"]}
            for h in a.get("hires", [])])
        self.revenue = AmountFormSet(data, prefix="revenue", initial=self._amounts(a.get("revenue", [])))
        self.other_costs = AmountFormSet(data, prefix="costs",
                                         initial=self._amounts(a.get("other_costs", [])))
        self.rates = RateFormSet(data, prefix="rates", initial=[
            {"starts_on": date.fromisoformat(r["starts_on"]), "percent": Decimal(str(r["percent"])),
             "note": r.get("note", "")} for r in a.get("rate_overrides", [])])
        self.section_errors: dict[str, str] = {}

    @staticmethod
    def _amounts(rows) -> list[dict]:
        initial = []
        for row in rows:
            values = {"activity": row.get("activity") or "", "label": row["label"]}
            values.update({name: _euros(c)
                           for name, c in zip(MONTH_FIELDS, row["monthly_cents"], strict=False)})
            initial.append(values)
        return initial

    def parts(self):
        return [self.main, self.hires, self.revenue, self.other_costs, self.rates]

    def is_valid(self) -> bool:
        valid = [part.is_valid() for part in self.parts()]  # each part, so that each shows its errors
        return all(valid)

    def assumptions(self) -> dict:
        main = self.main.cleaned_data
        hires = sorted(_rows(self.hires), key=lambda h: (h["month"], -h["weekly_hours"]))
        return {
            "hires": [{"month": h["month"], "weekly_hours": budget_service.decimal_text(h["weekly_hours"]),
                       "count": h["count"]} for h in hires],
            "revenue": [{"activity": r["activity"] or None, "label": r["label"].strip(),
                         "monthly_cents": r["monthly_cents"]} for r in _rows(self.revenue)],
            "other_costs": [{"label": r["label"].strip(), "monthly_cents": r["monthly_cents"]}
                            for r in _rows(self.other_costs)],
            "supervisory_fte": budget_service.decimal_text(main["supervisory_fte"]),
            "supervisory_cost_per_fte_cents": budget_service.to_cents(main["supervisory_cost_per_fte"]),
            "departement_share_percent": budget_service.decimal_text(main["departement_share_percent"]),
            "startup_grant_percent": budget_service.decimal_text(main["startup_grant_percent"]),
            "cap_includes_departement": main["cap_includes_departement"],
            "rate_overrides": [{"starts_on": r["starts_on"].isoformat(),
                                "percent": budget_service.decimal_text(r["percent"]),
                                "note": r["note"].strip()}
                               for r in sorted(_rows(self.rates), key=lambda r: r["starts_on"])],
        }

    def add_problems(self, problems: dict[str, str]) -> None:
        """The service's (the engine's) messages, each next to what it is about."""
        for key, message in problems.items():
            name = FIELD_OF_PROBLEM.get(key, key)
            if name in self.main.fields:
                self.main.add_error(name, message)
            else:
                self.section_errors[SECTION_OF_PROBLEM.get(key, "main")] = message
