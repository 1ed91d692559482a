"""A territory team's journeys in the browser: log in, register a volunteer, record the eligibility
interview and the committee's decision, hire from the waiting list, see the territory's figures move.

The data a journey starts from is built with the factories; each step the journey is about is clicked.
Dates are fixed in 2026, inside the 2020 law's rule set and the test employer's 2026 agreement,
whatever today is (the forms refuse future dates: these tests need a clock past mid-June 2026).
"""

import csv
import io
import re
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from jobfactory.people.models import Person
from jobfactory.staffing.models import Contract
from tests.browser.pages import (
    assert_no_browser_errors,
    button,
    confirm_totp_device,
    download,
    field,
    kpi,
    link,
    log_in,
    menu,
    open_territory,
    screenshot,
    second_factor_required,
    submit,
)
from tests.conftest import make_eligible, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EVENT_DAY = date(2026, 6, 15)


@pytest.mark.totp
def test_a_team_member_logs_in_with_the_second_factor(page, team_user, territory):
    confirm_totp_device(team_user)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/connexion/\?next=/$"))
    field(page, "Identifiant").fill("team")
    field(page, "Mot de passe").fill("not-the-password")
    submit(page, button(page, "Se connecter"))
    expect(page.get_by_text("Identifiant ou mot de passe incorrect.")).to_be_visible()

    code_page = log_in(page, "team")
    if second_factor_required():  # a territory team opens personal files: a code is asked
        assert code_page and urlsplit(code_page).path == "/connexion/second-facteur/", code_page
    else:
        assert code_page is None
    expect(page.get_by_role("heading", level=1)).to_have_text("Territoires")
    expect(page.locator("header .who")).to_have_text("team · Équipe projet du territoire")
    expect(link(page, territory.name)).to_be_visible()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    assert_no_browser_errors(page)
    screenshot(page, "01-login")


