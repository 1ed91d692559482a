"""The yearly PDF report of a territory: its figures, its charts, its scope, and no person in it."""

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from jobfactory.documents import Image, render_pdf
from jobfactory.reporting import annual_report, dashboard, report_charts
from jobfactory.staffing import services as staffing
from jobfactory.territories.enums import Role
from tests.conftest import hire, make_eligible, make_person, make_user

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 21)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY


@pytest.fixture
def people(territory, employer, team_user):
    """Four volunteers recognised eligible, three hired in March, one of whom resigned in May; one
    more registered and not yet interviewed."""
    eligible = [make_eligible(territory, team_user, date(2026, 1, 15 + n)) for n in range(4)]
    contracts = [hire(person, employer, team_user, start=date(2026, 3, 2), hours=Decimal("35"))
                 for person in eligible[:3]]
    staffing.end_contract(contracts[0], end_on=date(2026, 5, 31), reason="resignation", note="",
                          user=team_user)
    return [*eligible, make_person(territory)]


def _download(client, territory, year):
    return client.get(reverse("reporting:territory_report", args=[territory.pk, year]))


def _reader(response) -> PdfReader:
    return PdfReader(io.BytesIO(response.content))


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _images(reader: PdfReader) -> int:
    count = 0
    for page in reader.pages:
        xobjects = (page["/Resources"] or {}).get("/XObject", {})
        count += sum(1 for name in xobjects if xobjects[name].get_object()["/Subtype"] == "/Image")
    return count


def test_the_report_has_the_title_key_figures_and_one_image_per_chart(client, territory, people, team_user):
    client.force_login(team_user)
    response = _download(client, territory, 2026)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="rapport-annuel-2026-territoire-{territory.pk}.pdf"')
    reader = _reader(response)
    text = _text(reader)
    assert reader.metadata.title == "Rapport annuel 2026 — Loos - Les Oliveaux"
    assert "Rapport annuel 2026 — Loos - Les Oliveaux" in text
    assert "Métropole test" in text
    assert "de janvier à novembre 2026 (année en cours)" in text
    assert "Chiffres clés au 21 novembre 2026" in text
    for figure in ("Volontaires inscrit·e·s 5", "Éligibilité reconnue 4", "En attente d'embauche 1",
                   "Salarié·e·s 2", "2,0 ETP", "66,7 %", "Embauches en 2026 3", "Sorties en 2026 1",
                   "Démission : 1"):
        assert figure in text, figure
    # Stocks, flows, exhaustivity, FTE and the employees' profile.
    assert _images(reader) == 5
    for caption in ("Figure 1", "Figure 2", "Figure 3", "Figure 4", "Figure 5"):
        assert caption in text
    assert "mars 5 4 1 3 3 0 3,0 75,0 %" in text  # the table of the months
    assert "Total 2026 3 1" in text
    assert "1 ETP = 35 h" in text
    assert "Document édité le 21 novembre 2026" in text


def test_no_person_appears_in_the_report(client, territory, people, team_user):
    client.force_login(team_user)
    text = _text(_reader(_download(client, territory, 2026)))

    for person in people:
        for value in (person.first_name, person.last_name, person.address):
            assert value not in text
    assert "Prénom" not in text and "rue de la Paix" not in text


def test_scope_is_the_dashboards(client, territory, other_territory, people, other_team_user):
    committee = make_user("cle", Role.COMMITTEE_MEMBER, territories=[territory])
    client.force_login(committee)
    assert _download(client, territory, 2026).status_code == 200  # aggregates only: the committee sees them

    client.force_login(other_team_user)
    assert _download(client, territory, 2026).status_code == 404

    client.logout()
    assert _download(client, territory, 2026).status_code == 302


def test_years_run_from_the_first_with_figures_to_the_current_one(client, territory, other_territory, people,
                                                                   team_user):
    client.force_login(team_user)
    assert _download(client, territory, 2025).status_code == 404  # the first registrations are of 2026
    assert _download(client, territory, 2027).status_code == 404  # not begun
    assert _download(client, territory, 2026).status_code == 200

    officer = make_user("metropole", Role.PROGRAMME_OFFICER, programme=other_territory.programme)
    client.force_login(officer)
    # No figure at all: from 2016, the law's year, and the report says there is nobody yet.
    assert _download(client, other_territory, 2015).status_code == 404
    response = _download(client, other_territory, 2016)
    assert response.status_code == 200
    reader = _reader(response)
    assert "Aucun·e salarié·e à la fin de la période." in _text(reader)
    assert _images(reader) == 4


def test_a_past_year_runs_from_january_to_december(territory, people):
    document = annual_report.territory_report(territory, 2026, date(2027, 2, 10))
    text = _text(PdfReader(io.BytesIO(render_pdf(document))))

    assert "de janvier à décembre 2026" in text
    assert "année en cours" not in text
    assert "Chiffres clés au 31 décembre 2026" in text
    assert "décembre 5 4 1 2 0 0 2,0 66,7 %" in text


def test_the_dashboard_links_to_the_reports_it_can_give(client, territory, people, team_user):
    client.force_login(team_user)
    page = client.get(reverse("reporting:territory", args=[territory.pk])).content.decode()

    assert reverse("reporting:territory_report", args=[territory.pk, 2026]) in page
    assert "Rapport annuel 2026 (PDF)" in page
    # 2025 precedes the territory's first figures: no link to a report that would not exist.
    assert reverse("reporting:territory_report", args=[territory.pk, 2025]) not in page


def test_charts_are_png_at_150_dpi_and_mark_a_target_in_the_year(territory, people):
    period, _ = annual_report.report_period(2026, TODAY)
    board = dashboard.build([territory], period, TODAY)
    year = period.months + [date(2026, 12, 1)]
    charts = [report_charts.stocks_chart(board, year), report_charts.flows_chart(board, year),
              report_charts.exhaustivity_chart(board, year, date(2026, 9, 15)),
              report_charts.fte_chart(board, year), report_charts.breakdowns_chart(board)]

    for png in charts:
        image = Image(png)  # a valid PNG
        assert image.pixel_size[0] == int(174 / 25.4 * 150)  # the text width at 150 dpi
    # A target in the year is drawn; one in another year is not.
    marked = report_charts.exhaustivity_chart(board, year, date(2026, 9, 15))
    assert marked != report_charts.exhaustivity_chart(board, year, date(2027, 12, 31))
    assert report_charts.exhaustivity_chart(board, year, date(2027, 12, 31)) == \
        report_charts.exhaustivity_chart(board, year, None)
