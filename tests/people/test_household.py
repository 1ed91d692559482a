"""A person's household situation (issue 5): validation, the costing engine's arrays, the page."""

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from jobfactory.audit.models import AccessLog
from jobfactory.demo.households import DemoHouseholds
from jobfactory.engines.costing import DECLARABLE, Households
from jobfactory.people.enums import HOUSING_INDEX, Disability, HousingStatus
from jobfactory.people.forms import HouseholdForm
from jobfactory.people.household import commune_code_for, households_of
from jobfactory.people.models import HouseholdSituation, Person
from jobfactory.territories.enums import Role
from tests.conftest import make_person, make_user

FORM = {
    "has_partner": "", "partner_birth_date": "", "partner_monthly_gross": "",
    "children_birth_dates": "", "housing": "locataire_hlm", "monthly_rent": "412,50",
    "commune_code": "59360", "disability": "none", "are_monthly_gross": "",
    **{f"declared_{key}": "" for key in DECLARABLE},
}


def situation(person, **fields) -> HouseholdSituation:
    values = {"housing": HousingStatus.LOCATAIRE_HLM, "monthly_rent": Decimal("400"),
              "commune_code": "59360"} | fields
    return HouseholdSituation.objects.create(person=person, **values)


def errors_of(instance: HouseholdSituation) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


# ---------------------------------------------------------------------------------- validation


def test_a_tenant_must_give_a_rent(territory):
    person = make_person(territory)
    errors = errors_of(HouseholdSituation(person=person, housing="locataire_vide",
                                          monthly_rent=Decimal(0), commune_code="59360"))
    assert errors["monthly_rent"] == ["Le loyer est obligatoire pour un locataire : indiquez le loyer "
                                      "mensuel hors charges."]


def test_a_person_hosted_for_free_pays_no_rent_but_an_owner_with_a_loan_may_give_it(territory):
    person = make_person(territory)
    errors = errors_of(HouseholdSituation(person=person, housing="loge_gratuitement",
                                          monthly_rent=Decimal(300), commune_code="59360"))
    assert "Pas de loyer pour ce logement" in errors["monthly_rent"][0]
    HouseholdSituation(person=person, housing="primo_accedant", monthly_rent=Decimal(650),
                       commune_code="59360").full_clean()


def test_the_partner_birth_date_is_given_if_and_only_if_there_is_a_partner(territory):
    person = make_person(territory)
    base = {"person": person, "housing": "proprietaire", "commune_code": "59360"}
    assert errors_of(HouseholdSituation(has_partner=True, **base))["partner_birth_date"] == [
        "Indiquez la date de naissance du conjoint."]
    errors = errors_of(HouseholdSituation(partner_birth_date=date(1980, 1, 1), **base))
    assert "sans conjoint" in errors["partner_birth_date"][0]
    errors = errors_of(HouseholdSituation(partner_monthly_gross=Decimal(900), **base))
    assert "Un salaire de conjoint sans conjoint" in errors["partner_monthly_gross"][0]
    future = timezone.localdate() + timedelta(days=3)
    errors = errors_of(HouseholdSituation(has_partner=True, partner_birth_date=future, **base))
    assert errors["partner_birth_date"] == ["La date de naissance du conjoint est dans le futur."]


def test_amounts_cannot_be_negative(territory):
    person = make_person(territory)
    errors = errors_of(HouseholdSituation(person=person, housing="locataire_hlm",
                                          monthly_rent=Decimal(-1), commune_code="59360",
                                          are_monthly_gross=Decimal("-0.01"),
                                          declared_cents={"rsa": -100}))
    assert errors["monthly_rent"] == ["Un montant ne peut pas être négatif."]
    assert errors["are_monthly_gross"] == ["Un montant ne peut pas être négatif."]
    assert errors["declared_cents"] == ["Un montant ne peut pas être négatif."]


