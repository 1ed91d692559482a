"""The JSON API fuzzed from its own OpenAPI schema (schemathesis): whatever the request, no server
error, and every answer conforms to the schema.

Each operation is fuzzed with the ids of real rows (so that territories, people and activities come
back with content, not only 404s) and with generated ids, valid and invalid, as a team member (who
opens personal files) and as a programme officer (aggregates, programme series). Hypothesis is
derandomised: the same examples every run, so a failure is reproducible and CI stays stable.
"""

from datetime import date
from decimal import Decimal

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance
from schemathesis.core.failures import FailureGroup

from jobfactory.activities.models import Activity, SkillNeed
from jobfactory.people import services as people
from jobfactory.staffing import services as staffing
from jobfactory.territories.enums import Role
from tests.api.conftest import bearer
from tests.conftest import hire, make_eligible, make_person, make_user

EXAMPLES = 10  # per operation, user and mode: about 8 x 2 x 3 x 10 requests in all


@pytest.fixture
def wsgi_app():
    # The test's transaction must survive each request: Django's test client does the same.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def content(programme, territory, other_territory, employer, team_user):
    """A small territory with every kind of row the API reads."""
    first = make_eligible(territory, team_user, date(2026, 2, 2), last_name="=cmd|' /C calc'!A0")
    second = make_eligible(territory, team_user, date(2026, 2, 3), first_name="Zoé-Éléonore")
    make_eligible(territory, team_user, date(2026, 2, 4), skill_codes=["K2204", "A1203"])
    make_person(territory, last_name="N’Diaye")
    contract = hire(first, employer, team_user, start=date(2026, 3, 2))
    people.record_interview(make_person(territory), interviewed_on=date(2026, 1, 12),
                            is_volunteer=True, job_search_steps=True, notes="", user=team_user)
    staffing.end_contract(contract, end_on=date(2026, 4, 30), reason="other", note="test", user=team_user)
    hire(second, employer, team_user, start=date(2026, 3, 9), hours=Decimal("24"))
    activity = Activity.objects.create(territory=territory, employer=employer, title="Atelier vélo",
                                       description="Réparation", naf_codes=["95.29Z"],
                                       customers=["residents"])
    SkillNeed.objects.create(activity=activity, rome_code="I1607", hours_per_week=Decimal("35"))
    return {"territory_id": territory.pk, "programme_id": programme.pk, "public_id": second.public_id}


@pytest.fixture
def callers(programme, territory, team_user):
    officer = make_user("officer", Role.PROGRAMME_OFFICER, programme=programme)
    return {"team": bearer(team_user), "officer": bearer(officer)}


def _fuzz(strategy, headers, failures: list, excluded: list) -> int:
    """Runs the strategy's examples; returns how many requests went out."""
    calls = 0

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def check(case):
        nonlocal calls
        calls += 1
        response = case.call(headers=headers)
        try:
            case.validate_response(response, headers=headers, excluded_checks=excluded)
        except FailureGroup as group:  # every failing request listed, not only the first
            failures.extend(f"{case.method} {case.formatted_path} {case.query}: {type(failure).__name__} "
                            f"{getattr(failure, 'title', failure)}" for failure in group.exceptions)

    check()
    return calls


def test_no_operation_answers_a_server_error_or_off_schema(wsgi_app, content, callers):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 8  # every GET of the API: a new one is fuzzed without asking
    calls, failures = 0, []
    for operation in operations:
        real_ids = {name: value for name, value in content.items() if f"{{{name}}}" in operation.path}
        strategies = [operation.as_strategy(GenerationMode.POSITIVE),
                      operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real_ids),
                      operation.as_strategy(GenerationMode.NEGATIVE)]
        # The months are free text to the schema, read by parse_period with a French message, and a
        # period must start before it ends (a rule across two parameters OpenAPI cannot state): a
        # schema-valid request may rightly get 422 there, documented, never a 5xx.
        excluded = [positive_data_acceptance] if operation.path.endswith("/series") else []
        for headers in callers.values():
            for strategy in strategies:
                calls += _fuzz(strategy, headers, failures, excluded)
    assert not failures, "\n".join(sorted(set(failures)))
    assert calls >= len(operations) * len(callers) * 3
