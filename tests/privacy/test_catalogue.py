"""The guard: a field that looks personal must be in the catalogue (anonymised and exported) or
declared not personal with a reason."""

from dataclasses import replace

import pytest
from django.apps import apps
from django.db import models

from jobfactory.privacy.catalogue import BY_MODEL, CATALOGUE, HOLDS, NOT_PERSONAL, Treatment
from jobfactory.privacy.guard import looks_personal, uncovered, unknown_fields


def test_every_model_of_the_project_is_covered():
    assert uncovered(apps.get_models()) == []


def test_the_catalogue_names_real_fields():
    assert unknown_fields(BY_MODEL, apps.get_model) == []


def test_a_new_personal_field_fails_the_guard():
    """What the guard test does when someone adds Person.nickname or Contract.iban."""
    nickname = models.CharField(max_length=50)
    nickname.set_attributes_from_name("nickname")
    iban = models.CharField(max_length=34)
    iban.set_attributes_from_name("iban")

    fake = type("FakeOptions", (), {
        "label": "staffing.Payroll",
        "concrete_fields": [models.BigAutoField(primary_key=True), iban],
    })
    payroll = type("Payroll", (), {"_meta": fake})
    assert uncovered([payroll]) == [
        "staffing.Payroll.iban: looks personal, neither catalogued nor declared in NOT_PERSONAL"]
    # A field added to a catalogued model must get a treatment, whatever its name.
    person = apps.get_model("people.Person")
    fields = [*person._meta.concrete_fields, nickname]
    grown = type("Person", (), {"_meta": type("O", (), {"label": "people.Person",
                                                          "concrete_fields": fields})})
    assert uncovered([grown]) == [
        "people.Person.nickname: field of a catalogued model, no treatment"]


def test_a_model_pointing_at_a_person_must_be_catalogued():
    entries = {label: e for label, e in BY_MODEL.items() if label != "staffing.Skip"}
    assert "staffing.Skip: refers to a person but is not in the catalogue" in uncovered(
        [apps.get_model("staffing.Skip")], catalogue=entries)


@pytest.mark.parametrize("name", ["first_name", "birth_date", "home_address", "postcode", "phone",
                                  "email", "health_notes", "monthly_income", "gross_salary",
                                  "monthly_rent", "benefits", "iban", "nir", "social_security",
                                  "comment", "prenom", "date_naissance", "adresse", "loyer",
                                  "revenu_fiscal", "telephone", "courriel"])
def test_personal_looking_names(name):
    assert looks_personal(name)


@pytest.mark.parametrize("name", ["employer", "is_current", "status", "weekly_hours", "kind"])
def test_names_that_are_not(name):
    assert not looks_personal(name)


def test_every_treatment_is_explained():
    for entry in CATALOGUE:
        for name, rule in entry.fields.items():
            if rule.treatment == Treatment.KEEP:
                assert rule.why, f"{entry.model}.{name} is kept without a reason"
            assert not rule.held or rule.held in HOLDS
        assert not entry.held or entry.held in HOLDS
    for label, declared in NOT_PERSONAL.items():
        reasons = [declared] if isinstance(declared, str) else list(declared.values())
        assert all(reasons), label


def test_the_guard_reads_the_rules_not_just_the_names():
    """A field moved out of the catalogue is flagged again."""
    entry = BY_MODEL["people.Person"]
    fields = {k: v for k, v in entry.fields.items() if k != "health_notes"}
    shrunk = {**BY_MODEL, "people.Person": replace(entry, fields=fields)}
    assert uncovered([apps.get_model("people.Person")], catalogue=shrunk) == [
        "people.Person.health_notes: field of a catalogued model, no treatment"]
