"""Gather territories' facts from the database in a fixed number of queries, then let the engines
compute: the pages, the stored monthly series, the command line and the benchmarks share this path."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from jobfactory.engines.figures import ContractFacts, Decision, PersonFacts, territory_figures
from jobfactory.engines.indicators import Profile
from jobfactory.people.models import CommitteeDecision, Person
from jobfactory.staffing.models import Amendment, Contract


@dataclass
class TerritoryFacts:
    people: list[PersonFacts] = field(default_factory=list)
    contracts: list[ContractFacts] = field(default_factory=list)
    profiles: dict[int, Profile] = field(default_factory=dict)


def facts_for(territory_ids, *, profiles: bool = False) -> dict[int, TerritoryFacts]:
    """{territory id: TerritoryFacts}, in four queries (five with the employees' profiles)."""
    ids = list(territory_ids)
    facts = defaultdict(TerritoryFacts)
    person_territory = {}
    decisions = defaultdict(list)
    for person_id, decided_on, outcome in CommitteeDecision.objects.filter(
            person__territory_id__in=ids).values_list("person_id", "decided_on", "outcome"):
        decisions[person_id].append(Decision(decided_on, outcome))
    for person_id, territory_id, registered_at, withdrawn_on in Person.objects.filter(
            territory_id__in=ids).values_list("pk", "territory_id", "registered_at", "withdrawn_on"):
        person_territory[person_id] = territory_id
        facts[territory_id].people.append(PersonFacts(
            person_id=person_id, registered_on=timezone.localtime(registered_at).date(),
            decisions=tuple(decisions.get(person_id, ())), withdrawn_on=withdrawn_on))
    amendments = defaultdict(list)
    for amendment in Amendment.objects.filter(contract__person__territory_id__in=ids).only(
            "contract_id", "effective_on", "weekly_hours"):
        amendments[amendment.contract_id].append(amendment)
    for contract in Contract.objects.filter(person__territory_id__in=ids).only(
            "pk", "person_id", "start_on", "end_on", "weekly_hours", "exit_reason"):
        facts[person_territory[contract.person_id]].contracts.append(ContractFacts(
            person_id=contract.person_id, terms=contract.terms(amendments.get(contract.pk, [])),
            exit_reason=contract.exit_reason or None))
    if profiles:
        # Only the people ever hired: breakdowns describe employees.
        for person_id, sex, birth, level, since in Person.objects.filter(
                territory_id__in=ids, pk__in=Contract.objects.values("person_id")).values_list(
                "pk", "sex", "birth_date", "qualification_level", "without_employment_since"):
            facts[person_territory[person_id]].profiles[person_id] = Profile(sex, birth, level, since)
    return facts


def figures_for(territories, on: date) -> dict:
    """{territory id: TerritoryFigures} for the given territories, in four queries."""
    territories = list(territories)
    facts = facts_for(t.pk for t in territories)
    return {
        t.pk: territory_figures(facts[t.pk].people, facts[t.pk].contracts, on,
                                estimated_ppde=t.estimated_ppde)
        for t in territories
    }
