"""Gather a territory's facts from the database in a fixed number of queries, then let the
figures engine compute: the page, the command line and the benchmark share this one path."""

from collections import defaultdict
from datetime import date

from django.utils import timezone

from jobfactory.engines.figures import ContractFacts, Decision, PersonFacts, territory_figures
from jobfactory.people.models import CommitteeDecision, Person
from jobfactory.staffing.models import Amendment, Contract


def figures_for(territories, on: date) -> dict:
    """{territory id: TerritoryFigures} for the given territories, in five queries."""
    territories = list(territories)
    ids = [t.pk for t in territories]
    people_by_territory = defaultdict(list)
    person_territory = {}
    rows = Person.objects.filter(territory_id__in=ids).values_list(
        "pk", "territory_id", "registered_at", "withdrawn_on")
    decisions = defaultdict(list)
    for person_id, decided_on, outcome in CommitteeDecision.objects.filter(
            person__territory_id__in=ids).values_list("person_id", "decided_on", "outcome"):
        decisions[person_id].append(Decision(decided_on, outcome))
    for person_id, territory_id, registered_at, withdrawn_on in rows:
        person_territory[person_id] = territory_id
        people_by_territory[territory_id].append(PersonFacts(
            person_id=person_id, registered_on=timezone.localtime(registered_at).date(),
            decisions=tuple(decisions.get(person_id, ())), withdrawn_on=withdrawn_on))
    amendments = defaultdict(list)
    for amendment in Amendment.objects.filter(contract__person__territory_id__in=ids).only(
            "contract_id", "effective_on", "weekly_hours"):
        amendments[amendment.contract_id].append(amendment)
    contracts_by_territory = defaultdict(list)
    for contract in Contract.objects.filter(person__territory_id__in=ids).only(
            "pk", "person_id", "start_on", "end_on", "weekly_hours", "exit_reason"):
        contracts_by_territory[person_territory[contract.person_id]].append(ContractFacts(
            person_id=contract.person_id, terms=contract.terms(amendments.get(contract.pk, [])),
            exit_reason=contract.exit_reason or None))
    return {
        t.pk: territory_figures(people_by_territory[t.pk], contracts_by_territory[t.pk], on,
                                estimated_ppde=t.estimated_ppde)
        for t in territories
    }
