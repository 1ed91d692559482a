"""The volunteers' list: a page at a time, the filter kept from page to page, names not in URLs."""

import re

import pytest
from django.urls import reverse

from jobfactory.territories.views import PEOPLE_PER_PAGE
from tests.conftest import make_person

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return re.findall(r'<a href="/volontaires/[0-9a-f-]+/">([^<]+)</a>', response.content.decode())


def test_the_list_comes_a_page_at_a_time_in_name_order(client, territory, team_user):
    for n in range(PEOPLE_PER_PAGE + 5):
        make_person(territory, last_name=f"Zed{n:03d}")
    client.force_login(team_user)
    url = reverse("territories:people", args=[territory.pk])

    first = client.get(url)
    assert first.status_code == 200
    names = _names(first)
    assert len(names) == PEOPLE_PER_PAGE
    assert names[0].startswith("ZED000") and names[-1].startswith(f"ZED{PEOPLE_PER_PAGE - 1:03d}")
    text = first.content.decode()
    assert f"{PEOPLE_PER_PAGE + 5}\u00a0volontaires" in text or f"{PEOPLE_PER_PAGE + 5} volontaires" in text
    assert "Page 1 sur 2" in text

    second = client.get(url, {"page": 2})
    rest = range(PEOPLE_PER_PAGE, PEOPLE_PER_PAGE + 5)
    assert [name[:6] for name in _names(second)] == [f"ZED{n:03d}" for n in rest]
    # A page past the end shows the last one rather than an error.
    assert _names(client.get(url, {"page": 99})) == _names(second)


def test_the_status_filter_is_kept_in_the_page_links(client, territory, team_user):
    for n in range(PEOPLE_PER_PAGE + 1):
        make_person(territory, last_name=f"Inscrit{n:03d}")
    make_person(territory, last_name="Retire", status="withdrawn")
    client.force_login(team_user)
    url = reverse("territories:people", args=[territory.pk])
    first = client.get(url, {"situation": "registered"}).content.decode()
    assert 'href="?situation=registered&amp;page=2"' in first
    second = client.get(url, {"situation": "registered", "page": 2})
    assert [name[:10] for name in _names(second)] == [f"INSCRIT{PEOPLE_PER_PAGE:03d}"]
    assert "RETIRE" not in first + second.content.decode()


def test_an_anonymised_person_is_listed_without_a_name(client, territory, team_user):
    from datetime import date

    make_person(territory, last_name="", first_name="", anonymised_on=date(2026, 3, 1))
    client.force_login(team_user)
    assert _names(client.get(reverse("territories:people", args=[territory.pk]))) == ["Personne anonymisée"]
