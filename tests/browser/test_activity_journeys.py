"""The later journeys in the browser: an activity approved by the local committee, the staffing plan
applied by the employer's manager, a dashboard read and an export opened by the programme officer."""

import re
from datetime import date

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook
from playwright.sync_api import expect

from jobfactory.activities import services as activities
from jobfactory.activities.enums import ActivityStatus
from jobfactory.staffing.models import Assignment, StaffingPlan
from jobfactory.territories.enums import Role
from tests.activities.conftest import make_activity
from tests.browser.pages import (
    assert_no_browser_errors,
    button,
    download,
    field,
    kpi,
    link,
    log_in,
    menu,
    open_territory,
    screenshot,
    submit,
)
from tests.conftest import hire, make_eligible, make_person, make_user
from tests.staffing.conftest import make_employee, make_running

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_committee_approves_an_activity_at_its_meeting(page, team_user, territory):
    bikes = make_activity(territory, team_user, title="Atelier vélo solidaire")
    activities.change_status(bikes, ActivityStatus.UNDER_STUDY, user=team_user, on=date(2026, 1, 20))
    today = timezone.localdate()
    log_in(page, "team")
    open_territory(page, territory)
    submit(page, link(page, "Besoins, activités et comité local"))
    submit(page, link(page, "Préparer une séance du comité"))
    field(page, "Date de la séance").fill(today.isoformat())
    field(page, "Lieu").fill("Mairie de Loos, salle du conseil")
    submit(page, button(page, "Créer la séance"))
    expect(page.locator(".messages")).to_contain_text("Séance du comité local créée.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Comité local du {date_format(today, 'l j F Y')}")

    field(page, "Activité à inscrire").select_option(label="Atelier vélo solidaire (À l'étude)")
    submit(page, button(page, "Inscrire à l'ordre du jour"))
    expect(page.locator(".messages")).to_contain_text(
        "« Atelier vélo solidaire » est inscrite à l'ordre du jour.")
    item = page.locator("section.card", has=page.get_by_role("heading", name=re.compile("Atelier vélo")))
    expect(item.locator(".badge")).to_have_text("Soumise au comité")

    submit(page, item.get_by_role("link", name="Inscrire la décision"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Décision du comité : Atelier vélo solidaire")
    page.get_by_role("radio", name="Validée").check()
    field(page, "Motifs").fill("Aucun atelier de réparation de vélos aux Oliveaux.")
    field(page, "Avis de la chambre de métiers et de l'artisanat (CMA)").select_option(label="Avis favorable")
    submit(page, button(page, "Inscrire la décision"))
    expect(page.locator(".messages")).to_contain_text("Décision du comité enregistrée.")
    expect(item.locator(".badge")).to_have_text("Validée par le comité")
    expect(item).to_contain_text("Aucun atelier de réparation de vélos aux Oliveaux.")
    expect(item).to_contain_text("Avis favorable")
    expect(item.get_by_role("link", name="Inscrire la décision")).to_have_count(0)

    submit(page, link(page, territory.name))  # the breadcrumb, to the territory's activities
    approved = page.locator(".stage-approved")
    expect(approved.locator("h3")).to_have_text("Validée par le comité 1")
    expect(approved).to_contain_text("Atelier vélo solidaire")
    bikes.refresh_from_db()
    assert bikes.status == ActivityStatus.APPROVED
    assert_no_browser_errors(page)
    screenshot(page, "06-activity-approved")


def test_the_manager_runs_the_planner_and_applies_the_plan(page, territory, employer):
    make_user("manager", Role.EMPLOYER_MANAGER, employer=employer)
    make_running(territory, employer, "Atelier vélo", {"I1117": "35"}, km_east=1)
    make_running(territory, employer, "Maraîchage", {"A1414": "35", "A1203": "17.5"}, km_east=3)
    make_employee(territory, employer, skills=["I1117"], km_east=0.5, last_name="Velo")
    make_employee(territory, employer, skills=["A1414"], wishes=["A1414"], km_east=2.5)
    make_employee(territory, employer, hours="17.5", km_east=2)
    log_in(page, "manager")
    submit(page, menu(page, "Plans d'affectation"))
    expect(page.get_by_text("Aucun plan pour l'instant")).to_be_visible()
    field(page, "Périmètre").select_option(label="Tout l'employeur (tous ses territoires)")
    submit(page, button(page, "Lancer le planificateur"))

    expect(page.locator(".messages")).to_contain_text(
        "Plan calculé. Rien ne change tant qu'il n'est pas appliqué.")
    expect(page.locator("h1 .badge")).to_have_text("Proposé")
    expect(kpi(page, "salariés sous contrat placés sur toutes leurs heures")).to_have_text("3 / 3")
    changes = page.locator("#changements + p + table tbody tr")
    expect(changes).to_have_count(3)
    expect(changes.filter(has_text="VELO")).to_contain_text("Atelier vélo")
    submit(page, button(page, "Appliquer ce plan"))

    expect(page.locator(".messages")).to_contain_text(
        "Plan appliqué : 3 personnes changent d'affectation à compter d'aujourd'hui.")
    expect(page.locator("h1 .badge")).to_have_text("Appliqué")
    today = date_format(timezone.localdate(), "j F Y")
    expect(page.locator("dd", has_text="appliqué à compter du")).to_contain_text(
        f"appliqué à compter du {today} par manager")
    expect(button(page, "Appliquer ce plan")).to_have_count(0)
    plan = StaffingPlan.objects.get()
    assert Assignment.objects.filter(plan=plan, end_on__isnull=True).count() == 3
    submit(page, menu(page, "Plans d'affectation"))
    expect(page.locator("tbody tr").first.locator(".badge")).to_have_text("Appliqué")
    assert_no_browser_errors(page)
    screenshot(page, "07-plan-applied")


def test_the_programme_officer_reads_the_dashboard_and_opens_the_export(
        page, programme, territory, employer, team_user, tmp_path):
    make_user("officer", Role.PROGRAMME_OFFICER, programme=programme)
    hired = make_eligible(territory, team_user, date(2026, 1, 15), last_name="Lefebvre")
    hire(hired, employer, team_user, start=date(2026, 3, 2))
    make_eligible(territory, team_user, date(2026, 2, 15), last_name="Moreau")
    make_person(territory, last_name="Garnier")
    log_in(page, "officer")
    submit(page, menu(page, "Tableaux de bord"))
    submit(page, link(page, programme.name))
    expect(page.get_by_role("heading", level=1)).to_have_text(programme.name)
    expect(kpi(page, "volontaires inscrit·e·s")).to_have_text("3")
    expect(kpi(page, "en attente")).to_have_text("1")
    expect(kpi(page, "salarié·e·s en fin de mois")).to_have_text("1")
    expect(kpi(page, "exhaustivité")).to_have_text("50,0 %")
    # Each chart drawn by Chart.js from the page's own files: nothing blocked, nothing failed.
    for chart in ("stocks", "flows", "exhaustivity", "fte"):
        drawn = page.evaluate("name => Chart.getChart(document.querySelector(`canvas[data-chart=${name}]`))"
                              " !== undefined", chart)
        assert drawn, f"the {chart} chart is not drawn"

    saved = download(page, link(page, "Volontaires, version pseudonymisée (Excel)"), tmp_path)
    assert saved.suffix == ".xlsx"
    sheet = load_workbook(saved, read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Pseudonyme", "Territoire", "Sexe"]
    assert len(rows) == 4 and {row[1] for row in rows[1:]} == {territory.name}
    situations = {row[5] for row in rows[1:]}
    assert situations == {"Sous contrat", "Éligible, sur la liste d'attente", "Inscrit·e, entretien à faire"}
    cells = " ".join(str(value) for row in rows for value in row)
    assert not any(name in cells for name in ("Lefebvre", "Moreau", "Garnier"))  # pseudonymised
    assert_no_browser_errors(page)
    screenshot(page, "08-dashboard-and-export")
