"""The demo past the legal frame entered so far: it must still load, and say that the rules it
applies after the last known text are an assumption."""

from datetime import date

import pytest
import time_machine
from django.db import transaction

from jobfactory.demo.generate import DemoBuilder
from jobfactory.demo.legal_frame import ASSUMED_VERSION, cover_until
from jobfactory.people.models import EligibilityReview, EligibilityRuleSet

pytestmark = pytest.mark.django_db


def test_the_demo_loads_in_2027_with_the_rules_after_2026_named_as_an_assumption():
    log: list[str] = []
    with time_machine.travel(date(2027, 2, 15)), transaction.atomic():
        DemoBuilder(seed=2017, today=date(2027, 2, 15), log=log.append).build()
    assumed = EligibilityRuleSet.objects.get(version=ASSUMED_VERSION)
    assert assumed.valid_from == date(2027, 1, 1)
    assert "Hypothèse" in assumed.name and "pas un texte en vigueur" in assumed.source
    assert EligibilityRuleSet.objects.get(version="2020-1577").successor == assumed
    reviews_2027 = EligibilityReview.objects.filter(interviewed_on__year=2027)
    assert reviews_2027.exists()
    assert set(reviews_2027.values_list("rule_set", flat=True)) == {assumed.pk}
    assert any("hypothèse" in line for line in log)


def test_no_assumption_while_a_known_rule_set_is_in_force():
    assert cover_until("fr-tzcld", date(2026, 12, 31)) is None
    assert not EligibilityRuleSet.objects.filter(version=ASSUMED_VERSION).exists()
