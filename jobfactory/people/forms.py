import re
from datetime import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobfactory.engines.costing import ITEMS
from jobfactory.people.enums import DEFAULT_REACH_KM, MAX_CHILDREN, DecisionOutcome, TravelMode
from jobfactory.people.models import HouseholdSituation, Person
from jobfactory.planning_inputs import HalfDaysField, PositionField, RomeCodesField
from jobfactory.referentials.models import Commune

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# French Excel writes dd/mm/yyyy; browsers send ISO dates.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y"]

PERSON_FIELDS = [
    "first_name", "last_name", "sex", "birth_date", "email", "phone", "address", "postcode",
    "commune", "in_qpv", "lives_in_territory", "arrived_in_territory_on",
    "without_employment_since", "deprivation_kind", "registered_unemployed_since",
    "qualification_level", "rqth", "right_to_work", "skills", "skill_codes", "projects", "wishes",
    "wished_codes", "chosen_hours", "mobility_constraints", "travel_mode", "travel_reach_km",
    "available_half_days", "childcare_constraints", "health_notes", "health_consent_on",
    "information_notice_on",
]
DATE_FIELDS = ("birth_date", "arrived_in_territory_on", "without_employment_since",
               "registered_unemployed_since", "health_consent_on", "information_notice_on")
TEXT_FIELDS = ("skills", "projects", "wishes", "mobility_constraints", "childcare_constraints",
               "health_notes")


def reach_help_text() -> str:
    defaults = " ; ".join(f"{str(label).lower()} : {DEFAULT_REACH_KM[TravelMode(value)]} km"
                          for value, label in TravelMode.choices)
    return _("Vide : la distance habituelle du mode de déplacement, une hypothèse de l'outil "
             "(%(defaults)s), à vol d'oiseau.") % {"defaults": defaults}


class PersonForm(forms.ModelForm):
    """The one validation of a volunteer's record: used by the page and by the CSV import."""

    skill_codes = RomeCodesField(
        label=_("Métiers exercés (codes ROME)"),
        placeholders=(_("métier principal : code ou mot du métier"), _("autre métier")),
        help_text=_("Le premier est le métier principal. Tapez un code ROME (K2204) ou un mot "
                    "du métier et choisissez parmi les propositions."))
    wished_codes = RomeCodesField(
        label=_("Métiers souhaités (codes ROME)"),
        placeholders=(_("métier souhaité"), _("autre métier souhaité")),
        help_text=_("Les métiers que la personne souhaite exercer, par ordre de préférence."))
    home_position = PositionField(
        round_to=3, label=_("Position du domicile (latitude, longitude)"),
        help_text=_("Position approximative du domicile (arrondie à 100 m) : copiez-la depuis "
                    "une carte. Ne saisissez pas l'adresse."))
    available_half_days = HalfDaysField(
        label=_("Demi-journées disponibles"),
        initial=Person._meta.get_field("available_half_days").default)

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {
            **dict.fromkeys(DATE_FIELDS, DATE_INPUT),
            **dict.fromkeys(TEXT_FIELDS, forms.Textarea(attrs={"rows": 2})),
        }

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                field.input_formats = DATE_FORMATS
            if name in ("chosen_hours", "travel_reach_km"):
                field.localize = True
                field.widget.is_localized = True
        self.fields["travel_reach_km"].help_text = reach_help_text()
        if self.instance.home_latitude is not None and self.instance.home_longitude is not None:
            self.initial.setdefault(
                "home_position", (self.instance.home_latitude, self.instance.home_longitude))

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if not (len(postcode) == 5 and postcode.isdigit()):
            raise forms.ValidationError(_("Un code postal a 5 chiffres."))
        return postcode

    def clean(self):
        data = super().clean()
        today = self.today
        for name in DATE_FIELDS:
            value = data.get(name)
            if value and value > today:
                self.add_error(name, _("Cette date est dans le futur."))
        birth = data.get("birth_date")
        if birth:
            age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
            if age < 16:
                self.add_error("birth_date", _("La personne doit avoir au moins 16 ans."))
            elif age > 100:
                self.add_error("birth_date", _("Date de naissance invraisemblable."))
            for name in ("arrived_in_territory_on", "without_employment_since",
                         "registered_unemployed_since"):
                value = data.get(name)
                if value and value < birth:
                    self.add_error(name, _("Cette date précède la date de naissance."))
        if data.get("health_notes") and not data.get("health_consent_on"):
            self.add_error("health_consent_on", _(
                "Les limitations de santé ne sont enregistrées qu'avec le consentement explicite "
                "de la personne : indiquez sa date, ou laissez le champ santé vide."))
        if data.get("health_consent_on") and not data.get("health_notes"):
            data["health_consent_on"] = None
        return data

    def _post_clean(self):
        # The model checks both coordinates or neither: set them before it runs.
        if "home_position" in self.cleaned_data:
            position = self.cleaned_data["home_position"] or (None, None)
            self.instance.home_latitude, self.instance.home_longitude = position
        super()._post_clean()


