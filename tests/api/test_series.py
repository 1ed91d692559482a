"""The monthly series over the API: the dashboards' figures, scoped like them."""

from datetime import date
from decimal import Decimal

from tests.conftest import hire, make_eligible


def test_a_territory_series_month_by_month(client, territory, employer, team_user):
    hire(make_eligible(territory, team_user, date(2026, 1, 15)), employer, team_user,
         start=date(2026, 3, 2), hours=Decimal("17.5"), written_request_on=date(2026, 2, 20))
    make_eligible(territory, team_user, date(2026, 2, 10))
    client.force_login(team_user)
    response = client.get(f"/api/territories/{territory.pk}/series", {"start": "2026-01", "end": "2026-04"})
    assert response.status_code == 200
    months = response.json()["months"]
    assert [m["month"] for m in months] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert [(m["waiting"], m["employees"], m["hires"]) for m in months] == [
        (1, 0, 0), (2, 0, 0), (1, 1, 1), (1, 1, 0)]
    assert months[3]["fte"] == 0.5 and months[3]["exhaustivity"] == 50.0


def test_scope_and_bad_periods(client, programme, territory, other_team_user, officer, fund_user, team_user):
    client.force_login(other_team_user)
    assert client.get(f"/api/territories/{territory.pk}/series").status_code == 404
    assert client.get(f"/api/programmes/{programme.pk}/series").status_code == 404
    client.force_login(team_user)
    assert client.get(f"/api/programmes/{programme.pk}/series").status_code == 404
    bad = client.get(f"/api/territories/{territory.pk}/series", {"start": "2026-13"})
    assert bad.status_code == 422 and "Mois illisible" in bad.content.decode()
    for user in (officer, fund_user):
        client.force_login(user)
        response = client.get(f"/api/programmes/{programme.pk}/series")
        assert response.status_code == 200 and len(response.json()["months"]) == 24
