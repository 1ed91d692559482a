"""A person's rights on the person's page: export everything (JSON, PDF), erase on request."""

import json
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from jobfactory.audit.models import AccessLog, Action
from jobfactory.people.models import HouseholdSituation, Person
from jobfactory.privacy.catalogue import CATALOGUE
from jobfactory.privacy.models import RetentionNotice
from jobfactory.staffing.models import Contract
from jobfactory.territories.enums import Role
from tests.conftest import make_user


def _get(client, user, name, person):
    client.force_login(user)
    return client.get(reverse(name, args=[person.public_id]))


@pytest.mark.django_db
def test_json_export_holds_every_catalogued_field_and_is_logged(client, scene, team_user):
    person = scene.old_leaver
    RetentionNotice.objects.create(person=person, issued_on=date(2026, 1, 1), channel="letter")
    response = _get(client, team_user, "privacy:export_json", person)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert str(person.public_id) in response["Content-Disposition"]
    assert person.last_name not in response["Content-Disposition"]
    data = json.loads(response.content)
    sections = {s["model"]: s["rows"] for s in data["sections"]}
    for entry in CATALOGUE:
        exported = {name for name, rule in entry.fields.items() if rule.export}
        assert entry.model in sections
        for row in sections[entry.model]:
            assert set(row) == exported, entry.model
    for model in ("people.Person", "people.EligibilityReview", "people.CommitteeDecision",
                  "people.HouseholdSituation", "staffing.Contract", "staffing.Amendment",
                  "privacy.RetentionNotice", "audit.AccessLog"):
        assert sections[model], model
    identity = sections["people.Person"][0]
    assert identity["last_name"] == person.last_name
    assert identity["health_notes"] == "dos fragile"
    assert sections["people.HouseholdSituation"][0]["monthly_rent"] == "420.00"
    assert sections["staffing.Contract"][0]["exit_note"] == "Embauché·e par la menuiserie Dupont"
    # The access log says when and what, never which employee.
    assert all("username" not in row for row in sections["audit.AccessLog"])
    assert "L3243-4" in data["kept_by_law"]["contract"]
    assert AccessLog.objects.filter(action=Action.SUBJECT_EXPORT, person_public_id=person.public_id,
                                    detail="json", username=team_user.username).exists()


@pytest.mark.django_db
def test_pdf_export_reads_as_the_file_and_is_logged(client, scene, team_user):
    person = scene.employee
    response = _get(client, team_user, "privacy:export_pdf", person)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    for expected in ("Données détenues sur une personne", person.last_name, "dos fragile",
                     "Situation du foyer", "Contrats", "L3243-4"):
        assert expected in text, expected
    assert AccessLog.objects.filter(action=Action.SUBJECT_EXPORT, detail="pdf",
                                    person_public_id=person.public_id).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["privacy:export_json", "privacy:export_pdf", "privacy:erase"])
def test_outside_the_scope_is_404(client, scene, other_team_user, programme, name):
    assert _get(client, other_team_user, name, scene.employee).status_code == 404
    committee = make_user("cle", Role.COMMITTEE_MEMBER, territories=[scene.employee.territory])
    assert _get(client, committee, name, scene.employee).status_code == 404
    client.force_login(other_team_user)
    assert client.post(reverse("privacy:erase", args=[scene.employee.public_id]),
                       {"confirm": "yes"}).status_code == 404
    scene.employee.refresh_from_db()
    assert scene.employee.erased_on is None and scene.employee.email


@pytest.mark.django_db
def test_person_page_links_to_the_rights(client, scene, team_user):
    response = _get(client, team_user, "people:detail", scene.waiting)
    for name in ("privacy:export_json", "privacy:export_pdf", "privacy:erase"):
        assert reverse(name, args=[scene.waiting.public_id]) in response.content.decode()


