"""The meeting's pack: a PDF with the agenda, each activity submitted and its evidence."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from jobfactory.activities.enums import ActivityStatus
from jobfactory.activities.models import Attendance
from jobfactory.activities.services import add_to_agenda, change_status
from jobfactory.establishments.importer import import_sirene
from jobfactory.establishments.synthetic import write_synthetic_file
from jobfactory.referentials.models import Commune
from jobfactory.territories.enums import Role
from tests.activities.conftest import make_activity
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(territory, team_user, meeting, tmp_path):
    loos, lille = Commune.objects.get(pk="59360"), Commune.objects.get(pk="59350")
    territory.communes.set([loos])
    territory.surrounding_communes.set([lille])
    path = tmp_path / "StockEtablissement_utf8.zip"
    write_synthetic_file(path, 2000, communes=["59360", "59350"], seed=3,
                         ensure_codes=[("95.29Z", "59360", 2), ("95.29Z", "59350", 5),
                                       ("95.22Z", "59350", 1)])
    import_sirene(path, territory.programme)
    bikes = make_activity(territory, team_user, title="Atelier vélo solidaire")
    garden = make_activity(territory, team_user, title="Jardin partagé", naf_codes=("01.13Z",),
                           hours=(("A1433", "70"),))
    for activity in (bikes, garden):
        change_status(activity, ActivityStatus.UNDER_STUDY, user=team_user, on=date(2026, 1, 12))
        add_to_agenda(meeting, activity, user=team_user)
    Attendance.objects.create(meeting=meeting, member_type="chamber_of_trades",
                              organisation="CMA Hauts-de-France", present=1)
    return meeting


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pack_lists_the_agenda_each_activity_and_its_evidence(client, team_user, submitted):
    client.force_login(team_user)
    response = client.get(reverse("activities:meeting_pack", args=[submitted.public_id]))
    assert response["Content-Type"] == "application/pdf"
    assert "dossier-cle-2026-03-02.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Atelier vélo solidaire" in text and "Jardin partagé" in text
    assert "CMA Hauts-de-France" in text
    assert "95.29Z" in text and "Réparation d'autres biens personnels" in text
    assert "StockEtablissement_utf8.zip" in text  # the evidence names its source
    assert "Mécanicien / Mécanicienne motocycles" in text  # the hours by ROME job


def test_a_committee_member_downloads_the_pack_an_outsider_cannot(client, submitted, territory,
                                                                   other_territory):
    client.force_login(make_user("cle", Role.COMMITTEE_MEMBER, territories=[territory]))
    assert client.get(reverse("activities:meeting_pack", args=[submitted.public_id])).status_code == 200
    client.force_login(make_user("out", Role.COMMITTEE_MEMBER, territories=[other_territory]))
    assert client.get(reverse("activities:meeting_pack", args=[submitted.public_id])).status_code == 404
