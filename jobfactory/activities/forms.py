from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobfactory.activities.enums import ActivityStatus, Customer, ObjectionAnswer
from jobfactory.activities.models import Activity, LocalNeed, Objection, SkillNeed
from jobfactory.engines import activity_pipeline as pipeline
from jobfactory.planning_inputs import HalfDaysField, PositionField
from jobfactory.referentials import naf, rome

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NAF_FIELDS = ("naf_code_1", "naf_code_2", "naf_code_3")


class NeedForm(forms.ModelForm):
    class Meta:
        model = LocalNeed
        fields = ["proposed_by", "proposer", "title", "description", "location", "beneficiaries",
                  "recorded_on"]
        widgets = {"proposed_by": forms.RadioSelect, "recorded_on": DATE_INPUT,
                   "description": forms.Textarea(attrs={"rows": 4})}


class NafCodeField(forms.CharField):
    """A NAF rev.2 sub-class typed or picked from the list; stored in its official spelling."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)
        self.widget.attrs.update({"list": "naf-codes", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        code = naf.normalise(value.split(" ", 1)[0])
        if code not in naf.nomenclature():
            raise forms.ValidationError(
                _("« %(value)s » n'est pas un code NAF rév. 2 (sous-classe, par exemple 95.29Z)."),
                params={"value": value})
        return code


class ActivityForm(forms.ModelForm):
    naf_code_1 = NafCodeField(label=_("Code NAF rév. 2 principal"),
                              help_text=_("Tapez un code (95.29Z) ou un mot (vélo, couture…)."))
    naf_code_2 = NafCodeField(label=_("Autre code NAF"), required=False)
    naf_code_3 = NafCodeField(label=_("Autre code NAF"), required=False)
    customers = forms.MultipleChoiceField(label=_("Clients"), choices=Customer.choices,
                                          widget=forms.CheckboxSelectMultiple)
    site_position = PositionField(
        round_to=5, label=_("Position du lieu (latitude, longitude)"),
        help_text=_("Copiez-la depuis une carte, par exemple 50.62920, 3.05730 : elle sert à "
                    "mesurer la distance depuis le domicile des salariés."))
    working_half_days = HalfDaysField(
        label=_("Demi-journées d'ouverture"),
        initial=Activity._meta.get_field("working_half_days").default,
        help_text=_("Les demi-journées de la semaine où l'activité emploie des salariés."))

    class Meta:
        model = Activity
        fields = ["title", "description", "employer", "naf_code_1", "naf_code_2", "naf_code_3",
                  "customers", "expected_revenue", "expected_costs", "site", "schedule",
                  "working_half_days"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = territory.employers.all()
        for name in ("expected_revenue", "expected_costs"):
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True
        self.fields["employer"].empty_label = _("(pas encore d'EBE désignée)")
        for name, code in zip(NAF_FIELDS, self.instance.naf_codes or [], strict=False):
            self.initial.setdefault(name, code)
        if self.instance.customers:
            self.initial.setdefault("customers", self.instance.customers)
        if self.instance.site_latitude is not None and self.instance.site_longitude is not None:
            self.initial.setdefault(
                "site_position", (self.instance.site_latitude, self.instance.site_longitude))

    def clean(self):
        cleaned = super().clean()
        codes = [cleaned.get(name) for name in NAF_FIELDS if cleaned.get(name)]
        if len(set(codes)) != len(codes):
            self.add_error("naf_code_2", _("Ce code NAF est déjà indiqué."))
        cleaned["naf_codes"] = list(dict.fromkeys(codes))
        return cleaned

    def _post_clean(self):
        # The model validates naf_codes: set them before it runs.
        if "naf_codes" in self.cleaned_data:
            self.instance.naf_codes = self.cleaned_data["naf_codes"]
        if "customers" in self.cleaned_data:
            self.instance.customers = list(self.cleaned_data["customers"])
        if "site_position" in self.cleaned_data:
            position = self.cleaned_data["site_position"] or (None, None)
            self.instance.site_latitude, self.instance.site_longitude = position
        super()._post_clean()


class SkillNeedForm(forms.ModelForm):
    rome_code = forms.ChoiceField(label=_("Métier (ROME)"))

    class Meta:
        model = SkillNeed
        fields = ["rome_code", "hours_per_week"]

    def __init__(self, *args, divisions=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        # French users type decimal commas: 17,5 h.
        self.fields["hours_per_week"].localize = True
        self.fields["hours_per_week"].widget.is_localized = True
        self.fields["rome_code"].choices = [("", "—"), *rome.choices(set(divisions))]


SkillNeedFormSet = inlineformset_factory(
    Activity, SkillNeed, form=SkillNeedForm, extra=3, can_delete=True)


class StatusForm(forms.Form):
    target = forms.ChoiceField(label=_("Nouvel état"), widget=forms.RadioSelect)
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT, initial=timezone.localdate)
    note = forms.CharField(label=_("Commentaire"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ActivityStatus.choices)
        self.fields["target"].choices = [(s, labels[s]) for s in pipeline.next_statuses(activity.status)]

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."))
        return on


class ObjectionForm(forms.ModelForm):
    # Typed as printed on invoices, with spaces: 14 digits once they are removed.
    business_siret = forms.CharField(label=_("SIRET"), max_length=20, required=False)

    class Meta:
        model = Objection
        fields = ["business", "business_siret", "raised_on", "meeting", "grounds"]
        widgets = {"raised_on": DATE_INPUT, "grounds": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = activity.territory.meetings.all()
        self.fields["meeting"].required = False
        self.fields["meeting"].help_text = _("La séance où l'objection a été soulevée, le cas échéant.")

    def clean_business_siret(self):
        siret = self.cleaned_data["business_siret"].replace(" ", "")
        if siret and (len(siret) != 14 or not siret.isdigit()):
            raise forms.ValidationError(_("Un SIRET compte 14 chiffres."))
        return siret


class ObjectionAnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Réponse"), widget=forms.RadioSelect, choices=[
        c for c in ObjectionAnswer.choices if c[0] != ObjectionAnswer.PENDING])
    reasons = forms.CharField(label=_("Motifs"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Obligatoires si l'activité est maintenue."))
    on = forms.DateField(label=_("Date de la réponse"), widget=DATE_INPUT, initial=timezone.localdate)
