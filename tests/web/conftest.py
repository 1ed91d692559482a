"""A whole small world for the scope matrix (test_scope_matrix.py), built once per module.

Two programmes; in the first, Loos (the territory every object of the matrix belongs to) and
Tourcoing (where the outsiders work). Everything a URL can point at exists in Loos: people in
every situation, a contract with an amendment, activities, a need, a committee meeting with a
decision and an objection, a staffing plan, a budget scenario, a costing run, published open data.
Every Loos volunteer carries the same recognisable personal details (SECRETS), so that a page
showing any of them to the wrong user is caught by a plain text search.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings

from jobfactory.activities import services as activities
from jobfactory.activities.enums import ActivityStatus, NeedProposer, Verdict
from jobfactory.activities.models import CommitteeMeeting, LocalNeed, Objection
from jobfactory.engines import costing
from jobfactory.finance import budget_service
from jobfactory.finance.enums import CostingKind
from jobfactory.finance.models import CostingRun, PersonCosting
from jobfactory.people import services as people
from jobfactory.people.enums import HousingStatus
from jobfactory.people.models import HouseholdSituation
from jobfactory.privacy.models import Channel, RetentionNotice
from jobfactory.reporting import open_data
from jobfactory.staffing import services as staffing
from jobfactory.staffing.planning import run_plan
from jobfactory.staffing.planning_scope import scope_for
from jobfactory.territories.enums import Role
from jobfactory.territories.models import Employer, FundingAgreement, Programme, Territory
from tests.activities.conftest import make_activity
from tests.conftest import make_person, make_user
from tests.staffing.conftest import make_running, near

# What no page may show to a user who may not open the Loos files. ASCII only, so that JSON's
# \u escapes cannot hide a match; the birth date in every way a page or a file writes it.
FIRST_NAME, LAST_NAME = "Aurelinda", "Secretname"
ADDRESS = "17 impasse Clandestine"
BIRTH_DATE = date(1971, 3, 14)
SECRETS = (FIRST_NAME, LAST_NAME, ADDRESS, "aurelinda.s@example.org", "1971-03-14", "14/03/1971",
           "14 mars 1971", "14.03.1971", "March 14, 1971")
YEAR = 2026


@dataclass
class World:
    programme: Programme
    other_programme: Programme
    loos: Territory
    tourcoing: Territory
    ebe: Employer
    other_ebe: Employer
    users: dict = field(default_factory=dict)  # label -> user; "anonymous" -> None
    objects: dict = field(default_factory=dict)  # name -> the Loos object URLs point at


def secret_person(territory, **fields):
    return make_person(territory, first_name=FIRST_NAME, last_name=LAST_NAME, address=ADDRESS,
                       birth_date=BIRTH_DATE, email="aurelinda.s@example.org",
                       phone="0612345678", **fields)


def _eligible(person, user, decided_on=date(2026, 1, 15)):
    people.record_interview(person, interviewed_on=date(2026, 1, 10), is_volunteer=True,
                            job_search_steps=True, notes="", user=user)
    people.record_decision(person, decided_on=decided_on, outcome="eligible", reason="", user=user)
    person.refresh_from_db()
    return person


def _users(w: World) -> dict:
    admin = make_user("admin", Role.ADMINISTRATOR)
    # An administrator works in the Django admin, as the demo makes them (demo/generate.py).
    get_user_model().objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    admin.refresh_from_db()
    if apps.is_installed("django_otp.plugins.otp_totp"):
        # The second factor's admin pages point at a device: one must exist for them to answer.
        apps.get_model("otp_totp", "TOTPDevice").objects.create(user=admin, name="matrix")
    return {
        "team of Loos": make_user("team-loos", Role.TERRITORY_TEAM, territories=[w.loos]),
        "manager of the Loos EBE": make_user("ebe-loos", Role.EMPLOYER_MANAGER, employer=w.ebe),
        "committee member of Loos": make_user("cle-loos", Role.COMMITTEE_MEMBER,
                                              territories=[w.loos]),
        "programme officer": make_user("officer", Role.PROGRAMME_OFFICER, programme=w.programme),
        "national fund": make_user("fund", Role.NATIONAL_FUND),
        "administrator": admin,
        "team of Tourcoing": make_user("team-tourcoing", Role.TERRITORY_TEAM,
                                       territories=[w.tourcoing]),
        "manager of the Tourcoing EBE": make_user("ebe-tourcoing", Role.EMPLOYER_MANAGER,
                                                  employer=w.other_ebe),
        "committee member of Tourcoing": make_user("cle-tourcoing", Role.COMMITTEE_MEMBER,
                                                   territories=[w.tourcoing]),
        "officer of another programme": make_user("officer-b", Role.PROGRAMME_OFFICER,
                                                  programme=w.other_programme),
        "anonymous": None,
    }


def _people_and_contract(w: World, team) -> dict:
    registered = secret_person(w.loos)
    waiting = _eligible(secret_person(w.loos), team)
    HouseholdSituation.objects.create(person=waiting, housing=HousingStatus.LOGE_GRATUITEMENT,
                                      commune_code="59360")
    withdrawn = _eligible(secret_person(w.loos), team)
    people.withdraw(withdrawn, on=date(2026, 2, 1), reason="Déménagement", user=team)
    # A retention notice the team must post (privacy:letters, privacy:mark_posted).
    notice = RetentionNotice.objects.create(person=withdrawn, issued_on=date(2026, 11, 2),
                                            channel=Channel.LETTER)
    lat, lon = near(0.5)
    employed = _eligible(secret_person(w.loos, skill_codes=["I1117"], home_latitude=lat,
                                       home_longitude=lon), team, decided_on=date(2026, 1, 12))
    contract = staffing.hire(employed, employer=w.ebe, start_on=date(2026, 2, 2),
                             weekly_hours=Decimal("35"), written_request_on=None,
                             over_agreement_reason="", user=team)
    amendment = staffing.amend(contract, effective_on=date(2026, 6, 1), weekly_hours=Decimal("30"),
                               written_request_on=date(2026, 5, 1), reason="Temps choisi",
                               user=team)
    # Tourcoing's own volunteer: the outsiders' pages are not empty, they are theirs.
    _eligible(make_person(w.tourcoing, last_name="Visiblename"), team)
    return {"person": waiting, "registered": registered, "withdrawn": withdrawn,
            "employed": employed, "contract": contract, "amendment": amendment, "notice": notice}


def _activities(w: World, team) -> dict:
    need = LocalNeed.objects.create(
        territory=w.loos, proposed_by=NeedProposer.RESIDENTS, proposer="Conseil citoyen",
        title="Réparer les vélos", description="Pas d'atelier vélo.", location="Les Oliveaux",
        beneficiaries="Habitants", recorded_by=team)
    activity = make_activity(w.loos, team, need=need)
    activities.change_status(activity, ActivityStatus.UNDER_STUDY, user=team, on=date(2026, 1, 20))
    meeting = CommitteeMeeting.objects.create(territory=w.loos, held_on=date(2026, 3, 2),
                                              place="Mairie de Loos", created_by=team)
    item = activities.add_to_agenda(meeting, activity, user=team)
    activities.record_decision(item, verdict=Verdict.APPROVED, reasons="Utile.", user=team)
    objection = Objection.objects.create(activity=activity, meeting=meeting, business="Cycles Dupont",
                                         grounds="Nous réparons déjà des vélos.")
    running = make_running(w.loos, w.ebe, "Maraîchage", {"I1117": "35"}, km_east=1)
    activity.refresh_from_db()
    return {"need": need, "activity": activity, "meeting": meeting, "item": item,
            "objection": objection, "running": running}


def _finance(w: World, objects: dict, manager) -> dict:
    scenario = budget_service.ensure_base(w.ebe, YEAR)
    run = CostingRun.objects.create(programme=w.programme, reference_month=date(2026, 1, 1),
                                    openfisca_version="test", employer_headcount=100)
    zero = dict.fromkeys(costing.ITEM_KEYS, 0)
    # The ledger reads the months 1, 4 and 13 after hiring (tests/finance/test_ledger.py).
    computed = {"before": zero | {"rsa": 50_000}} | {
        month: zero | {"rsa": 20_000} for month in ("month_1", "month_4", "month_13")}
    PersonCosting.objects.create(
        run=run, person=objects["employed"], territory=w.loos, employer=w.ebe,
        kind=CostingKind.HIRED, hired_on=date(2026, 2, 2), weekly_hours=Decimal("35"),
        computed=computed, declared={}, effect_cents=30_000)
    plan = run_plan(scope_for(manager), user=manager)
    return {"scenario": scenario, "costing_run": run, "plan": plan}


def build_world() -> World:
    programme = Programme.objects.create(name="Métropole européenne de Lille")
    other_programme = Programme.objects.create(name="Autre métropole")
    loos = Territory.objects.create(programme=programme, name="Loos - Les Oliveaux",
                                    estimated_ppde=360)
    tourcoing = Territory.objects.create(programme=programme, name="Tourcoing", estimated_ppde=173)
    Territory.objects.create(programme=other_programme, name="Roubaix", estimated_ppde=200)
    ebe = Employer.objects.create(programme=programme, name="EBE de Loos")
    ebe.territories.add(loos)
    other_ebe = Employer.objects.create(programme=programme, name="EBE de Tourcoing")
    other_ebe.territories.add(tourcoing)
    for employer in (ebe, other_ebe):
        FundingAgreement.objects.create(employer=employer, year=YEAR, funded_fte=Decimal("100"))
    w = World(programme, other_programme, loos, tourcoing, ebe, other_ebe)
    w.users = _users(w)
    team = w.users["team of Loos"]
    w.objects.update(_people_and_contract(w, team))
    w.objects.update(_activities(w, team))
    w.objects.update(_finance(w, w.objects, w.users["manager of the Loos EBE"]))
    open_data.publish(programme)
    return w


@pytest.fixture(scope="module")
def scope_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, in a transaction rolled back after the module: each test runs in a savepoint
    inside it (pytest-django's ``db``), as Django's TestCase.setUpTestData does."""
    with django_db_blocker.unblock(), override_settings(VAR_DIR=tmp_path_factory.mktemp("var")):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
