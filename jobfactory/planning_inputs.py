"""The planner's inputs on forms and pages: the fields that read them and the words that show them.

- ``RomeCodesField``: an ordered list of ROME 4.0 codes, one text input per job with the browser's
  own suggestions (a ``<datalist>``, no JavaScript; include ``rome_datalist.html`` in the page).
  With about 1,600 jobs a select per job would weigh over 100 kB each; typed codes keep the order
  the user gave, so the first one is the main job.
- ``HalfDaysField``: checkboxes of the 12 half-days, cleaned to ``engines.week``'s bit mask.
- ``PositionField``: « latitude, longitude » as copied from a map, cleaned to rounded Decimals.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobfactory.engines import geo
from jobfactory.engines.week import DAYS, half_days_of, mask_of
from jobfactory.people.enums import HalfDay
from jobfactory.referentials import rome

ROME_DATALIST_ID = "rome-jobs"
POSITION_MAX_LENGTH = 80


# ---------------------------------------------------------------------------------------- ROME


def split_codes(text: str) -> list[str]:
    """ "K2204, N1103 ; A1203" (a spreadsheet cell) -> ["K2204", "N1103", "A1203"]."""
    return [part for part in re.split(r"[\s,;/]+", text or "") if part]


@cache
def _jobs_by_label() -> dict[str, rome.RomeJob]:
    return {job.label.casefold(): job for job in rome.jobs().values()}


def job_of(text: str) -> rome.RomeJob | None:
    """The job a user typed: its code, the datalist's « code libellé », or the exact label."""
    text = (text or "").strip()
    if not text:
        return None
    return rome.lookup(text.split(" ", 1)[0]) or _jobs_by_label().get(text.casefold())


def job_labels(codes) -> list[str]:
    """« K2204 Nettoyage de locaux » for each code, in order; an unknown code is said so."""
    labels = []
    for code in codes or ():
        job = rome.lookup(str(code))
        labels.append(str(job) if job else _("%(code)s (code absent du référentiel ROME)")
                      % {"code": code})
    return labels


class RomeCodesWidget(forms.MultiWidget):
    """Text inputs tied to the page's ROME datalist: ``slots`` of them, more when the record has more.

    A form given the codes as one text under the field's own name (the CSV import) reads them from
    it, separated by commas, semicolons or spaces.
    """

    def __init__(self, slots=3, placeholders=("", ""), attrs=None):
        self.placeholders = placeholders
        super().__init__([self._input(i) for i in range(slots)], attrs)

    def _input(self, index):
        placeholder = self.placeholders[0 if index == 0 else 1]
        return forms.TextInput(attrs={"list": ROME_DATALIST_ID, "autocomplete": "off",
                                      "placeholder": placeholder})

    def _grow(self, count):
        # New lists: a copied widget shares widgets_names with the form class's own.
        if count > len(self.widgets):
            self.widgets = [*self.widgets, *(self._input(i) for i in range(len(self.widgets), count))]
            self.widgets_names = [f"_{i}" for i in range(count)]

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else id_

    def decompress(self, value):
        return list(value or [])

    def get_context(self, name, value, attrs):
        values = value if isinstance(value, list | tuple) else self.decompress(value)
        # Every code on record shown, and one empty input to add another.
        self._grow(len([v for v in values if v]) + 1)
        return super().get_context(name, list(values), attrs)

    def value_from_datadict(self, data, files, name):
        if name in data:
            return split_codes(data.get(name))
        count = len(self.widgets)
        while f"{name}_{count}" in data:
            count += 1
        return [data.get(f"{name}_{i}") or "" for i in range(count)]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_0" not in data


class RomeCodesField(forms.Field):
    """A list of ROME 4.0 codes in the order given, without repeats; unknown jobs refused."""

    def __init__(self, *, slots=3, placeholders=("", ""), **kwargs):
        kwargs.setdefault("widget", RomeCodesWidget(slots=slots, placeholders=placeholders))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        # Codes on record are shown with their label; what the user typed is shown as typed.
        if isinstance(value, list | tuple):
            return [str(job) if (job := rome.lookup(str(v))) and len(str(v).strip()) == 5
                    else v for v in value]
        return value

    def to_python(self, value) -> list[str]:
        if isinstance(value, str):
            value = split_codes(value)
        codes, unknown = [], []
        for text in value or ():
            text = str(text).strip()
            if not text:
                continue
            job = job_of(text)
            if job is None:
                unknown.append(text if len(text) <= 40 else text[:40] + "…")
            elif job.code not in codes:
                codes.append(job.code)
        if unknown:
            raise forms.ValidationError(
                _("Métier inconnu du référentiel ROME 4.0 : %(values)s. Choisissez un métier "
                  "parmi les propositions, ou tapez son code (une lettre et quatre chiffres, "
                  "par exemple K2204).") % {"values": ", ".join(f"« {u} »" for u in unknown)},
                code="unknown_rome_code")
        return codes

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != list(initial or [])
        except forms.ValidationError:
            return True


