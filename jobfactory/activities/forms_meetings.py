from django import forms
from django.utils.translation import gettext_lazy as _

from jobfactory.activities.enums import ChamberOpinion, Verdict
from jobfactory.activities.models import Attendance, CommitteeMeeting
from jobfactory.people.forms import DATE_FORMATS, DATE_INPUT

# The chambers' opinions, as record_decision takes them: the AgendaItem's own field names.
OPINION_FIELDS = ("chamber_of_commerce_opinion", "chamber_of_commerce_notes",
                  "chamber_of_trades_opinion", "chamber_of_trades_notes")


class MeetingForm(forms.ModelForm):
    class Meta:
        model = CommitteeMeeting
        fields = ["held_on", "place", "notes"]
        widgets = {"held_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"notes": _("Facultatif : l'ordre du jour et les décisions sont saisis à part.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].input_formats = DATE_FORMATS
        # The pack and the minutes name the place: a meeting is always held somewhere.
        self.fields["place"].required = True


class AttendanceForm(forms.ModelForm):
    present = forms.IntegerField(
        label=_("membres présents"), min_value=1, initial=1,
        widget=forms.NumberInput(attrs={"min": 1}),
        error_messages={"min_value": _("Au moins un membre présent : sinon, supprimez la ligne.")})

    class Meta:
        model = Attendance
        fields = ["member_type", "organisation", "present"]
        error_messages = {
            "organisation": {"required": _("Indiquez l'organisme représenté.")},
            "member_type": {"required": _("Choisissez le collège de l'organisme.")},
        }


class BaseAttendanceFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = _("Supprimer la ligne")

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            key = (form.cleaned_data.get("member_type"),
                   (form.cleaned_data.get("organisation") or "").strip().casefold())
            if not key[1]:
                continue
            if key in seen:
                # Two rows for one organisation would count its members twice in the total.
                raise forms.ValidationError(
                    _("L'organisme « %(organisation)s » figure deux fois dans le même collège : "
                      "regroupez ses présents sur une ligne."),
                    params={"organisation": form.cleaned_data["organisation"]})
            seen.add(key)


AttendanceFormSet = forms.inlineformset_factory(
    CommitteeMeeting, Attendance, form=AttendanceForm, formset=BaseAttendanceFormSet,
    extra=3, can_delete=True)


class AgendaAddForm(forms.Form):
    activity = forms.ModelChoiceField(
        label=_("Activité à inscrire"), queryset=None, to_field_name="public_id",
        error_messages={"invalid_choice": _("Choisissez une activité de ce territoire.")})

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
        self.fields["activity"].label_from_instance = (
            lambda activity: f"{activity.title} ({activity.get_status_display()})")


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Décision du comité"), choices=Verdict.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": _("Choisissez la décision du comité.")})
    reasons = forms.CharField(
        label=_("Motifs"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ce qui a fondé la décision : utilité, non-concurrence, viabilité, conditions posées."),
        error_messages={"required": _("Les motifs de la décision sont obligatoires.")})
    chamber_of_commerce_opinion = forms.ChoiceField(
        label=_("Avis de la chambre de commerce et d'industrie (CCI)"), choices=ChamberOpinion.choices,
        initial=ChamberOpinion.NOT_CONSULTED)
    chamber_of_commerce_notes = forms.CharField(
        label=_("Avis de la CCI : précisions"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    chamber_of_trades_opinion = forms.ChoiceField(
        label=_("Avis de la chambre de métiers et de l'artisanat (CMA)"), choices=ChamberOpinion.choices,
        initial=ChamberOpinion.NOT_CONSULTED)
    chamber_of_trades_notes = forms.CharField(
        label=_("Avis de la CMA : précisions"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def opinions(self) -> dict:
        return {field: self.cleaned_data[field] for field in OPINION_FIELDS}
