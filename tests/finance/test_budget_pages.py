"""The budget pages through the test client: read, edit, copy, compare; who may; and the demo's budget."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from jobfactory.activities.models import Activity
from jobfactory.demo.budget import ACCELERATED_NAME
from jobfactory.demo.generate import DemoBuilder
from jobfactory.finance import budget_service
from jobfactory.finance.models import BudgetScenario, JobContributionRate
from jobfactory.territories.enums import Role
from jobfactory.territories.models import Employer
from tests.conftest import make_user
from tests.staffing.conftest import make_employee, make_running

YEAR = 2026


@pytest.fixture
def scene(territory, employer):
    make_employee(territory, employer, hours="35", start=date(2025, 1, 6), last_name="Secretname")
    make_employee(territory, employer, hours="24", start=date(2026, 3, 1), last_name="Hiddenname")
    activity = make_running(territory, employer, "Atelier vélo", {"I1117": "35"})
    Activity.objects.filter(pk=activity.pk).update(expected_revenue=Decimal("24000"),
                                                   status_since=date(2020, 1, 1))
    return employer


@pytest.fixture
def manager(employer):
    return make_user("manager", Role.EMPLOYER_MANAGER, employer=employer)


@pytest.fixture
def base(scene):
    return budget_service.ensure_base(scene, YEAR, today=date(YEAR, 12, 15))


def post_data(scenario, **changes) -> dict:
    """The edit form as the page sends it, with the scenario's assumptions and `changes`."""
    a = scenario.assumptions
    data = {"departement_share_percent": a["departement_share_percent"].replace(".", ","),
            "startup_grant_percent": a["startup_grant_percent"], "supervisory_fte": a["supervisory_fte"],
            "supervisory_cost_per_fte": str(a["supervisory_cost_per_fte_cents"] // 100)}
    for prefix, rows in (("hires", a["hires"]), ("revenue", a["revenue"]), ("costs", a["other_costs"]),
                         ("rates", a["rate_overrides"])):
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(len(rows)),
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
        for i, row in enumerate(rows):
            if prefix == "hires":
                data.update({f"hires-{i}-month": row["month"], f"hires-{i}-weekly_hours": row["weekly_hours"],
                             f"hires-{i}-count": str(row["count"])})
            elif prefix == "rates":
                data.update({f"rates-{i}-starts_on": row["starts_on"], f"rates-{i}-percent": row["percent"],
                             f"rates-{i}-note": row["note"]})
            else:
                data[f"{prefix}-{i}-label"] = row["label"]
                data[f"{prefix}-{i}-activity"] = row.get("activity") or ""
                for m, value in enumerate(row["monthly_cents"], start=1):
                    data[f"{prefix}-{i}-m{m}"] = str(Decimal(value) / 100).replace(".", ",")
    data.update(changes)
    return data


def test_the_manager_reads_the_budget_with_its_sources_and_assumptions(client, manager, base):
    client.force_login(manager)
    listing = client.get(reverse("finance:budget_year", args=[base.employer.pk, YEAR]))
    assert listing.status_code == 200 and "Budget de base" in listing.content.decode()
    page = client.get(reverse("finance:scenario", args=[base.public_id])).content.decode()
    for text in ("Contribution au développement de l&#x27;emploi (État)", "Participation du département",
                 "Dotation d&#x27;amorçage", "Salaires bruts des PPDE", "Coût par ETP",
                 "Chiffre d&#x27;affaires par ETP", "Sources et hypothèses", "OpenFisca-France",
                 "Décret n° 2025-1228", "« hypothèse modifiable »", "<svg", "Modifier les hypothèses"):
        assert text in page, text
    # Aggregates only: nobody's name.
    assert "Secretname" not in page and "Hiddenname" not in page
    # The rate of 1 October 2023 is confirmed: nothing to confirm this year.
    assert "« à confirmer »" not in page


def test_an_unconfirmed_rate_is_flagged_in_the_years_it_covers(client, manager, base):
    JobContributionRate.objects.create(starts_on=date(2026, 7, 1), percent=Decimal("97"),
                                       source="Arrêté annoncé, pas encore publié (test)", confirmed=False)
    client.force_login(manager)
    page = client.get(reverse("finance:scenario", args=[base.public_id])).content.decode()
    assert "« à confirmer »" in page and "Arrêté annoncé, pas encore publié (test)" in page
    assert "2026-07 : taux de CDE non confirmé" in page
    earlier = budget_service.ensure_base(base.employer, 2025, today=date(2026, 12, 15))
    page = client.get(reverse("finance:scenario", args=[earlier.public_id])).content.decode()
    assert "« à confirmer »" not in page


def test_the_manager_edits_the_assumptions(client, manager, base):
    client.force_login(manager)
    url = reverse("finance:scenario_edit", args=[base.public_id])
    assert client.get(url).status_code == 200
    response = client.post(url, post_data(base, departement_share_percent="20,5", **{
        "hires-TOTAL_FORMS": "1", "hires-0-month": f"{YEAR}-12", "hires-0-weekly_hours": "17,5",
        "hires-0-count": "2"}))
    assert response.status_code == 302
    base.refresh_from_db()
    assert base.assumptions["departement_share_percent"] == "20.5"
    assert base.assumptions["hires"] == [{"month": f"{YEAR}-12", "weekly_hours": "17.5", "count": 2}]
    assert base.assumptions["revenue"][0]["monthly_cents"] == [200000] * 12  # kept as it was


def test_a_departement_share_under_15_percent_is_refused_with_the_engines_message(client, manager, base):
    client.force_login(manager)
    before = dict(base.assumptions)
    response = client.post(reverse("finance:scenario_edit", args=[base.public_id]),
                           post_data(base, departement_share_percent="10", **{"hires-TOTAL_FORMS": "1",
                                     "hires-0-month": f"{YEAR}-12", "hires-0-weekly_hours": "60",
                                     "hires-0-count": "1"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "La part du département doit être d&#x27;au moins 15 % de celle de l&#x27;État" in page
    assert "de 0 à 48 h par semaine" in page
    assert "est enregistré : corrigez" in page
    base.refresh_from_db()
    assert base.assumptions == before


def test_copy_then_compare(client, manager, base):
    client.force_login(manager)
    response = client.post(reverse("finance:scenario_copy", args=[base.public_id]), {"name": "Plus d'heures"})
    copy = BudgetScenario.objects.get(name="Plus d'heures")
    assert response.status_code == 302
    assert response.url == reverse("finance:scenario_edit", args=[copy.public_id])
    assert copy.based_on == base and copy.assumptions == base.assumptions
    taken = client.post(reverse("finance:scenario_copy", args=[base.public_id]), {"name": "Plus d'heures"})
    assert "porte déjà ce nom" in taken.content.decode()
    client.post(reverse("finance:scenario_edit", args=[copy.public_id]),
                post_data(copy, startup_grant_percent="30"))
    page = client.get(reverse("finance:compare", args=[base.employer.pk, YEAR]),
                      {"s": [str(base.public_id), str(copy.public_id)]}).content.decode()
    assert "Budget de base" in page and "Plus d&#x27;heures" in page
    assert "côte à côte" in page and "ETP nets créés dans l&#x27;année" in page
    base.refresh_from_db()
    assert base.assumptions["startup_grant_percent"] == "0"  # the original did not move


@pytest.fixture
def others(programme, territory, other_territory):
    other_ebe = Employer.objects.create(programme=programme, name="Autre EBE")
    other_ebe.territories.add(other_territory)
    return {
        "manager of another EBE": make_user("e", Role.EMPLOYER_MANAGER, employer=other_ebe),
        "committee member": make_user("c", Role.COMMITTEE_MEMBER, territories=[territory]),
        "territory team": make_user("t", Role.TERRITORY_TEAM, territories=[territory]),
        "programme officer": make_user("p", Role.PROGRAMME_OFFICER, programme=programme),
        "national fund": make_user("f", Role.NATIONAL_FUND),
    }


def read_urls(scenario):
    return [reverse("finance:budget_year", args=[scenario.employer.pk, YEAR]),
            reverse("finance:scenario", args=[scenario.public_id]),
            reverse("finance:compare", args=[scenario.employer.pk, YEAR])]


def write_urls(scenario):
    return [reverse(name, args=[scenario.public_id])
            for name in ("finance:scenario_edit", "finance:scenario_copy", "finance:scenario_delete")]


@pytest.mark.parametrize("who", ["manager of another EBE", "committee member", "territory team"])
def test_outsiders_get_404(client, others, base, who):
    client.force_login(others[who])
    budget_service.copy_scenario(base, "Copie", user=None)  # so that the compare page has two
    for url in read_urls(base) + write_urls(base):
        assert client.get(url).status_code == 404, (who, url)
        assert client.post(url, {"name": "x"}).status_code == 404, (who, url)
    assert BudgetScenario.objects.count() == 2


@pytest.mark.parametrize("who", ["programme officer", "national fund"])
def test_programme_officers_and_the_fund_view_but_do_not_edit(client, others, base, who):
    client.force_login(others[who])
    copy = budget_service.copy_scenario(base, "Copie", user=None)
    for url in read_urls(base):
        response = client.get(url, {"s": [str(base.public_id), str(copy.public_id)]})
        assert response.status_code == 200, (who, url)
        assert b"Secretname" not in response.content
    page = client.get(reverse("finance:scenario", args=[base.public_id])).content.decode()
    assert "Modifier les hypothèses" not in page
    before = dict(base.assumptions)
    for url in write_urls(copy):
        assert client.get(url).status_code == 404, (who, url)
        assert client.post(url, post_data(base, departement_share_percent="30", name="x")).status_code == 404
    base.refresh_from_db()
    assert base.assumptions == before and BudgetScenario.objects.count() == 2


def test_the_navigation_links_to_the_budget(client, manager, others, base):
    client.force_login(manager)
    home = client.get(reverse("finance:budget_home"))
    assert home.status_code == 302
    assert home.url == reverse("finance:budget_year", args=[base.employer.pk, timezone.localdate().year])
    page = client.get(reverse("finance:scenario", args=[base.public_id])).content.decode()
    assert f'href="{reverse("finance:budget_home")}"' in page
    client.force_login(others["committee member"])
    assert client.get(reverse("finance:budget_home")).status_code == 404


# --- the demo ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), override_settings(VAR_DIR=tmp_path_factory.mktemp("var")):
        with transaction.atomic():
            users = DemoBuilder(seed=2017, today=timezone.localdate(), log=lambda *_: None).build()
            yield users
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_shows_the_budget_with_its_sources_and_assumptions(client, demo):
    year = timezone.localdate().year
    scenarios = BudgetScenario.objects.filter(year=year).select_related("employer")
    assert sorted(s.name for s in scenarios) == sorted(["Budget de base", ACCELERATED_NAME])
    base = scenarios.get(name="Budget de base")
    faster = scenarios.get(name=ACCELERATED_NAME)
    assert base.employer.name == "La Fabrique de l'emploi" and faster.based_on == base
    planned = [sum(h["count"] for h in s.assumptions["hires"]) for s in (base, faster)]
    assert planned[1] > planned[0] or not budget_service.planning_months(year, timezone.localdate())
    client.force_login(demo["direction-ebe"])
    page = client.get(reverse("finance:scenario", args=[base.public_id])).content.decode()
    assert "Sources et hypothèses" in page and "« hypothèse modifiable »" in page
    assert "OpenFisca-France" in page and "Recyclerie et atelier de réparation" in page
    compare = client.get(reverse("finance:compare", args=[base.employer.pk, year])).content.decode()
    assert "Budget de base" in compare and ACCELERATED_NAME in compare