def test_children_birth_dates_are_past_iso_dates_and_eight_at_most(territory):
    person = make_person(territory)
    base = {"person": person, "housing": "proprietaire", "commune_code": "59360"}
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert "est dans le futur" in errors_of(HouseholdSituation(
        children_birth_dates=[tomorrow], **base))["children_birth_dates"][0]
    assert errors_of(HouseholdSituation(children_birth_dates=["2015-02-30"], **base))[
        "children_birth_dates"] == ["« 2015-02-30 » n'est pas une date de naissance (AAAA-MM-JJ)."]
    assert errors_of(HouseholdSituation(children_birth_dates=["2015-01-01"] * 9, **base))[
        "children_birth_dates"] == ["Au plus 8 enfants à charge (9 indiqués)."]


def test_the_commune_is_an_insee_code_and_declared_keys_are_the_engines(territory):
    person = make_person(territory)
    errors = errors_of(HouseholdSituation(person=person, housing="proprietaire", commune_code="5936",
                                          declared_cents={"bonus": 100, "rsa": 12.5}))
    assert "n'est pas un code commune INSEE" in errors["commune_code"][0]
    assert "Prestations inconnues : bonus" in errors["declared_cents"][0]


def test_the_database_refuses_a_tenant_without_rent(territory):
    person = make_person(territory)
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdSituation.objects.create(person=person, housing="locataire_hlm",
                                          monthly_rent=Decimal(0), commune_code="59360")


def test_the_housing_indices_are_openfiscas():
    from openfisca_france.model.base import TypesStatutOccupationLogement

    names = [member.name for member in TypesStatutOccupationLogement]
    assert {status.value: names.index(status.value) for status in HousingStatus} == {
        str(k): v for k, v in HOUSING_INDEX.items()}


# ---------------------------------------------------------------------------------------- form


def test_the_form_reads_french_amounts_and_keeps_declared_zero_apart_from_blank(territory):
    person = make_person(territory)
    data = FORM | {"has_partner": "on", "partner_birth_date": "02/03/1978",
                   "partner_monthly_gross": "1 250,00", "children_birth_dates": "14/05/2012; 2016-09-01",
                   "declared_rsa": "0", "declared_housing_aid": "231,40"}
    form = HouseholdForm(data, instance=HouseholdSituation(person=person), person=person)
    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.monthly_rent == Decimal("412.50")
    assert saved.partner_monthly_gross == Decimal("1250.00")
    assert saved.are_monthly_gross == 0
    assert saved.children_birth_dates == ["2012-05-14", "2016-09-01"]
    assert saved.declared_cents == {"rsa": 0, "housing_aid": 23140}
    again = HouseholdForm(instance=saved, person=person)
    assert again["declared_housing_aid"].value() == Decimal("231.40")
    assert again["children_birth_dates"].value() == "14/05/2012, 01/09/2016"


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"monthly_rent": ""}, "monthly_rent", "Le loyer est obligatoire pour un locataire"),
    ({"declared_rsa": "-5"}, "declared_rsa", "Un montant ne peut pas être négatif."),
    ({"are_monthly_gross": "-5"}, "are_monthly_gross", "Un montant ne peut pas être négatif."),
    ({"children_birth_dates": "12/13/2015"}, "children_birth_dates", "n'est pas une date"),
    ({"children_birth_dates": ", ".join(["01/01/2015"] * 9)}, "children_birth_dates",
     "Au plus 8 enfants"),
    ({"commune_code": "59120"}, "commune_code", "inconnu du référentiel des communes"),
    ({"has_partner": "on"}, "partner_birth_date", "Indiquez la date de naissance du conjoint."),
])
def test_the_form_says_what_is_wrong_in_french(territory, change, field, message):
    person = make_person(territory)
    form = HouseholdForm(FORM | change, instance=HouseholdSituation(person=person), person=person)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field]), form.errors


def test_the_commune_code_comes_from_the_persons_commune_not_the_postcode(territory):
    assert commune_code_for(make_person(territory, commune="Loos", postcode="59120")) == "59360"
    assert commune_code_for(make_person(territory, commune="TOURCOING", postcode="59200")) == "59599"
    assert commune_code_for(make_person(territory, commune="Ailleurs", postcode="59000")) == ""
    territory.communes.set(["59360"])
    assert commune_code_for(make_person(territory, commune="Loos-lez-Lille", postcode="59120")) == \
        "59360"


