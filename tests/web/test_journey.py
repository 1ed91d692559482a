"""The journey a territory team makes in the browser, through the real pages."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jobfactory.audit.models import AccessLog
from jobfactory.people.models import EligibilityRuleSet, Person
from jobfactory.reporting.figures import figures_for

FORM = {
    "first_name": "Awa", "last_name": "Diallo", "sex": "F", "birth_date": "12/03/1979",
    "email": "", "phone": "", "address": "3 rue Victor Hugo", "postcode": "59120",
    "commune": "Loos", "in_qpv": "on", "lives_in_territory": "on",
    "arrived_in_territory_on": "01/02/2015", "without_employment_since": "01/09/2021",
    "deprivation_kind": "total", "qualification_level": "3", "right_to_work": "on",
    "chosen_hours": "24,5", "information_notice_on": "", "travel_mode": "public_transport",
    "available_half_days": [str(i) for i in range(10)],
}


@pytest.fixture
def logged_team(client, team_user):
    client.force_login(team_user)
    return client


def test_register_review_decide_hire_and_see_the_figures_change(logged_team, territory, employer):
    client = logged_team
    # Events on a date the 2020 law's rule set and the test's 2026 agreement cover, whatever
    # today is; figures read today, when the registration (made now) counts.
    today = date(2026, 6, 15)
    now = timezone.localdate()
    before = figures_for([territory], now)[territory.pk]

    url = reverse("territories:person_create", args=[territory.pk])
    refused = client.post(url, FORM)
    assert refused.status_code == 200 and "notice" in refused.content.decode()
    assert not Person.objects.exists()  # nothing saved on bad input, and the form keeps it
    assert 'value="Diallo"' in refused.content.decode()

    response = client.post(url, FORM | {"information_notice_on": today.isoformat()})
    person = Person.objects.get()
    assert response.status_code == 302 and str(person.public_id) in response["Location"]
    assert "Diallo" not in response["Location"]
    assert str(person.chosen_hours) == "24.50"

    client.post(reverse("people:interview", args=[person.public_id]), {
        "interviewed_on": today.isoformat(), "is_volunteer": "yes", "job_search_steps": "yes"})
    page = client.get(reverse("people:detail", args=[person.public_id])).content.decode()
    assert "Éligible" in page and "France, loi 2020-1577" in page

    client.post(reverse("people:decision", args=[person.public_id]), {
        "decided_on": today.isoformat(), "outcome": "eligible", "reason": ""})
    waiting = client.get(reverse("territories:waiting_list", args=[territory.pk])).content.decode()
    assert "DIALLO" in waiting and reverse("staffing:hire", args=[person.public_id]) in waiting

    response = client.post(reverse("staffing:hire", args=[person.public_id]), {
        "employer": employer.pk, "start_on": today.isoformat(), "weekly_hours": "24,5"})
    assert response.status_code == 302, response.content.decode()[:2000]

    after = figures_for([territory], now)[territory.pk]
    assert (before.registered, before.under_contract) == (0, 0)
    assert (after.registered, after.eligible, after.under_contract) == (1, 1, 1)
    assert after.exhaustivity == 1
    detail = client.get(reverse("territories:detail", args=[territory.pk])).content.decode()
    assert "100 %" in detail
    actions = set(AccessLog.objects.filter(person_public_id=person.public_id)
                  .values_list("action", flat=True))
    assert {"create", "interview", "decision", "hire", "view"} <= actions


def test_interview_at_a_date_no_rule_set_covers_says_what_to_configure(
        logged_team, territory):
    from tests.conftest import make_person
    person = make_person(territory)
    EligibilityRuleSet.objects.filter(family="fr-tzcld").update(
        valid_until=timezone.localdate() - timedelta(days=1))
    response = logged_team.post(reverse("people:interview", args=[person.public_id]), {
        "interviewed_on": timezone.localdate().isoformat(), "is_volunteer": "yes",
        "job_search_steps": "yes"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Aucun jeu de règles" in page and "Administration" in page
    assert not person.reviews.exists()


def test_rule_set_admin_refuses_overlaps_and_unknown_rules(db):
    rule_set = EligibilityRuleSet(family="fr-tzcld", name="Pérennisation", version="2027",
                                  valid_from=date(2026, 6, 1), source="test",
                                  rules=[{"code": "volunteer"}])
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError, match="chevauche"):
        rule_set.full_clean()
    rule_set.valid_from = date(2027, 1, 1)
    rule_set.full_clean()  # the successor of the 2020 law, from 1 January 2027
    rule_set.rules = [{"code": "age"}]
    with pytest.raises(ValidationError, match="unknown code"):
        rule_set.full_clean()


def test_skipping_the_head_of_the_list_through_the_page_lets_the_next_be_hired(
        logged_team, territory, employer, team_user):
    from tests.conftest import make_eligible
    first = make_eligible(territory, team_user, date(2026, 1, 15))
    second = make_eligible(territory, team_user, date(2026, 2, 15))
    client = logged_team
    hire_second = reverse("staffing:hire", args=[second.public_id])
    data = {"employer": employer.pk, "start_on": "2026-03-02", "weekly_hours": "35"}

    refused = client.post(hire_second, data)
    assert refused.status_code == 200 and "sans motif écrit" in refused.content.decode()

    skip_url = reverse("staffing:skip", args=[first.public_id])
    empty = client.post(skip_url, {"reason": "unreachable", "note": ""})
    assert empty.status_code == 200 and not first.skips.exists()
    response = client.post(skip_url, {"reason": "unreachable", "note": "Trois appels sans réponse."})
    assert response.status_code == 302
    waiting = client.get(reverse("territories:waiting_list", args=[territory.pk])).content.decode()
    assert "Injoignable" in waiting and hire_second in waiting

    assert client.post(hire_second, data).status_code == 302
    assert first.skips.get().hire == second.contracts.get()