# ----------------------------------------------------------------------------------- half-days


class HalfDaysField(forms.MultipleChoiceField):
    """The 12 half-days as checkboxes (French labels of HalfDay); cleaned to the int mask."""

    default_error_messages = {"required": gettext_lazy("Cochez au moins une demi-journée.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", HalfDay.choices)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple(attrs={"class": "half-days"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return [str(i) for i in half_days_of(value)]
        return value

    def clean(self, value) -> int:
        return mask_of(super().clean(value))

    def has_changed(self, initial, data):
        if isinstance(initial, int):
            initial = half_days_of(initial)
        return super().has_changed(initial, data)


DAY_NAMES = (gettext_lazy("lundi"), gettext_lazy("mardi"), gettext_lazy("mercredi"),
             gettext_lazy("jeudi"), gettext_lazy("vendredi"), gettext_lazy("samedi"))
FULL, MORNING, AFTERNOON = 3, 1, 2  # the two bits of a day


def _join(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s et %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def describe_half_days(mask: int) -> str:
    """« du lundi au vendredi », « les matins du lundi au jeudi et samedi », « mardi matin »..."""
    parts = [(mask >> (2 * day)) & FULL for day in range(DAYS)]
    items, day = [], 0
    while day < DAYS:
        part = parts[day]
        if not part:
            day += 1
            continue
        end = day
        while end + 1 < DAYS and parts[end + 1] == part:
            end += 1
        if end - day >= 2:  # three days or more in a row
            span = {"first": DAY_NAMES[day], "last": DAY_NAMES[end]}
            items.append({FULL: _("du %(first)s au %(last)s"),
                          MORNING: _("les matins du %(first)s au %(last)s"),
                          AFTERNOON: _("les après-midi du %(first)s au %(last)s")}[part] % span)
        else:
            for single in range(day, end + 1):
                items.append(str(DAY_NAMES[single]) if part == FULL
                             else str(HalfDay(2 * single + (part == AFTERNOON)).label))
        day = end + 1
    return _join(items) or _("aucune demi-journée")


# ------------------------------------------------------------------------------------ position


def _degrees(value: Decimal, places: int) -> str:
    return f"{value:.{places}f}"


class PositionField(forms.Field):
    """« latitude, longitude » in decimal degrees, as maps copy them; cleaned to a rounded
    (Decimal, Decimal) tuple, or None when left empty. ``round_to``: decimals kept (3 ≈ 100 m)."""

    widget = forms.TextInput

    def __init__(self, *, round_to: int, **kwargs):
        self.round_to = round_to
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "maxlength": str(POSITION_MAX_LENGTH),
                                  "placeholder": "50.6292, 3.0573"})

    def prepare_value(self, value):
        if isinstance(value, list | tuple) and len(value) == 2 and None not in value:
            return ", ".join(_degrees(Decimal(v), self.round_to) for v in value)
        return value

    def to_python(self, value):
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        if len(text) > POSITION_MAX_LENGTH:
            raise forms.ValidationError(_("Trop long pour une position : saisissez seulement la "
                                          "latitude et la longitude."), code="too_long")
        try:
            latitude, longitude = geo.parse_position(text)
        except ValueError as error:
            if "out of range" in str(error):
                raise forms.ValidationError(
                    _("Position hors limites : la latitude va de -90 à 90 et la longitude de -180 "
                      "à 180. Saisissez la latitude d'abord, puis la longitude."),
                    code="out_of_range") from None
            raise forms.ValidationError(
                _("Position illisible : saisissez la latitude puis la longitude en degrés "
                  "décimaux, séparées par une virgule ou un point-virgule, par exemple "
                  "50.6292, 3.0573 ou 50,6292 ; 3,0573 (comme une carte en ligne les donne)."),
                code="invalid") from None
        quantum = Decimal(1).scaleb(-self.round_to)
        return tuple(Decimal(repr(v)).quantize(quantum, rounding=ROUND_HALF_UP)
                     for v in (latitude, longitude))

    def has_changed(self, initial, data):
        try:
            value = self.to_python(data)
        except forms.ValidationError:
            return True
        initial = tuple(Decimal(v) for v in initial) if initial and None not in initial else None
        return value != initial