# -------------------------------------------------------------------------------------- arrays


def test_people_become_the_engines_columns(territory):
    single = make_person(territory, birth_date=date(1975, 6, 1), chosen_hours=Decimal("24"))
    couple = make_person(territory, birth_date=date(1988, 2, 29))
    without = make_person(territory)
    situation(single, monthly_rent=Decimal("412.55"), declared_cents={"rsa": 0})
    situation(couple, has_partner=True, partner_birth_date=date(1986, 1, 2),
              partner_monthly_gross=Decimal("1234.56"),
              children_birth_dates=["2014-03-01", "2019-07-14", "2011-01-31"],
              housing="loge_gratuitement", monthly_rent=Decimal(0), commune_code="59599",
              disability=Disability.RESTRICTED, ass_eligible=True,
              are_monthly_gross=Decimal("900.10"), declared_cents={"housing_aid": 21050})
    people = Person.objects.filter(pk__in=[single.pk, without.pk, couple.pk]).order_by("pk") \
        .select_related("household")

    households, ids, skipped = households_of(people)

    assert isinstance(households, Households) and len(households) == 2
    assert ids == [single.public_id, couple.public_id]
    assert skipped == [without.public_id]
    assert households.birth.dtype == np.dtype("datetime64[D]")
    assert list(households.birth) == [np.datetime64("1975-06-01"), np.datetime64("1988-02-29")]
    assert np.isnat(households.partner_birth[0])
    assert households.partner_birth[1] == np.datetime64("1986-01-02")
    assert households.partner_gross.tolist() == [0, 123456]
    assert households.children_birth.shape == (2, 3)
    assert households.children_birth.dtype == np.dtype("datetime64[D]")
    assert np.isnat(households.children_birth[0]).all()
    assert households.children_birth[1].tolist() == [date(2011, 1, 31), date(2014, 3, 1),
                                                      date(2019, 7, 14)]
    assert households.housing.tolist() == [3, 6]
    assert households.rent.tolist() == [41255, 0] and households.rent.dtype == np.int64
    assert households.commune.tolist() == ["59360", "59599"]
    assert households.incapacity.tolist() == [0.0, 0.5]
    assert households.ass_eligible.tolist() == [False, True]
    assert households.are_gross.tolist() == [0, 90010]
    assert households.weekly_hours.tolist() == [24.0, 35.0]
    assert set(households.declared) == set(DECLARABLE)
    assert households.declared["rsa"].tolist() == [0, -1]
    assert households.declared["housing_aid"].tolist() == [-1, 21050]
    assert households.declared["aah"].tolist() == [-1, -1]
    # The engine's own row selection works on the result.
    assert len(households.take(np.array([1]))) == 1


def test_weekly_hours_may_be_one_number_a_mapping_or_a_sequence(territory):
    first, second = make_person(territory), make_person(territory, chosen_hours=Decimal("26"))
    situation(first)
    situation(second)
    rows = [first, second]
    assert households_of(rows, 30).households.weekly_hours.tolist() == [30.0, 30.0]
    assert households_of(rows, {first.public_id: Decimal("20")}).households.weekly_hours.tolist() \
        == [20.0, 26.0]
    assert households_of(rows, [17.5, 35]).households.weekly_hours.tolist() == [17.5, 35.0]
    # Situations (with their person) are accepted too.
    by_situation = households_of(HouseholdSituation.objects.select_related("person").order_by("pk"))
    assert by_situation.people == [first.public_id, second.public_id]


def test_nobody_with_a_situation_gives_empty_columns_and_children_width_zero(territory):
    person = make_person(territory)
    households, ids, skipped = households_of([person])
    assert len(households) == 0 and ids == [] and skipped == [person.public_id]
    assert households.children_birth.shape == (0, 0)
    assert households.declared["rsa"].shape == (0,)


