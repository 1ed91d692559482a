from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobfactory.people.forms import DATE_FORMATS, DATE_INPUT
from jobfactory.staffing.enums import ExitReason, SkipReason
from jobfactory.staffing.models import HOURS_VALIDATORS


def _date(label, required=True, initial=None, help_text=""):
    return forms.DateField(label=label, required=required, widget=DATE_INPUT,
                           input_formats=DATE_FORMATS, initial=initial, help_text=help_text)


def _hours(label):
    return forms.DecimalField(label=label, max_digits=4, decimal_places=2, localize=True,
                              validators=HOURS_VALIDATORS)


WRITTEN_REQUEST_HELP = _("Obligatoire sous 24 heures par semaine (Code du travail, L3123-7).")


class HireForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Employeur"), queryset=None, empty_label=None)
    start_on = _date(_("Date d'embauche"), initial=timezone.localdate)
    weekly_hours = _hours(_("Heures hebdomadaires choisies"))
    written_request_on = _date(_("Date de la demande écrite du salarié"), required=False,
                               help_text=WRITTEN_REQUEST_HELP)
    over_agreement_reason = forms.CharField(
        label=_("Motif d'un dépassement de la convention annuelle"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Seulement si l'embauche dépasse les ETP conventionnés avec le fonds."))

    def __init__(self, *args, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers


class SkipForm(forms.Form):
    reason = forms.ChoiceField(label=_("Motif"), choices=SkipReason.choices)
    note = forms.CharField(label=_("Explication écrite"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("L'embauche se fait sans sélection : cette explication "
                                       "est conservée."))


class AmendmentForm(forms.Form):
    effective_on = _date(_("À compter du"))
    weekly_hours = _hours(_("Nouvelles heures hebdomadaires"))
    written_request_on = _date(_("Date de la demande écrite du salarié"), required=False,
                               help_text=WRITTEN_REQUEST_HELP)
    reason = forms.CharField(label=_("Motif"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class EndContractForm(forms.Form):
    end_on = _date(_("Dernier jour du contrat"))
    reason = forms.ChoiceField(label=_("Motif de sortie"), choices=ExitReason.choices)
    exit_note = forms.CharField(label=_("Précisions"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
