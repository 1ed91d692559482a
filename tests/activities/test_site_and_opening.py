"""An activity's site position (5 decimals) and opening half-days, through the pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from jobfactory.activities.forms import ActivityForm
from jobfactory.activities.models import Activity
from jobfactory.engines.week import WEEKDAYS, mask_of
from tests.activities.conftest import activity_post, skill_rows

pytestmark = pytest.mark.django_db


def test_the_form_reads_the_site_and_the_opening(territory):
    form = ActivityForm(activity_post(site_position="50,629254 ; 3,057", working_half_days=["2", "3"]),
                        instance=Activity(territory=territory), territory=territory)
    assert form.is_valid(), form.errors
    assert (form.instance.site_latitude, form.instance.site_longitude) == (Decimal("50.62925"),
                                                                           Decimal("3.05700"))
    assert form.instance.working_half_days == mask_of([2, 3])


def test_a_new_activity_is_open_on_weekdays_by_default(territory):
    form = ActivityForm(instance=Activity(territory=territory), territory=territory)
    assert form["working_half_days"].value() == [str(i) for i in range(10)]


def test_create_then_edit_an_activity_with_site_and_opening(client, territory, team_user):
    client.force_login(team_user)
    create = reverse("activities:activity_create", args=[territory.pk])
    page = client.get(create).content.decode()
    assert 'name="site_position"' in page and "samedi après-midi" in page

    refused = client.post(create, activity_post(site_position="Local rue Kléber"))
    assert refused.status_code == 200 and not Activity.objects.exists()
    assert "Position illisible" in refused.content.decode()
    refused = client.post(create, activity_post(working_half_days=[]))
    assert "Cochez au moins une demi-journée" in refused.content.decode()

    response = client.post(create, activity_post(site_position="50.62925, 3.05751",
                                                 working_half_days=[str(i) for i in range(10)]))
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert (activity.site_latitude, activity.site_longitude) == (Decimal("50.62925"),
                                                                 Decimal("3.05751"))
    assert activity.working_half_days == WEEKDAYS
    detail = client.get(activity.get_absolute_url()).content.decode()
    assert "50.62925, 3.05751" in detail and "openstreetmap.org/?mlat=50.62925" in detail
    assert "Du lundi au vendredi" in detail

    edit = reverse("activities:activity_edit", args=[activity.public_id])
    assert 'value="50.62925, 3.05751"' in client.get(edit).content.decode()
    # No skill rows: the needs recorded at creation stay as they are.
    response = client.post(edit, activity_post(site_position="", working_half_days=[
        str(i) for i in range(0, 12, 2)], **skill_rows()))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.site_latitude is None and activity.site_longitude is None
    detail = client.get(activity.get_absolute_url()).content.decode()
    assert "Les matins du lundi au samedi" in detail and "Non renseignée" in detail
