import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobfactory.people.imports import template_csv
from jobfactory.people.models import Person


@pytest.mark.django_db
def test_smoke(client, territory, team_user, other_team_user):
    client.force_login(team_user)
    url = reverse("people:import", args=[territory.pk])
    r = client.get(url)
    assert r.status_code == 200, r.content[:2000]
    html = r.content.decode()
    assert 'enctype="multipart/form-data"' in html and "Fichier CSV" in html
    r = client.get(reverse("people:import_template", args=[territory.pk]))
    assert r.status_code == 200 and r.content.startswith(b"\xef\xbb\xbf")
    print(r["Content-Type"])
    bad = template_csv().replace("24,5", "50").encode()
    r = client.post(url, {"file": SimpleUploadedFile("a.csv", bad)})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'class="errors"' in html and "Rien n&#x27;a été importé" in html, html
    print(html[html.index("<table"):html.index("</table>")])
    r = client.post(url, {"file": SimpleUploadedFile("a.csv", template_csv().encode())})
    assert r.status_code == 302, r.content.decode()[:3000]
    r = client.get(r["Location"])
    assert "1 volontaire importé" in r.content.decode()
    assert Person.objects.count() == 1
    client.force_login(other_team_user)
    assert client.get(url).status_code == 404