def test_a_team_member_registers_a_volunteer(page, team_user, territory):
    log_in(page, "team")
    open_territory(page, territory)
    submit(page, link(page, "Inscrire un·e volontaire"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inscrire un·e volontaire")

    field(page, "Nom").fill("Diallo")
    field(page, "Prénom").fill("Awa")
    field(page, "Sexe").select_option(label="Femme")
    field(page, "Date de naissance").fill("1979-03-12")
    field(page, "Adresse").fill("3 rue Victor Hugo")
    field(page, "Code postal").fill("59120")
    field(page, "Commune").fill("Loos")
    field(page, "Arrivée sur le territoire le").fill("2015-02-01")
    field(page, "Privé·e d'emploi depuis le").fill("2021-09-01")
    # A number input holds "24.5" whatever the browser shows ("24,5" in a French chromium).
    field(page, "Heures hebdomadaires choisies").fill("24.5")
    # Saved without the date the information notice was handed over: refused, nothing lost.
    submit(page, button(page, "Enregistrer"))
    notice_field = page.locator(".field", has=field(page, "Notice d'information remise le"))
    expect(notice_field.locator(".error")).to_be_visible()
    expect(field(page, "Nom")).to_have_value("Diallo")
    assert not Person.objects.exists()

    field(page, "Notice d'information remise le").fill(EVENT_DAY.isoformat())
    submit(page, button(page, "Enregistrer"))
    expect(page.locator(".messages")).to_contain_text("Volontaire inscrit·e.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Awa DIALLO")
    expect(page.locator("h1 .badge")).to_have_text("Inscrit·e, entretien à faire")
    expect(page.locator("dd", has_text="3 rue Victor Hugo, 59120 Loos")).to_be_visible()
    expect(page.locator("dd", has_text="24,50 h / semaine")).to_be_visible()
    person = Person.objects.get()
    assert "Diallo" not in page.url and str(person.public_id) in page.url
    assert (person.territory, person.chosen_hours, person.birth_date) == (
        territory, Decimal("24.5"), date(1979, 3, 12))
    assert_no_browser_errors(page)
    screenshot(page, "02-register-volunteer")


def test_a_team_member_records_the_interview_and_the_committees_decision(page, team_user, territory):
    person = make_person(territory, first_name="Karim", last_name="Benali")
    log_in(page, "team")
    open_territory(page, territory)
    submit(page, link(page, "Tous les volontaires"))
    submit(page, page.get_by_role("link", name=re.compile("BENALI")))
    expect(page.locator("h1 .badge")).to_have_text("Inscrit·e, entretien à faire")

    submit(page, link(page, "Entretien d'éligibilité"))
    field(page, "Date de l'entretien").fill(EVENT_DAY.isoformat())
    for question in ("La personne se porte volontaire", "Démarches de recherche d'emploi"):
        page.locator(".field", has_text=question).get_by_role("radio", name="Oui").check()
    submit(page, button(page, "Enregistrer l'entretien et obtenir l'avis"))
    expect(page.locator(".messages")).to_contain_text("Entretien enregistré avec l'avis des règles.")
    expect(page.locator(".verdict")).to_have_text("Éligible")
    expect(page.get_by_text("France, loi 2020-1577", exact=False).first).to_be_visible()
    expect(page.locator("h1 .badge")).to_have_text("Entretien fait, décision du comité attendue")

    submit(page, link(page, "Décision du comité"))
    expect(page.locator(".notice")).to_contain_text("Éligible")  # the rules' opinion, beside the form
    field(page, "Date de la décision du comité").fill(EVENT_DAY.isoformat())
    page.get_by_role("radio", name="Éligibilité reconnue").check()
    submit(page, button(page, "Enregistrer"))
    expect(page.locator(".messages")).to_contain_text("Décision du comité enregistrée.")
    expect(page.locator("h1 .badge")).to_have_text("Éligible, sur la liste d'attente")
    expect(page.locator("tr", has_text="Éligibilité reconnue").locator("td")).to_have_text(
        ["Éligibilité reconnue", "15/06/2026", "—"])

    submit(page, link(page, "Voir sur la liste d'attente"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Liste d'attente")
    expect(page.locator("tbody tr", has_text="BENALI Karim")).to_contain_text("15/06/2026")
    person.refresh_from_db()
    assert (person.status, person.eligible_since) == ("waiting", EVENT_DAY)
    assert_no_browser_errors(page)
    screenshot(page, "03-eligibility")


def test_hiring_follows_the_waiting_list_and_a_skip_needs_a_written_reason(
        page, team_user, territory, employer, tmp_path):
    first = make_eligible(territory, team_user, date(2026, 1, 15), first_name="Lina", last_name="Martin")
    second = make_eligible(territory, team_user, date(2026, 2, 15), first_name="Paul", last_name="Durand")
    log_in(page, "team")
    open_territory(page, territory)
    submit(page, link(page, "Liste d'attente"))
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("MARTIN Lina")
    expect(rows.nth(1)).to_contain_text("DURAND Paul")
    # Only the head of the list can be hired, or passed over with a written reason.
    expect(rows.nth(0).get_by_role("link", name="Embaucher")).to_be_visible()
    expect(rows.nth(1).get_by_role("link")).to_have_count(1)  # the name, no action

    saved = download(page, page.get_by_role("link", name="Télécharger (CSV)"), tmp_path)
    raw = saved.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM French Excel needs to read UTF-8
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert table[0][:3] == ["Rang", "Nom", "Prénom"]
    assert [row[:3] for row in table[1:]] == [["1", "Martin", "Lina"], ["2", "Durand", "Paul"]]

    submit(page, rows.nth(0).get_by_role("link", name="Passer (motif écrit)"))
    field(page, "Motif").select_option(label="Injoignable")
    field(page, "Explication écrite").fill("Trois appels sans réponse, courrier envoyé.")
    submit(page, button(page, "Enregistrer"))
    expect(page.locator(".messages")).to_contain_text("Motif enregistré.")
    expect(rows.nth(0)).to_contain_text("Passé·e : Injoignable")

    submit(page, rows.nth(1).get_by_role("link", name="Embaucher"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Embaucher en CDI")
    expect(field(page, "Heures hebdomadaires choisies")).to_have_value("35,00")
    field(page, "Date d'embauche").fill(EVENT_DAY.isoformat())
    submit(page, button(page, "Embaucher"))
    expect(page.locator(".messages")).to_contain_text("Embauche enregistrée : CDI au SMIC.")
    contract = Contract.objects.get()
    assert (contract.person, contract.employer, contract.start_on) == (second, employer, EVENT_DAY)
    assert first.skips.get().hire == contract  # the written reason stays with the hire

    page.goto(f"/territoires/{territory.pk}/liste-attente/")
    expect(rows).to_have_count(1)
    expect(rows.nth(0)).to_contain_text("MARTIN Lina")
    expect(rows.nth(0).get_by_role("link", name="Embaucher")).to_be_visible()
    assert_no_browser_errors(page)
    screenshot(page, "04-hire-from-waiting-list")


def test_a_hire_moves_the_territorys_figures(page, team_user, territory, employer):
    person = make_eligible(territory, team_user, date(2026, 1, 15), first_name="Nora", last_name="Petit")
    log_in(page, "team")
    row = page.get_by_role("row", name=re.compile(territory.name))
    expect(row.locator("td")).to_have_text([territory.name, "Métropole test", "1", "1", "0", "0", "0 %"])
    open_territory(page, territory)
    expect(kpi(page, "sous contrat (CDI)")).to_have_text("0")
    expect(kpi(page, "sur la liste d'attente")).to_have_text("1")
    expect(page.locator(".gauge .label")).to_have_text("0 %")

    submit(page, link(page, "Liste d'attente"))
    submit(page, page.get_by_role("link", name="Embaucher"))
    field(page, "Date d'embauche").fill(EVENT_DAY.isoformat())
    submit(page, button(page, "Embaucher"))
    expect(page.locator(".messages")).to_contain_text("Embauche enregistrée")

    page.goto(f"/territoires/{territory.pk}/")
    expect(kpi(page, "sous contrat (CDI)")).to_have_text("1")
    expect(kpi(page, "sur la liste d'attente")).to_have_text("0")
    expect(page.locator(".gauge .label")).to_have_text("100 %")
    submit(page, menu(page, "Territoires"))
    expect(row.locator("td")).to_have_text([territory.name, "Métropole test", "1", "0", "1", "1,00", "100 %"])

    submit(page, menu(page, "Tableaux de bord"))
    submit(page, link(page, territory.name))
    expect(kpi(page, "salarié·e·s en fin de mois")).to_have_text("1")
    expect(kpi(page, "en attente")).to_have_text("0")
    expect(kpi(page, "embauches sur la période")).to_have_text("1")
    person.refresh_from_db()
    assert person.status == "employed"
    assert_no_browser_errors(page)
    screenshot(page, "05-territory-figures")
