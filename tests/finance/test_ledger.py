"""The activation ledger (issue 5): computed with OpenFisca, stored with its version, shown by scope."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from jobfactory.engines import costing
from jobfactory.engines.legislation import openfisca_france_version, smic_schedule
from jobfactory.finance import ledger
from jobfactory.finance.enums import CostingKind
from jobfactory.finance.ledger_figures import ledger_for
from jobfactory.finance.models import CostingRun, PersonCosting
from jobfactory.people.enums import HousingStatus, PersonStatus
from jobfactory.people.models import HouseholdSituation
from jobfactory.territories.enums import Role
from jobfactory.territories.models import Programme, Territory
from tests.conftest import make_person, make_user
from tests.staffing.conftest import make_employee

MONTH = date(2026, 1, 1)


def situation(person, **fields):
    values = {"housing": HousingStatus.LOCATAIRE_HLM, "monthly_rent": Decimal("420"),
              "commune_code": "59360"} | fields
    return HouseholdSituation.objects.create(person=person, **values)


def test_before_uses_declared_amounts_and_the_effect_counts_both_sides():
    computed_before = dict.fromkeys(costing.ITEM_KEYS, 0) | {"rsa": 60_000, "housing_aid": 30_000}
    after = dict.fromkeys(costing.ITEM_KEYS, 0) | {"housing_aid": 20_000, "csg_crds": 15_000}
    used = ledger.before_used(computed_before, {"rsa": 0})
    assert used["rsa"] == 0  # declared not claimed: no saving counted
    assert used["housing_aid"] == 30_000
    # 300 € of housing aid avoided + 150 € of CSG gained; the unclaimed RSA saves nothing.
    assert ledger.effect_cents(used, after) == 10_000 + 15_000


@pytest.mark.django_db
def test_recompute_costs_hired_and_waiting_people_with_openfisca(territory, employer):
    worker, _ = make_employee(territory, employer, hours="35", start=date(2025, 1, 6))
    situation(worker, declared_cents={"rsa": 0})
    waiting = make_person(territory, status=PersonStatus.WAITING, chosen_hours=Decimal("26"),
                          eligible_since=date(2025, 6, 1))
    situation(waiting)
    make_person(territory, status=PersonStatus.WAITING, eligible_since=date(2025, 7, 1))  # no situation

    run = ledger.recompute(territory.programme, reference_month=MONTH)

    assert run.openfisca_version == openfisca_france_version()
    assert run.reference_month == MONTH
    assert (run.people_count, run.skipped_count) == (2, 1)
    hired = PersonCosting.objects.get(run=run, person=worker)
    assert hired.kind == CostingKind.HIRED and hired.hired_on == date(2025, 1, 6)
    assert set(hired.computed) == set(ledger.SCENARIOS)
    # Single, no income, social housing in Loos: RSA is computed but declared as not claimed.
    assert hired.computed["before"]["rsa"] > 0
    assert hired.declared == {"rsa": 0}
    # At month 13 the wage's contributions are public receipts, and RSA is gone.
    month_13 = hired.computed["month_13"]
    assert month_13["rsa"] == 0 and month_13["employee_contributions"] > 0 and month_13["csg_crds"] > 0
    assert hired.effect_cents == ledger.effect_cents(
        ledger.before_used(hired.computed["before"], hired.declared), month_13)
    # The unclaimed RSA is not counted as a saving.
    assert hired.effect_cents < ledger.effect_cents(hired.computed["before"], month_13)
    queued = PersonCosting.objects.get(run=run, person=waiting)
    assert queued.kind == CostingKind.WAITING and queued.weekly_hours == Decimal("26")


@pytest.mark.django_db
def test_command_is_dry_unless_applied(territory, employer):
    worker, _ = make_employee(territory, employer)
    situation(worker)
    call_command("recompute_ledger", programme=territory.programme.name, month="2026-01")
    assert not CostingRun.objects.exists()
    call_command("recompute_ledger", programme=territory.programme.name, month="2026-01", apply=True)
    assert CostingRun.objects.get().people.count() == 1


def stored(territory, employer, person, *, hired_on, effects, left_on=None):
    """A stored costing with known figures, to check what the pages add up."""
    run = CostingRun.objects.filter(programme=territory.programme).first() or CostingRun.objects.create(
        programme=territory.programme, reference_month=MONTH, openfisca_version="test",
        employer_headcount=100)
    zero = dict.fromkeys(costing.ITEM_KEYS, 0)
    computed = {"before": zero | {"rsa": 50_000}}
    for name, effect in effects.items():
        computed[name] = zero | {"rsa": 50_000 - effect}
    return PersonCosting.objects.create(
        run=run, person=person, territory=territory, employer=employer, kind=CostingKind.HIRED,
        hired_on=hired_on, left_on=left_on, weekly_hours=Decimal("35"), computed=computed, declared={},
        effect_cents=effects["month_13"])


@pytest.mark.django_db
def test_timeline_counts_each_employee_at_their_month_of_work(territory, employer):
    person, _ = make_employee(territory, employer)
    effects = {"month_1": 1_000, "month_4": 20_000, "month_13": 30_000}
    stored(territory, employer, person, hired_on=date(2026, 7, 6), effects=effects)
    left, _ = make_employee(territory, employer)
    stored(territory, employer, left, hired_on=date(2026, 7, 6), left_on=date(2026, 8, 31), effects=effects)

    result = ledger_for(territory.programme, [territory], on=date(2026, 11, 20))

    by_month = {point.month: point for point in result.timeline}
    assert by_month[date(2026, 7, 1)].direct_effect == 2 * 1_000  # month 1 for both
    assert by_month[date(2026, 9, 1)].employees == 1  # the other left in August
    assert by_month[date(2026, 10, 1)].direct_effect == 20_000  # month 4 from October
    assert result.employed == 1 and result.effect == 30_000
    # The State's contribution of November 2026 on 1 FTE: 95 % of the hourly SMIC x 151.67 h.
    last = result.timeline[-1]
    smic = smic_schedule().rate_on(date(2026, 11, 1)).hourly_gross
    assert last.job_contribution == int(Decimal("0.95") * smic * Decimal("151.67") * 100)
    assert last.departement_share == int(last.job_contribution * Decimal("0.15"))


@pytest.mark.django_db
def test_ledger_pages_follow_the_scope(client, territory, other_territory, employer):
    person, _ = make_employee(territory, employer)
    stored(territory, employer, person, hired_on=date(2025, 1, 6),
           effects={"month_1": 1_000, "month_4": 2_000, "month_13": 30_000})
    officer = make_user("officer", Role.PROGRAMME_OFFICER, programme=territory.programme)
    client.force_login(officer)
    page = client.get(reverse("ledger:programme", args=[territory.programme_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "300,00 €" in text and "hypothèse modifiable" in text
    assert person.last_name not in text  # aggregates only
    assert client.get(reverse("ledger:territory", args=[territory.pk])).status_code == 200

    stranger_programme = Programme.objects.create(name="Ailleurs")
    elsewhere = Territory.objects.create(programme=stranger_programme, name="Ailleurs", estimated_ppde=10)
    stranger = make_user("stranger", Role.TERRITORY_TEAM, territories=[elsewhere])
    client.force_login(stranger)
    assert client.get(reverse("ledger:territory", args=[territory.pk])).status_code == 404
    assert client.get(reverse("ledger:programme", args=[territory.programme_id])).status_code == 404


@pytest.mark.django_db
def test_person_page_shows_the_direct_effect_only_to_personal_file_roles(client, territory, employer):
    person, _ = make_employee(territory, employer)
    stored(territory, employer, person, hired_on=date(2025, 1, 6),
           effects={"month_1": 1_000, "month_4": 2_000, "month_13": 30_000})
    manager = make_user("boss", Role.EMPLOYER_MANAGER, employer=employer)
    client.force_login(manager)
    page = client.get(reverse("people:detail", args=[person.public_id])).content.decode()
    assert "Effet direct sur les finances publiques" in page and "300,00 €" in page
    member = make_user("member", Role.COMMITTEE_MEMBER, territories=[territory])
    client.force_login(member)
    assert client.get(reverse("people:detail", args=[person.public_id])).status_code == 404