# ---------------------------------------------------------------------------------------- page


def test_the_team_edits_the_situation_from_the_file_and_it_is_logged(client, territory, team_user):
    person = make_person(territory, commune="Loos")
    client.force_login(team_user)
    page = client.get(reverse("people:detail", args=[person.public_id])).content.decode()
    assert "Situation du foyer" in page and "Modifier la situation du foyer" in page
    url = reverse("people:household", args=[person.public_id])
    assert str(person.public_id) in url and person.last_name not in url

    form_page = client.get(url)
    assert form_page.status_code == 200
    assert 'value="59360"' in form_page.content.decode()  # derived from the person's commune
    assert 'name="declared_rsa"' in form_page.content.decode()
    assert AccessLog.objects.filter(action="view", person_public_id=person.public_id,
                                    detail__contains="situation du foyer").exists()

    response = client.post(url, FORM | {"declared_rsa": "0"})
    assert response.status_code == 302
    assert person.household.declared_cents == {"rsa": 0}
    log = AccessLog.objects.get(action="update", person_public_id=person.public_id)
    assert log.user == team_user and log.detail == "situation du foyer : création"

    assert 'name="declared_rsa" value="0,00"' in client.get(url).content.decode()
    response = client.post(url, FORM | {"monthly_rent": "430"})
    log = AccessLog.objects.filter(action="update").order_by("-pk").first()
    assert "monthly_rent" in log.detail and "declared_rsa" in log.detail
    assert person.last_name not in log.detail

    page = client.get(reverse("people:detail", args=[person.public_id])).content.decode()
    assert "Locataire d&#x27;un logement social (HLM) ; loyer 430,00 € par mois" in page
    assert "Loos (59360)" in page


def test_an_invalid_situation_is_not_saved_nor_logged_as_a_change(client, territory, team_user):
    person = make_person(territory)
    client.force_login(team_user)
    response = client.post(reverse("people:household", args=[person.public_id]),
                           FORM | {"monthly_rent": ""})
    assert response.status_code == 200
    assert "Le loyer est obligatoire pour un locataire" in response.content.decode()
    assert not HouseholdSituation.objects.exists()
    assert not AccessLog.objects.filter(action="update").exists()


def test_another_territorys_team_gets_404(client, territory, other_team_user):
    person = make_person(territory)
    client.force_login(other_team_user)
    url = reverse("people:household", args=[person.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, FORM).status_code == 404
    assert not HouseholdSituation.objects.exists() and not AccessLog.objects.exists()


def test_a_committee_member_who_sees_no_personal_file_is_refused(client, territory):
    person = make_person(territory)
    situation(person)
    client.force_login(make_user("cle", Role.COMMITTEE_MEMBER, territories=[territory]))
    url = reverse("people:household", args=[person.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, FORM | {"monthly_rent": "999"}).status_code == 404
    assert HouseholdSituation.objects.get().monthly_rent == Decimal("400")
    assert not AccessLog.objects.exists()


# ---------------------------------------------------------------------------------------- demo


def test_the_demo_gives_every_person_a_valid_situation_from_the_seed(territory):
    for _ in range(30):
        make_person(territory, commune="Loos", rqth=True)
    today = timezone.localdate()
    assert DemoHouseholds(seed=2017, today=today).give([territory]) == 30
    first = list(HouseholdSituation.objects.order_by("person_id").values())
    for row in HouseholdSituation.objects.all():
        row.full_clean()
    assert {row["commune_code"] for row in first} == {"59360"}
    HouseholdSituation.objects.all().delete()
    DemoHouseholds(seed=2017, today=today).give([territory])
    again = list(HouseholdSituation.objects.order_by("person_id").values())
    assert [{k: v for k, v in row.items() if k != "id"} for row in first] == \
        [{k: v for k, v in row.items() if k != "id"} for row in again]
    assert DemoHouseholds(seed=2017, today=today).give([territory]) == 0
