"""Two managers hiring at the same moment, on PostgreSQL with real concurrent transactions.

Each manager is a thread with its own database connection; a barrier releases both hires together.
Whatever the interleaving, one contract is made and the other manager gets a ValidationError (the
message the page shows), never an IntegrityError or a server error.

SQLite serialises every write on the whole file, so the race cannot even happen there: skipped.
"""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from jobfactory.people.enums import PersonStatus
from jobfactory.staffing import services as staffing
from jobfactory.staffing.models import Contract
from jobfactory.territories.enums import Role
from jobfactory.territories.models import Employer, FundingAgreement, Territory
from tests.conftest import make_eligible, make_user

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs PostgreSQL: SQLite locks the whole file, two transactions never race"),
    # Real commits, so the threads see each other; the rule sets of the data migrations reloaded.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ROUNDS = 5  # each round a fresh race; one double hire in any of them fails the test


def race(*hires):
    """Runs the callables at the same instant, each in its thread; returns what each gave or raised."""
    barrier = threading.Barrier(len(hires))
    outcomes = [None] * len(hires)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:  # kept for the assertions, whatever it is
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(hires)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def hiring(person, employer, user, hours=Decimal("35")):
    return lambda: staffing.hire(person, employer=employer, start_on=date(2026, 3, 2), weekly_hours=hours,
                                 written_request_on=None, over_agreement_reason="", user=user)


def assert_one_contract(outcomes, people):
    contracts = [o for o in outcomes if isinstance(o, Contract)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(contracts) == 1 and len(refused) == len(outcomes) - 1, outcomes
    assert Contract.objects.filter(person__in=people).count() == 1


@pytest.fixture
def setting(programme, territory):
    employer = Employer.objects.create(programme=programme, name="EBE concurrente")
    employer.territories.add(territory)
    team = make_user("team", Role.TERRITORY_TEAM, territories=[territory])
    managers = [make_user(f"manager-{n}", Role.EMPLOYER_MANAGER, employer=employer) for n in (1, 2)]
    return employer, team, managers


def test_two_managers_hiring_the_same_person_make_one_contract(territory, setting):
    employer, team, (first, second) = setting
    FundingAgreement.objects.create(employer=employer, year=2026, funded_fte=Decimal("100"))
    for n in range(ROUNDS):
        person = make_eligible(territory, team, date(2026, 2, 2))
        outcomes = race(hiring(person, employer, first), hiring(person, employer, second))
        assert_one_contract(outcomes, [person])
        person.refresh_from_db()
        assert person.status == PersonStatus.EMPLOYED, n


def test_two_hires_for_the_last_funded_post_make_one_contract(programme, territory, setting):
    """The slot is the last post the annual agreement funds: two people, heads of the lists of two
    territories the employer serves, hired at once; the second would pass the agreement without a
    written reason, so it is refused."""
    employer, team, (first, second) = setting
    agreement = FundingAgreement.objects.create(employer=employer, year=2026, funded_fte=Decimal("1"))
    for n in range(ROUNDS):
        # Two new territories each round, so that the one refused before is ahead of nobody.
        pair = [Territory.objects.create(programme=programme, name=f"T{n}-{k}", estimated_ppde=100)
                for k in (1, 2)]
        employer.territories.add(*pair)
        team.profile.territories.add(*pair)
        here, there = (make_eligible(t, team, date(2026, 2, 2)) for t in pair)
        outcomes = race(hiring(here, employer, first), hiring(there, employer, second))
        assert_one_contract(outcomes, [here, there])
        refusal = next(o for o in outcomes if isinstance(o, ValidationError))
        assert "over_agreement_reason" in getattr(refusal, "error_dict", {}), (n, refusal.messages)
        agreement.funded_fte += 1  # room for exactly one more in the next round
        agreement.save()