class InterviewForm(forms.Form):
    interviewed_on = forms.DateField(label=_("Date de l'entretien"), widget=DATE_INPUT,
                                     input_formats=DATE_FORMATS, initial=timezone.localdate)
    is_volunteer = forms.TypedChoiceField(
        label=_("La personne se porte volontaire"), coerce=lambda v: v == "yes",
        choices=[("yes", _("Oui")), ("no", _("Non"))], widget=forms.RadioSelect)
    job_search_steps = forms.TypedChoiceField(
        label=_("Démarches de recherche d'emploi pendant la période sans emploi"),
        coerce=lambda v: v == "yes", choices=[("yes", _("Oui")), ("no", _("Non"))],
        widget=forms.RadioSelect,
        help_text=_("Les attestations France Travail ou CAF appuient l'entretien ; elles ne sont "
                    "pas une condition."))
    notes = forms.CharField(label=_("Observations"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def clean_interviewed_on(self):
        value = self.cleaned_data["interviewed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("L'entretien ne peut pas être daté dans le futur."))
        return value


class DecisionForm(forms.Form):
    decided_on = forms.DateField(label=_("Date de la décision du comité"), widget=DATE_INPUT,
                                 input_formats=DATE_FORMATS, initial=timezone.localdate)
    outcome = forms.ChoiceField(label=_("Décision"), choices=DecisionOutcome.choices,
                                widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Motifs"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def clean_decided_on(self):
        value = self.cleaned_data["decided_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("La décision ne peut pas être datée dans le futur."))
        return value


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Date du retrait"), widget=DATE_INPUT,
                                   input_formats=DATE_FORMATS, initial=timezone.localdate)
    reason = forms.CharField(label=_("Motif"), max_length=300)


# --------------------------------------------------------------------------- household (issue 5)

DECLARABLE_ITEMS = [item for item in ITEMS if item.declarable]
MONEY_FIELDS = ("partner_monthly_gross", "monthly_rent", "are_monthly_gross")


class EurosField(forms.DecimalField):
    """An amount in euros as people type it: "1 250,50", "1250.5 €"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f€]", "", value)
        return super().to_python(value)


class BirthDatesField(forms.CharField):
    """Dates typed as jj/mm/aaaa, separated by commas, semicolons or new lines: a sorted list of
    ISO dates."""

    widget = forms.Textarea(attrs={"rows": 2})

    def to_python(self, value):
        text = super().to_python(value)
        days = []
        for part in (p for p in re.split(r"[,;\s]+", text) if p):
            for pattern in DATE_FORMATS:
                try:
                    days.append(datetime.strptime(part, pattern).date())
                    break
                except ValueError:
                    continue
            else:
                raise forms.ValidationError(
                    _("« %(value)s » n'est pas une date : écrivez jj/mm/aaaa, une date par enfant."),
                    params={"value": part})
        if len(days) > MAX_CHILDREN:
            raise forms.ValidationError(_("Au plus %(max)s enfants à charge (%(count)s indiqués)."),
                                        params={"max": MAX_CHILDREN, "count": len(days)})
        return sorted(day.isoformat() for day in days)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(datetime.fromisoformat(d).strftime("%d/%m/%Y") for d in value)
        return value

    def has_changed(self, initial, data):
        try:
            return sorted(initial or []) != self.to_python(data)
        except forms.ValidationError:
            return True


class HouseholdForm(forms.ModelForm):
    """The household situation costing needs, with the benefits the person says they receive."""

    children_birth_dates = BirthDatesField(
        label=_("Dates de naissance des enfants à charge"), required=False,
        help_text=_("Une date par enfant vivant au foyer (jj/mm/aaaa), séparées par des virgules ; "
                    "vide : pas d'enfant à charge. Au plus 8."))

    class Meta:
        model = HouseholdSituation
        fields = ["has_partner", "partner_birth_date", "partner_monthly_gross",
                  "children_birth_dates", "housing", "monthly_rent", "commune_code", "disability",
                  "ass_eligible", "are_monthly_gross"]
        widgets = {"partner_birth_date": DATE_INPUT, "disability": forms.RadioSelect}
        field_classes = dict.fromkeys(MONEY_FIELDS, EurosField)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.person = person
        self.fields["partner_birth_date"].input_formats = DATE_FORMATS
        for name in MONEY_FIELDS:
            self.fields[name].required = False
        declared = self.instance.declared_euros()
        for item in DECLARABLE_ITEMS:
            name = f"declared_{item.key}"
            self.fields[name] = EurosField(
                label=item.label, required=False, min_value=0, max_digits=8, decimal_places=2,
                error_messages={"min_value": _("Un montant ne peut pas être négatif.")})
            self.initial.setdefault(name, declared.get(item.key))
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                field.localize = True
                field.widget.is_localized = True
                field.widget.input_type = "text"
                field.widget.attrs["inputmode"] = "decimal"

    @property
    def received_fields(self):
        return [self[f"declared_{item.key}"] for item in DECLARABLE_ITEMS]

    def clean_commune_code(self):
        code = self.cleaned_data["commune_code"].strip().upper()
        if code and not Commune.objects.filter(insee_code=code).exists():
            raise forms.ValidationError(_(
                "Code commune « %(code)s » inconnu du référentiel des communes : vérifiez le code "
                "INSEE (ce n'est pas le code postal), ou faites charger le fichier officiel de "
                "l'INSEE par un administrateur (commande import_communes)."),
                params={"code": code})
        return code

    def _post_clean(self):
        # The declared amounts become one JSON field before the model validates it.
        self.instance.declared_cents = {
            item.key: int((self.cleaned_data[f"declared_{item.key}"] * 100).to_integral_value())
            for item in DECLARABLE_ITEMS
            if self.cleaned_data.get(f"declared_{item.key}") is not None}
        for name in MONEY_FIELDS:
            if name in self.cleaned_data and self.cleaned_data[name] is None:
                self.cleaned_data[name] = Decimal(0)
        super()._post_clean()