@pytest.mark.django_db
def test_erasing_an_employee_keeps_the_register_and_the_contracts(client, scene, team_user):
    person, contract = scene.employee, scene.employee_contract
    page = _get(client, team_user, "privacy:erase", person)
    assert "L1221-13" in page.content.decode() and "L3243-4" in page.content.decode()
    # Without the confirmation, nothing happens.
    client.post(reverse("privacy:erase", args=[person.public_id]))
    person.refresh_from_db()
    assert person.erased_on is None and person.email
    response = client.post(reverse("privacy:erase", args=[person.public_id]), {"confirm": "yes"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.erased_on is not None and person.anonymised_on is None
    assert person.status == "employed"
    # Kept: what the register of personnel lists.
    assert person.last_name and person.first_name and person.birth_date == date(1975, 8, 23)
    # Erased: contact, address, notes, health, household.
    assert (person.email, person.phone, person.address, person.health_notes, person.skills) == \
        ("", "", "", "", "")
    assert person.home_latitude is None and person.health_consent_on is None
    assert not HouseholdSituation.objects.filter(person=person).exists()
    assert all(r.notes == "" for r in person.reviews.all())
    kept = Contract.objects.get(pk=contract.pk)
    assert (kept.start_on, kept.weekly_hours, kept.public_id) == \
        (contract.start_on, contract.weekly_hours, contract.public_id)
    assert AccessLog.objects.filter(action=Action.ERASURE, person_public_id=person.public_id).exists()


@pytest.mark.django_db
def test_erasing_a_volunteer_on_the_list_withdraws_and_anonymises(client, scene, team_user, territory):
    person = scene.waiting
    old_id = person.public_id
    client.force_login(team_user)
    response = client.post(reverse("privacy:erase", args=[old_id]), {"confirm": "yes"})
    assert response.status_code == 302
    person = Person.objects.get(pk=person.pk)
    assert person.status == "withdrawn" and person.anonymised_on and person.erased_on
    assert (person.first_name, person.last_name, person.phone) == ("", "", "")
    assert person.public_id != old_id
    assert all(s.note == "" for s in person.skips.all())
    assert AccessLog.objects.filter(action=Action.ERASURE, person_public_id=old_id).exists()
    # The old address is gone: the person's former URL is a 404, the page says anonymised.
    assert client.get(reverse("people:detail", args=[old_id])).status_code == 404
    assert client.get(reverse("privacy:erase", args=[person.public_id])).status_code == 404
    assert "anonymisé" in client.get(reverse("people:detail", args=[person.public_id])).content.decode()


@pytest.mark.django_db
def test_letters_to_post_are_listed_for_the_team_and_marked_posted(client, scene, team_user,
                                                                    other_team_user, territory):
    notice = RetentionNotice.objects.create(person=scene.old_refused, issued_on=date(2027, 6, 15),
                                            channel="letter")
    client.force_login(other_team_user)
    assert client.get(reverse("privacy:letters", args=[territory.pk])).status_code == 404
    assert client.post(reverse("privacy:mark_posted", args=[scene.old_refused.public_id]),
                       {"notice": notice.pk}).status_code == 404
    client.force_login(team_user)
    page = client.get(reverse("privacy:letters", args=[territory.pk])).content.decode()
    assert scene.old_refused.last_name.upper() in page and "15/07/2027" in page
    assert AccessLog.objects.filter(action=Action.VIEW, person_public_id=scene.old_refused.public_id,
                                    detail="avis de fin de conservation à poster").exists()
    client.post(reverse("privacy:mark_posted", args=[scene.old_refused.public_id]), {"notice": notice.pk})
    notice.refresh_from_db()
    assert notice.posted_on is not None and notice.posted_by == team_user
    assert scene.old_refused.last_name.upper() not in client.get(
        reverse("privacy:letters", args=[territory.pk])).content.decode()


def test_amendments_are_kept_with_their_contract():
    # The erasure keeps contract records whole: amendments and assignments are part of them.
    held = {entry.model for entry in CATALOGUE if entry.held}
    assert {"staffing.Contract", "staffing.Amendment", "staffing.Assignment"} <= held
