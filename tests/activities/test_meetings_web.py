"""The committee's meetings through the pages: the secretariat runs them, the other roles in scope read."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobfactory.activities import services
from jobfactory.activities.enums import ActivityStatus, ChamberOpinion, MemberType, Verdict
from jobfactory.activities.models import AgendaItem, Attendance, CommitteeMeeting, Objection, StatusChange
from jobfactory.territories.enums import Role
from tests.activities.conftest import make_activity
from tests.conftest import make_user


def studied(territory, user, **fields):
    activity = make_activity(territory, user, **fields)
    services.change_status(activity, ActivityStatus.UNDER_STUDY, user=user, on=date(2026, 1, 20))
    activity.refresh_from_db()
    return activity


@pytest.fixture
def under_study(territory, team_user):
    return studied(territory, team_user, title="Atelier vélo")


@pytest.fixture
def item(meeting, under_study, team_user):
    return services.add_to_agenda(meeting, under_study, user=team_user)


@pytest.fixture
def committee_member(territory):
    return make_user("cle", Role.COMMITTEE_MEMBER, territories=[territory])


def meeting_url(meeting, name="activities:meeting"):
    return reverse(name, args=[meeting.public_id])


def decision_url(item):
    return reverse("activities:item_decision", args=[item.meeting.public_id, item.pk])


def decide(client, item, **fields):
    data = {"verdict": Verdict.APPROVED, "reasons": "Utile au quartier, aucun réparateur à 5 km.",
            "chamber_of_commerce_opinion": ChamberOpinion.NOT_CONSULTED, "chamber_of_commerce_notes": "",
            "chamber_of_trades_opinion": ChamberOpinion.NOT_CONSULTED, "chamber_of_trades_notes": ""}
    data.update(fields)
    return client.post(decision_url(item), data)


def test_the_team_creates_a_meeting_fills_its_agenda_and_records_an_approval(
        client, territory, team_user, under_study):
    client.force_login(team_user)
    response = client.post(reverse("activities:meeting_create", args=[territory.pk]),
                           {"held_on": "2026-03-02", "place": "Mairie de Loos", "notes": ""})
    meeting = CommitteeMeeting.objects.get()
    assert response.status_code == 302
    assert response.url == meeting_url(meeting)
    assert (meeting.territory, meeting.held_on, meeting.created_by) == (
        territory, date(2026, 3, 2), team_user)

    page = client.get(meeting_url(meeting)).content.decode()
    assert str(under_study.public_id) in page  # offered in the agenda's select
    response = client.post(meeting_url(meeting, "activities:agenda_add"),
                           {"activity": str(under_study.public_id)})
    assert response.status_code == 302
    under_study.refresh_from_db()
    assert under_study.status == ActivityStatus.SUBMITTED
    item = AgendaItem.objects.get(meeting=meeting, activity=under_study)

    page = client.get(meeting_url(meeting)).content.decode()
    assert decision_url(item) in page
    response = decide(client, item, chamber_of_commerce_opinion=ChamberOpinion.FAVOURABLE,
                      chamber_of_commerce_notes="Pas de commerce de cycles dans le quartier.")
    assert response.status_code == 302
    under_study.refresh_from_db()
    item.refresh_from_db()
    assert under_study.status == ActivityStatus.APPROVED
    assert item.verdict == Verdict.APPROVED and item.decided_by == team_user
    assert item.chamber_of_commerce_opinion == ChamberOpinion.FAVOURABLE
    assert StatusChange.objects.get(activity=under_study, to_status=ActivityStatus.APPROVED).decision == item

    page = client.get(meeting_url(meeting)).content.decode()
    assert "Utile au quartier, aucun réparateur à 5 km." in page
    assert "Pas de commerce de cycles dans le quartier." in page
    assert "Non consultée" in page  # the chamber of trades
    assert decision_url(item) not in page


def test_a_decision_without_reasons_is_refused_and_changes_nothing(client, team_user, item):
    client.force_login(team_user)
    response = decide(client, item, reasons="   ")
    assert response.status_code == 200
    assert "Les motifs de la décision sont obligatoires." in response.content.decode()
    item.refresh_from_db()
    item.activity.refresh_from_db()
    assert item.verdict == "" and item.decided_at is None
    assert item.activity.status == ActivityStatus.SUBMITTED


def test_a_decided_item_cannot_be_decided_again(client, team_user, item):
    services.record_decision(item, verdict=Verdict.APPROVED, reasons="Utile.", user=team_user)
    client.force_login(team_user)
    response = decide(client, item, verdict=Verdict.REFUSED, reasons="Concurrence.")
    assert response.status_code == 200
    assert "La décision sur ce point est déjà inscrite." in response.content.decode()
    item.refresh_from_db()
    assert (item.verdict, item.reasons) == (Verdict.APPROVED, "Utile.")


def test_a_deferral_keeps_the_activity_submitted_for_a_later_meeting(client, team_user, item, territory):
    client.force_login(team_user)
    assert decide(client, item, verdict=Verdict.DEFERRED, reasons="Chiffrage à revoir.").status_code == 302
    item.activity.refresh_from_db()
    assert item.activity.status == ActivityStatus.SUBMITTED
    later = CommitteeMeeting.objects.create(territory=territory, held_on=date(2026, 4, 6))
    assert str(item.activity.public_id) in client.get(meeting_url(later)).content.decode()


def test_a_future_meeting_takes_no_decision_yet(client, team_user, territory, under_study):
    upcoming = CommitteeMeeting.objects.create(
        territory=territory, held_on=timezone.localdate() + timedelta(days=10), place="Mairie")
    item = services.add_to_agenda(upcoming, under_study, user=team_user)
    client.force_login(team_user)
    page = client.get(meeting_url(upcoming)).content.decode()
    assert "à venir" in page
    assert decision_url(item) not in page
    response = decide(client, item)
    assert "n&#x27;a pas encore eu lieu" in response.content.decode()
    item.refresh_from_db()
    assert item.verdict == ""


def test_the_agenda_offers_only_what_the_committee_can_take(
        client, team_user, territory, other_territory, meeting, item):
    proposed = make_activity(territory, team_user, title="Épicerie solidaire")
    elsewhere = studied(other_territory, make_user("t2", Role.TERRITORY_TEAM, territories=[other_territory]),
                        title="Garage solidaire")
    waiting = studied(territory, team_user, title="Conserverie")
    client.force_login(team_user)
    page = client.get(meeting_url(meeting)).content.decode()
    assert f'value="{waiting.public_id}"' in page
    for absent in (proposed, elsewhere, item.activity):
        assert f'value="{absent.public_id}"' not in page, absent.title


def test_adding_to_the_agenda_shows_the_service_refusal(client, team_user, territory, other_territory,
                                                         meeting):
    proposed = make_activity(territory, team_user, title="Épicerie solidaire")
    elsewhere = studied(other_territory, make_user("t2", Role.TERRITORY_TEAM, territories=[other_territory]))
    client.force_login(team_user)
    url = meeting_url(meeting, "activities:agenda_add")
    response = client.post(url, {"activity": str(proposed.public_id)}, follow=True)
    assert "Seule une activité à l&#x27;étude ou soumise" in response.content.decode()
    response = client.post(url, {"activity": str(elsewhere.public_id)}, follow=True)
    assert "Choisissez une activité de ce territoire." in response.content.decode()
    assert not AgendaItem.objects.exists()
    assert client.get(url).status_code == 405


def test_a_committee_member_reads_the_meeting_but_changes_nothing(
        client, committee_member, territory, meeting, item, team_user):
    services.record_decision(item, verdict=Verdict.APPROVED, reasons="Utile au quartier.", user=team_user)
    Attendance.objects.create(meeting=meeting, member_type=MemberType.FRANCE_TRAVAIL,
                              organisation="France Travail Loos", present=2)
    other = studied(territory, team_user, title="Conserverie")
    other_item = services.add_to_agenda(meeting, other, user=team_user)
    client.force_login(committee_member)

    page = client.get(meeting_url(meeting))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Atelier vélo" in content and "Utile au quartier." in content
    assert "France Travail Loos" in content
    for hidden in (meeting_url(meeting, "activities:agenda_add"),
                   meeting_url(meeting, "activities:meeting_attendance"), decision_url(other_item)):
        assert hidden not in content

    forbidden = [reverse("activities:meeting_create", args=[territory.pk]),
                 meeting_url(meeting, "activities:meeting_attendance"), decision_url(other_item)]
    for url in forbidden:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    response = client.post(meeting_url(meeting, "activities:agenda_add"), {"activity": str(other.public_id)})
    assert response.status_code == 404
    response = decide(client, other_item)
    assert response.status_code == 404
    other_item.refresh_from_db()
    assert other_item.verdict == ""
    assert CommitteeMeeting.objects.count() == 1


@pytest.mark.parametrize("who", ["team of another territory", "national fund", "anonymous"])
def test_outsiders_get_404_on_every_meeting_page(client, who, other_territory, meeting, item):
    if who == "team of another territory":
        client.force_login(make_user("t2", Role.TERRITORY_TEAM, territories=[other_territory]))
    elif who == "national fund":
        client.force_login(make_user("f", Role.NATIONAL_FUND))
    urls = [meeting_url(meeting), meeting_url(meeting, "activities:meeting_attendance"),
            decision_url(item), reverse("activities:meeting_create", args=[meeting.territory_id])]
    for url in urls:
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and response.url.startswith(resolve_url(settings.LOGIN_URL))
        else:
            assert response.status_code == 404, (who, url)
    response = client.post(meeting_url(meeting, "activities:agenda_add"),
                           {"activity": str(item.activity.public_id)})
    assert response.status_code == (302 if who == "anonymous" else 404)
    assert AgendaItem.objects.count() == 1


def attendance_post(rows, initial=0):
    data = {"attendance-TOTAL_FORMS": str(len(rows)), "attendance-INITIAL_FORMS": str(initial),
            "attendance-MIN_NUM_FORMS": "0", "attendance-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"attendance-{index}-{key}"] = value
    return data


EMPTY_ROW = {"member_type": "", "organisation": "", "present": "1"}


def test_the_attendance_formset_saves_rows_and_sums_them_by_college(client, team_user, meeting):
    client.force_login(team_user)
    url = meeting_url(meeting, "activities:meeting_attendance")
    assert "aucun nom de personne" in client.get(url).content.decode().lower()
    response = client.post(url, attendance_post([
        {"member_type": MemberType.CARRYING_AUTHORITY, "organisation": "Ville de Loos", "present": "2"},
        {"member_type": MemberType.ECONOMIC_ACTOR, "organisation": "Vélo Shop", "present": "1"},
        {"member_type": MemberType.ECONOMIC_ACTOR, "organisation": "Boulangerie Paul", "present": "1"},
        EMPTY_ROW]))
    assert response.status_code == 302
    assert sorted(meeting.attendance.values_list("organisation", "present")) == [
        ("Boulangerie Paul", 1), ("Ville de Loos", 2), ("Vélo Shop", 1)]
    page = client.get(meeting_url(meeting)).content.decode()
    assert "Acteur économique local" in page and "Total : 3 organismes" in page
    assert '<th class="num">4</th>' in page

    # Deleting a row keeps the others.
    rows = list(meeting.attendance.order_by("pk"))
    data = attendance_post([{"id": str(r.pk), "member_type": r.member_type, "organisation": r.organisation,
                             "present": str(r.present)} for r in rows], initial=len(rows))
    data["attendance-0-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert meeting.attendance.count() == 2


@pytest.mark.parametrize("row, message", [
    ({"member_type": MemberType.PREFECT, "organisation": "", "present": "1"},
     "Indiquez l&#x27;organisme représenté."),
    ({"member_type": MemberType.PREFECT, "organisation": "Préfecture du Nord", "present": "0"},
     "Au moins un membre présent"),
    ({"member_type": "", "organisation": "Préfecture du Nord", "present": "1"},
     "Choisissez le collège de l&#x27;organisme."),
])
def test_the_attendance_formset_refuses_an_incomplete_row(client, team_user, meeting, row, message):
    client.force_login(team_user)
    valid = {"member_type": MemberType.FRANCE_TRAVAIL, "organisation": "France Travail", "present": "1"}
    response = client.post(meeting_url(meeting, "activities:meeting_attendance"),
                           attendance_post([valid, row, EMPTY_ROW]))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_attendance_formset_refuses_an_organisation_twice_in_a_college(client, team_user, meeting):
    client.force_login(team_user)
    row = {"member_type": MemberType.FRANCE_TRAVAIL, "organisation": "France Travail", "present": "1"}
    response = client.post(meeting_url(meeting, "activities:meeting_attendance"),
                           attendance_post([row, {**row, "organisation": "france travail "}]))
    assert response.status_code == 200
    assert "figure deux fois" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_meeting_lists_the_objections_raised_there(client, committee_member, meeting, item, territory,
                                                       team_user):
    Objection.objects.create(activity=item.activity, meeting=meeting, business="Cycles Dupont",
                             grounds="Nous réparons déjà des vélos rue Faidherbe.")
    other_meeting = CommitteeMeeting.objects.create(territory=territory, held_on=date(2026, 5, 4))
    Objection.objects.create(activity=item.activity, meeting=other_meeting, business="Garage Martin",
                             grounds="Autre séance.")
    client.force_login(committee_member)
    page = client.get(meeting_url(meeting)).content.decode()
    assert "Cycles Dupont" in page and "rue Faidherbe" in page
    assert "Garage Martin" not in page


def test_the_meeting_page_reads_the_agenda_in_a_fixed_number_of_queries(
        client, team_user, territory, meeting, item):
    client.force_login(team_user)
    client.get(meeting_url(meeting))  # session and profile warm-up

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(meeting_url(meeting)).status_code == 200
        return len(queries)

    one_item = count()
    for title in ("Conserverie", "Épicerie solidaire", "Garage solidaire"):
        services.add_to_agenda(meeting, studied(territory, team_user, title=title), user=team_user)
    assert count() == one_item
    assert one_item <= 10
