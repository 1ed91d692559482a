"""A volunteer's planner inputs: jobs as ROME codes, home position, travel and half-days."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse

from jobfactory.engines.week import ALL_WEEK, WEEKDAYS, mask_of
from jobfactory.people.forms import PersonForm
from jobfactory.people.imports import import_people
from jobfactory.people.models import Person
from jobfactory.planning_inputs import (
    HalfDaysField,
    PositionField,
    RomeCodesField,
    describe_half_days,
    job_labels,
)
from jobfactory.referentials import rome

WEEKDAY_BOXES = [str(i) for i in range(10)]
FORM = {
    "first_name": "Awa", "last_name": "Diallo", "sex": "F", "birth_date": "12/03/1979",
    "address": "3 rue Victor Hugo", "postcode": "59120", "commune": "Loos",
    "lives_in_territory": "on", "arrived_in_territory_on": "01/02/2015",
    "without_employment_since": "01/09/2021", "deprivation_kind": "total", "right_to_work": "on",
    "chosen_hours": "24,5", "information_notice_on": "05/01/2026",
    "travel_mode": "public_transport", "travel_reach_km": "", "available_half_days": WEEKDAY_BOXES,
}


# ------------------------------------------------------------------------------ position field


@pytest.mark.parametrize("text", ["50.6292, 3.0573", "50,6292 ; 3,0573", "50.6292,3.0573",
                                  " 50,6292 3,0573 ", "50.6292;3.0573"])
def test_a_position_is_read_as_maps_copy_it(text):
    assert PositionField(round_to=4).clean(text) == (Decimal("50.6292"), Decimal("3.0573"))


def test_a_home_is_rounded_to_three_decimals_and_a_site_keeps_five():
    assert PositionField(round_to=3).clean("50.62951, -3.05749") == (Decimal("50.630"),
                                                                    Decimal("-3.057"))
    assert PositionField(round_to=3).clean("50.6295, 3.0565") == (Decimal("50.630"),
                                                                  Decimal("3.057"))
    assert PositionField(round_to=5).clean("50.629254, 3.057") == (Decimal("50.62925"),
                                                                   Decimal("3.05700"))


def test_an_empty_position_is_none_unless_required():
    assert PositionField(round_to=3).clean("  ") is None
    with pytest.raises(forms.ValidationError):
        PositionField(round_to=3, required=True).clean("")


@pytest.mark.parametrize("text", ["3 rue Victor Hugo, Loos", "50.6292", "50°37'45\"N 3°3'26\"E",
                                  "50.6292, 3.0573, 12", "abc, def"])
def test_a_position_that_is_not_two_numbers_is_refused_in_french(text):
    with pytest.raises(forms.ValidationError, match="Position illisible.*latitude puis la "
                                                    "longitude"):
        PositionField(round_to=3).clean(text)


@pytest.mark.parametrize("text", ["95, 3.05", "50.6, 190", "-91 ; 0"])
def test_a_position_out_of_range_says_so(text):
    with pytest.raises(forms.ValidationError, match="hors limites.*-90 à 90.*-180 à 180"):
        PositionField(round_to=3).clean(text)


def test_a_position_on_record_is_shown_as_it_is_typed():
    field = PositionField(round_to=3)
    assert field.prepare_value((Decimal("50.629"), Decimal("3.057"))) == "50.629, 3.057"
    assert not field.has_changed((Decimal("50.629"), Decimal("3.057")), "50,629 ; 3,057")
    assert field.has_changed((Decimal("50.629"), Decimal("3.057")), "")


# ----------------------------------------------------------------------------- half-days field


@pytest.mark.parametrize("mask", [1, WEEKDAYS, ALL_WEEK, 0b101010101010, mask_of([0, 7, 11])])
def test_half_days_round_trip_through_the_checkboxes(mask):
    field = HalfDaysField()
    boxes = field.prepare_value(mask)
    assert field.clean(boxes) == mask
    assert not field.has_changed(mask, boxes)
    assert field.has_changed(mask, boxes[1:])


def test_no_half_day_is_refused_and_labels_are_french():
    field = HalfDaysField()
    with pytest.raises(forms.ValidationError, match="au moins une demi-journée"):
        field.clean([])
    with pytest.raises(forms.ValidationError):
        field.clean(["12"])
    labels = [str(label) for _, label in field.choices]
    assert labels[0] == "lundi matin" and labels[-1] == "samedi après-midi"


@pytest.mark.parametrize(("mask", "words"), [
    (WEEKDAYS, "du lundi au vendredi"),
    (ALL_WEEK, "du lundi au samedi"),
    (WEEKDAYS | 1 << 10, "du lundi au vendredi et samedi matin"),
    (mask_of([0, 2, 4, 6, 8]), "les matins du lundi au vendredi"),
    (mask_of([0, 1, 3, 9]), "lundi, mardi après-midi et vendredi après-midi"),
    (mask_of([1]), "lundi après-midi"),
    (0, "aucune demi-journée"),
])
def test_half_days_in_words(mask, words):
    assert describe_half_days(mask) == words


# -------------------------------------------------------------------------------- ROME codes


def test_rome_codes_keep_the_order_given_without_repeats():
    field = RomeCodesField()
    label = rome.lookup("K2204").label
    assert field.clean(["a1203", "", f"K2204 {label}", "A1203"]) == ["A1203", "K2204"]
    assert field.clean([label.upper(), "N1103"]) == ["K2204", "N1103"]  # the exact label
    assert field.clean("N1103, A1203 ; K2204") == ["N1103", "A1203", "K2204"]  # one CSV cell
    assert field.clean(["", ""]) == []


def test_an_unknown_rome_code_is_refused_with_a_message():
    with pytest.raises(forms.ValidationError, match=r"inconnu du référentiel ROME 4\.0 : "
                                                    r"« ZZ999 »"):
        RomeCodesField().clean(["K2204", "ZZ999"])


def test_codes_on_record_are_shown_with_their_labels():
    field = RomeCodesField()
    shown = field.prepare_value(["K2204"])
    assert shown == [str(rome.lookup("K2204"))]
    assert not field.has_changed(["K2204"], shown)
    assert job_labels(["K2204", "Z0000"]) == [str(rome.lookup("K2204")),
                                              "Z0000 (code absent du référentiel ROME)"]


# ---------------------------------------------------------------------------------- the form


def person_form(**changes):
    return PersonForm(FORM | changes, today=date(2026, 6, 15))


def test_the_person_form_maps_the_inputs_to_the_record(db):
    form = person_form(skill_codes_0="A1203", skill_codes_1="K2204", wished_codes_0="N1103",
                       home_position="50,62951 ; 3,05749", travel_mode="bike",
                       travel_reach_km="7,5", available_half_days=["0", "1", "10"])
    assert form.is_valid(), form.errors
    person = form.instance
    assert form.cleaned_data["skill_codes"] == ["A1203", "K2204"]
    assert (person.home_latitude, person.home_longitude) == (Decimal("50.630"), Decimal("3.057"))
    assert person.available_half_days == mask_of([0, 1, 10])
    assert person.travel_reach_km == Decimal("7.5")


def test_the_person_form_refuses_bad_inputs_field_by_field(db):
    form = person_form(skill_codes_0="ZZ999", home_position="rue Victor Hugo",
                       available_half_days=[])
    assert not form.is_valid()
    assert "ZZ999" in form.errors["skill_codes"][0]
    assert "Position illisible" in form.errors["home_position"][0]
    assert "demi-journée" in form.errors["available_half_days"][0]


def test_the_reach_help_names_each_mode_default_as_an_assumption(db):
    help_text = str(PersonForm().fields["travel_reach_km"].help_text)
    assert "hypothèse" in help_text
    assert "à pied : 2 km" in help_text and "en voiture ou deux-roues motorisé : 15 km" in help_text


# ------------------------------------------------------------------------------------ the pages


@pytest.fixture
def logged_team(client, team_user):
    client.force_login(team_user)
    return client


def test_register_then_edit_a_person_with_planner_inputs(logged_team, territory):
    client = logged_team
    create = reverse("territories:person_create", args=[territory.pk])
    page = client.get(create).content.decode()
    assert 'list="rome-jobs"' in page and '<datalist id="rome-jobs">' in page
    assert "Ne saisissez pas l&#x27;adresse" in page
    assert 'value="9" class="half-days" id="id_available_half_days_9" checked' in page

    refused = client.post(create, FORM | {"skill_codes_0": "ZZ999", "home_position": "95, 3"})
    assert refused.status_code == 200 and not Person.objects.exists()
    text = refused.content.decode()
    assert "« ZZ999 »" in text and "hors limites" in text and 'value="ZZ999"' in text

    response = client.post(create, FORM | {
        "skill_codes_0": "A1203", "skill_codes_1": "K2204", "skill_codes_2": "",
        "wished_codes_0": "N1103", "home_position": "50.62951, 3.05749",
        "travel_mode": "bike", "travel_reach_km": ""})
    person = Person.objects.get()
    assert response.status_code == 302
    assert person.skill_codes == ["A1203", "K2204"] and person.wished_codes == ["N1103"]
    assert (person.home_latitude, person.home_longitude) == (Decimal("50.630"), Decimal("3.057"))
    assert person.available_half_days == WEEKDAYS and person.travel_reach_km is None

    detail = client.get(reverse("people:detail", args=[person.public_id])).content.decode()
    assert str(rome.lookup("A1203")).replace("'", "&#x27;") in detail
    assert "métier principal" in detail and str(rome.lookup("N1103")) in detail
    assert "Position renseignée" in detail and "50.63" not in detail and "50,63" not in detail
    assert "À vélo" in detail and "5 km" in detail and "hypothèse" in detail
    assert "Du lundi au vendredi" in detail

    edit = reverse("people:edit", args=[person.public_id])
    form_page = client.get(edit).content.decode()
    assert 'value="50.630, 3.057"' in form_page
    assert f'value="{rome.lookup("K2204")}"'.replace("'", "&#x27;") in form_page
    response = client.post(edit, FORM | {
        "skill_codes_0": "K2204", "skill_codes_1": "", "skill_codes_2": "",
        "wished_codes_0": "", "home_position": "", "travel_mode": "car",
        "travel_reach_km": "12", "available_half_days": ["0", "2", "11"]})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.skill_codes == ["K2204"] and person.wished_codes == []
    assert person.home_latitude is None and person.home_longitude is None
    detail = client.get(reverse("people:detail", args=[person.public_id])).content.decode()
    assert "Position non renseignée" in detail and "12 km" in detail
    assert "Lundi matin, mardi matin et samedi après-midi" in detail


def test_an_edit_keeps_every_code_on_record(logged_team, territory):
    from tests.conftest import make_person

    person = make_person(territory, skill_codes=["A1203", "K2204", "N1103", "A1414"])
    page = logged_team.get(reverse("people:edit", args=[person.public_id])).content.decode()
    assert 'name="skill_codes_3"' in page and 'name="skill_codes_4"' in page


# ------------------------------------------------------------------------------------ the import


def test_the_import_reads_the_optional_planner_columns(territory, team_user):
    columns = ["nom", "prenom", "sexe", "date_naissance", "adresse", "code_postal", "commune",
               "date_arrivee_territoire", "sans_emploi_depuis", "heures_choisies",
               "date_notice_information", "metiers", "position_domicile", "mode_deplacement",
               "distance_km"]
    base = ["Martin", "Alice", "F", "1980-05-17", "3 rue des Lilas", "59120", "Loos",
            "2015-01-01", "2021-06-01", "30", "2026-01-05"]

    def to_csv(*rows):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerows([columns, *rows])
        return out.getvalue().encode()

    refused = import_people(to_csv(base + ["ZZ999", "", "", ""]), territory, team_user,
                            today=date(2026, 3, 1))
    assert [(e.line, e.column) for e in refused.errors] == [(2, "metiers")]
    assert "ZZ999" in refused.errors[0].message

    result = import_people(to_csv(base + ["A1203, K2204", "50,62951 ; 3,05749", "À vélo", "6,5"]),
                           territory, team_user, today=date(2026, 3, 1))
    assert result.ok, result.errors
    person = Person.objects.get()
    assert person.skill_codes == ["A1203", "K2204"] and person.travel_mode == "bike"
    assert (person.home_latitude, person.travel_reach_km) == (Decimal("50.630"), Decimal("6.5"))
    assert person.available_half_days == WEEKDAYS  # no column: the default week
