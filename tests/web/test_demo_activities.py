"""The issue's journey on the demo data: a residents' need, its evidence, the meeting's pack and the
committee's approval, then the territory page."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from jobfactory.activities.enums import ActivityStatus
from jobfactory.activities.models import Activity
from jobfactory.demo.generate import DemoBuilder

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    DemoBuilder(seed=2017, today=timezone.localdate(), log=lambda *_: None).build()


def test_the_bike_workshop_goes_from_residents_need_to_approval(client, demo):
    users = get_user_model().objects
    bikes = Activity.objects.select_related("need", "territory").get(title="Atelier vélo solidaire")
    assert bikes.need.proposed_by == "residents"
    assert bikes.status == ActivityStatus.SUBMITTED

    client.force_login(users.get(username="cle-loos"))
    page = client.get(bikes.get_absolute_url()).content.decode()
    assert "95.29Z" in page and "StockEtablissement_utf8_demo.zip" in page  # evidence from the file
    meeting = bikes.agenda_items.get().meeting
    pack = client.get(reverse("activities:meeting_pack", args=[meeting.public_id]))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pack.content)).pages)
    assert "Atelier vélo solidaire" in text and "Même sous-classe".lower() in text.lower()

    client.force_login(users.get(username="equipe-loos"))
    item = bikes.agenda_items.get()
    response = client.post(reverse("activities:item_decision", args=[meeting.public_id, item.pk]), {
        "verdict": "approved", "reasons": "Aucun atelier de réparation de vélos aux Oliveaux.",
        "chamber_of_commerce_opinion": "not_consulted", "chamber_of_trades_opinion": "favourable"})
    assert response.status_code == 302
    bikes.refresh_from_db()
    assert bikes.status == ActivityStatus.APPROVED

    page = client.get(reverse("territories:detail", args=[bikes.territory_id])).content.decode()
    assert "Validée par le comité" in page
    assert "Heures des activités validées, pas encore lancées" in page
