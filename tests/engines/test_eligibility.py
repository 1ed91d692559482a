"""Eligibility rule sets as data, evaluated with every reason."""

import dataclasses
from datetime import date, timedelta

import pytest

from jobfactory.engines.eligibility import (
    RULE_CODES,
    Applicant,
    Check,
    DeprivationKind,
    NoRuleSetInForce,
    Outcome,
    RuleSet,
    RuleSetError,
    add_months,
    evaluate,
    months_between,
    overlapping,
    parse_rules,
    rule_set_in_force,
)

# The same data as jobfactory/people/migrations/0002_rule_sets.py.
FRANCE_RULES = [
    {"code": "volunteer"},
    {"code": "residence", "min_months": 6},
    {"code": "deprivation", "min_months": 12, "since": "without_employment_since",
     "assess_kinds": ["partial", "recurrent"]},
    {"code": "job_search"},
]
MARIENTHAL_RULES = [
    {"code": "volunteer"},
    {"code": "residence", "min_months": 0},
    {"code": "deprivation", "min_months": 12, "strictly_more": True,
     "since": "registered_unemployed_since"},
]

LAW_2020 = RuleSet(
    family="fr-tzcld", name="France, loi 2020-1577", version="2020-1577",
    valid_from=date(2021, 7, 1), valid_until=date(2026, 12, 31),
    source="Loi n° 2020-1577 du 14 décembre 2020, art. 9 ; décret n° 2021-863 du 30 juin 2021.",
    rules=parse_rules(FRANCE_RULES),
)
LAW_2016 = RuleSet(
    family="fr-tzcld", name="France, loi 2016-231", version="2016-231",
    valid_from=date(2016, 3, 1), valid_until=date(2021, 6, 30),
    source="Loi n° 2016-231 du 29 février 2016, art. 1er ; décret n° 2016-1027.",
    rules=parse_rules(FRANCE_RULES),
)
MARIENTHAL = RuleSet(
    family="at-marienthal", name="Garantie d'emploi de Marienthal", version="pilote-2020",
    valid_from=date(2020, 10, 1), valid_until=None,
    source="Modellprojekt Arbeitsplatzgarantie Marienthal.",
    rules=parse_rules(MARIENTHAL_RULES),
)
ALL_RULE_SETS = [LAW_2020, LAW_2016, MARIENTHAL]

ON = date(2026, 3, 16)


DEFAULT_APPLICANT = Applicant(
    is_volunteer=True,
    lives_in_territory=True,
    arrived_in_territory_on=date(2015, 1, 1),
    without_employment_since=date(2022, 1, 1),
    deprivation_kind=DeprivationKind.TOTAL,
    job_search_steps=True,
    registered_unemployed_since=date(2022, 1, 1),
)


def applicant(**facts) -> Applicant:
    """Someone eligible under every rule set on ON, unless a fact says otherwise."""
    return dataclasses.replace(DEFAULT_APPLICANT, **facts)


def reason(verdict, rule):
    matching = [r for r in verdict.reasons if r.rule == rule]
    assert len(matching) == 1, verdict.reasons
    return matching[0]


def checks(verdict):
    return {r.rule: r.check for r in verdict.reasons}


# --- the verdict ----------------------------------------------------------------------------

def test_eligible_under_france_with_every_reason_met():
    verdict = evaluate(applicant(), LAW_2020, ON)
    assert verdict.outcome == Outcome.ELIGIBLE
    assert [r.rule for r in verdict.reasons] == ["volunteer", "residence", "deprivation",
                                                 "job_search"]
    assert all(r.check == Check.MET for r in verdict.reasons)
    assert verdict.assessed_on == ON


def test_verdict_carries_the_rule_set_name_version_and_period():
    verdict = evaluate(applicant(), LAW_2020, ON)
    assert verdict.rule_set.name == "France, loi 2020-1577"
    assert verdict.rule_set.version == "2020-1577"
    assert verdict.rule_set.valid_from == date(2021, 7, 1)
    assert verdict.rule_set.valid_until == date(2026, 12, 31)
    assert verdict.rule_set.period_label() == "2021-07-01 → 2026-12-31"
    assert verdict.rule_set.source.startswith("Loi n° 2020-1577")
    assert MARIENTHAL.period_label() == "2020-10-01 → …"


def test_every_reason_is_reported_even_once_one_fails():
    verdict = evaluate(applicant(is_volunteer=False, job_search_steps=False,
                                 without_employment_since=date(2026, 1, 1)), LAW_2020, ON)
    assert verdict.outcome == Outcome.NOT_ELIGIBLE
    assert checks(verdict) == {"volunteer": Check.NOT_MET, "residence": Check.MET,
                               "deprivation": Check.NOT_MET, "job_search": Check.NOT_MET}


def test_evaluating_outside_the_rule_sets_period_is_an_error():
    with pytest.raises(NoRuleSetInForce):
        evaluate(applicant(), LAW_2020, date(2027, 1, 1))
    with pytest.raises(NoRuleSetInForce):
        evaluate(applicant(), LAW_2020, date(2021, 6, 30))
    assert evaluate(applicant(), LAW_2020, date(2026, 12, 31)).outcome == Outcome.ELIGIBLE
    facts = applicant(without_employment_since=date(2019, 1, 1))
    assert evaluate(facts, LAW_2016, date(2021, 6, 30)).outcome == Outcome.ELIGIBLE


# --- volunteer ------------------------------------------------------------------------------

def test_not_a_volunteer_is_not_eligible():
    verdict = evaluate(applicant(is_volunteer=False), LAW_2020, ON)
    assert verdict.outcome == Outcome.NOT_ELIGIBLE
    assert reason(verdict, "volunteer").check == Check.NOT_MET
    marienthal = evaluate(applicant(is_volunteer=False), MARIENTHAL, ON)
    assert marienthal.outcome == Outcome.NOT_ELIGIBLE


def test_unknown_volunteering_is_for_the_committee():
    verdict = evaluate(applicant(is_volunteer=None), LAW_2020, ON)
    assert verdict.outcome == Outcome.FOR_COMMITTEE
    volunteer = reason(verdict, "volunteer")
    assert volunteer.check == Check.TO_ASSESS
    assert volunteer.params["missing"] == "is_volunteer"


# --- residence ------------------------------------------------------------------------------

def test_exactly_six_months_of_residence_is_enough():
    verdict = evaluate(applicant(arrived_in_territory_on=date(2025, 9, 16)), LAW_2020, ON)
    residence = reason(verdict, "residence")
    assert residence.check == Check.MET
    assert residence.params["months"] == 6
    assert residence.params["min_months"] == 6
    assert residence.params["from"] == ON
    assert verdict.outcome == Outcome.ELIGIBLE


def test_one_day_short_of_six_months_of_residence_is_not_enough():
    verdict = evaluate(applicant(arrived_in_territory_on=date(2025, 9, 17)), LAW_2020, ON)
    residence = reason(verdict, "residence")
    assert residence.check == Check.NOT_MET
    assert residence.params["months"] == 5
    assert residence.params["since"] == date(2025, 9, 17)
    assert residence.params["from"] == date(2026, 3, 17)  # when it will be met
    assert verdict.outcome == Outcome.NOT_ELIGIBLE


def test_six_months_of_residence_from_the_31st_of_august():
    # No 31 February: six months from 31 August are reached on the last day of February.
    arrived = date(2025, 8, 31)
    on_feb_27 = evaluate(applicant(arrived_in_territory_on=arrived), LAW_2020, date(2026, 2, 27))
    on_feb_28 = evaluate(applicant(arrived_in_territory_on=arrived), LAW_2020, date(2026, 2, 28))
    assert reason(on_feb_27, "residence").check == Check.NOT_MET
    assert reason(on_feb_28, "residence").check == Check.MET


def test_living_outside_the_territory_is_not_eligible():
    verdict = evaluate(applicant(lives_in_territory=False), LAW_2020, ON)
    residence = reason(verdict, "residence")
    assert residence.check == Check.NOT_MET
    assert residence.params["lives"] is False
    assert verdict.outcome == Outcome.NOT_ELIGIBLE
    assert evaluate(applicant(lives_in_territory=False), MARIENTHAL, ON).outcome == (
        Outcome.NOT_ELIGIBLE)


def test_living_outside_is_not_eligible_even_without_an_arrival_date():
    verdict = evaluate(applicant(lives_in_territory=False, arrived_in_territory_on=None),
                       LAW_2020, ON)
    assert reason(verdict, "residence").check == Check.NOT_MET
    assert verdict.outcome == Outcome.NOT_ELIGIBLE


def test_missing_arrival_date_is_for_the_committee():
    verdict = evaluate(applicant(arrived_in_territory_on=None), LAW_2020, ON)
    residence = reason(verdict, "residence")
    assert residence.check == Check.TO_ASSESS
    assert residence.params["missing"] == "arrived_in_territory_on"
    assert verdict.outcome == Outcome.FOR_COMMITTEE


def test_unknown_place_of_living_is_for_the_committee_and_says_what_is_missing():
    verdict = evaluate(applicant(lives_in_territory=None), LAW_2020, ON)
    residence = reason(verdict, "residence")
    assert residence.check == Check.TO_ASSESS
    assert verdict.outcome == Outcome.FOR_COMMITTEE
    # The arrival date is known: what the interview must establish is where the person lives.
    assert residence.params["missing"] == "lives_in_territory"


def test_arrival_in_the_future_is_not_residence():
    verdict = evaluate(applicant(arrived_in_territory_on=ON + timedelta(days=1)), MARIENTHAL, ON)
    residence = reason(verdict, "residence")
    assert residence.check == Check.NOT_MET
    assert residence.params["months"] == 0


def test_marienthal_requires_residence_without_a_duration():
    verdict = evaluate(applicant(arrived_in_territory_on=ON), MARIENTHAL, ON)
    assert reason(verdict, "residence").check == Check.MET
    assert verdict.outcome == Outcome.ELIGIBLE


def test_marienthal_resident_needs_no_arrival_date():
    # Marienthal asks for residents, with no minimum duration: living there settles it.
    verdict = evaluate(applicant(arrived_in_territory_on=None), MARIENTHAL, ON)
    assert reason(verdict, "residence").check == Check.MET
    assert verdict.outcome == Outcome.ELIGIBLE


def test_residence_is_met_exactly_from_the_date_it_reports():
    for arrived in [date(2024, 8, 29), date(2024, 8, 30), date(2024, 8, 31), date(2025, 1, 31)]:
        first = evaluate(applicant(arrived_in_territory_on=arrived), LAW_2020, date(2025, 6, 1))
        met_from = reason(first, "residence").params["from"]
        day_before = evaluate(applicant(arrived_in_territory_on=arrived), LAW_2020,
                              met_from - timedelta(days=1))
        on_the_day = evaluate(applicant(arrived_in_territory_on=arrived), LAW_2020, met_from)
        assert reason(day_before, "residence").check == Check.NOT_MET, arrived
        assert reason(on_the_day, "residence").check == Check.MET, arrived


# --- deprivation of employment --------------------------------------------------------------

def test_france_exactly_twelve_months_without_employment_is_enough():
    verdict = evaluate(applicant(without_employment_since=date(2025, 3, 16)), LAW_2020, ON)
    deprivation = reason(verdict, "deprivation")
    assert deprivation.check == Check.MET
    assert deprivation.params["months"] == 12
    assert deprivation.params["from"] == ON
    assert deprivation.params["since_field"] == "without_employment_since"
    assert verdict.outcome == Outcome.ELIGIBLE


def test_france_one_day_short_of_twelve_months_is_not_enough():
    verdict = evaluate(applicant(without_employment_since=date(2025, 3, 17)), LAW_2020, ON)
    deprivation = reason(verdict, "deprivation")
    assert deprivation.check == Check.NOT_MET
    assert deprivation.params["months"] == 11
    assert deprivation.params["from"] == date(2026, 3, 17)
    assert verdict.outcome == Outcome.NOT_ELIGIBLE


def test_marienthal_needs_strictly_more_than_twelve_months():
    registered = date(2025, 3, 16)
    on_anniversary = evaluate(applicant(registered_unemployed_since=registered), MARIENTHAL, ON)
    deprivation = reason(on_anniversary, "deprivation")
    assert deprivation.check == Check.NOT_MET
    assert deprivation.params["strictly_more"] is True
    assert deprivation.params["since_field"] == "registered_unemployed_since"
    assert on_anniversary.outcome == Outcome.NOT_ELIGIBLE

    day_after = evaluate(applicant(registered_unemployed_since=registered), MARIENTHAL,
                         ON + timedelta(days=1))
    assert reason(day_after, "deprivation").check == Check.MET
    assert day_after.outcome == Outcome.ELIGIBLE


def test_marienthal_counts_registration_not_the_end_of_employment():
    facts = applicant(without_employment_since=date(2020, 1, 1),
                      registered_unemployed_since=date(2025, 12, 1))
    assert evaluate(facts, MARIENTHAL, ON).outcome == Outcome.NOT_ELIGIBLE
    facts = applicant(without_employment_since=date(2026, 1, 1),
                      registered_unemployed_since=date(2020, 1, 1))
    assert evaluate(facts, MARIENTHAL, ON).outcome == Outcome.ELIGIBLE


@pytest.mark.parametrize("kind", [DeprivationKind.PARTIAL, DeprivationKind.RECURRENT])
def test_partial_or_recurrent_deprivation_is_for_the_committee_even_when_long(kind):
    verdict = evaluate(applicant(deprivation_kind=kind, without_employment_since=date(2015, 1, 1)),
                       LAW_2020, ON)
    deprivation = reason(verdict, "deprivation")
    assert deprivation.check == Check.TO_ASSESS
    assert deprivation.params["kind"] == kind.value
    assert verdict.outcome == Outcome.FOR_COMMITTEE


@pytest.mark.parametrize("kind", [DeprivationKind.PARTIAL, DeprivationKind.RECURRENT])
def test_partial_deprivation_without_a_date_is_still_for_the_committee(kind):
    verdict = evaluate(applicant(deprivation_kind=kind, without_employment_since=None),
                       LAW_2020, ON)
    assert reason(verdict, "deprivation").check == Check.TO_ASSESS
    assert verdict.outcome == Outcome.FOR_COMMITTEE


def test_short_total_deprivation_is_not_eligible_even_if_another_rule_is_to_assess():
    verdict = evaluate(applicant(without_employment_since=date(2025, 12, 1),
                                 job_search_steps=None, is_volunteer=None), LAW_2020, ON)
    assert checks(verdict) == {"volunteer": Check.TO_ASSESS, "residence": Check.MET,
                               "deprivation": Check.NOT_MET, "job_search": Check.TO_ASSESS}
    assert verdict.outcome == Outcome.NOT_ELIGIBLE


def test_missing_date_without_employment_is_for_the_committee():
    verdict = evaluate(applicant(without_employment_since=None), LAW_2020, ON)
    deprivation = reason(verdict, "deprivation")
    assert deprivation.check == Check.TO_ASSESS
    assert deprivation.params["missing"] == "without_employment_since"
    assert verdict.outcome == Outcome.FOR_COMMITTEE


def test_missing_registration_date_is_for_the_committee_in_marienthal():
    verdict = evaluate(applicant(registered_unemployed_since=None), MARIENTHAL, ON)
    deprivation = reason(verdict, "deprivation")
    assert deprivation.check == Check.TO_ASSESS
    assert deprivation.params["missing"] == "registered_unemployed_since"
    assert verdict.outcome == Outcome.FOR_COMMITTEE


def test_deprivation_starting_in_the_future_is_not_met():
    verdict = evaluate(applicant(without_employment_since=ON + timedelta(days=10)), LAW_2020, ON)
    deprivation = reason(verdict, "deprivation")
    assert deprivation.check == Check.NOT_MET
    assert deprivation.params["months"] == 0


# --- job search -----------------------------------------------------------------------------

def test_no_job_search_steps_is_not_eligible_in_france():
    verdict = evaluate(applicant(job_search_steps=False), LAW_2020, ON)
    assert reason(verdict, "job_search").check == Check.NOT_MET
    assert verdict.outcome == Outcome.NOT_ELIGIBLE


def test_unknown_job_search_steps_are_for_the_committee():
    verdict = evaluate(applicant(job_search_steps=None), LAW_2020, ON)
    job_search = reason(verdict, "job_search")
    assert job_search.check == Check.TO_ASSESS
    assert job_search.params["missing"] == "job_search_steps"
    assert verdict.outcome == Outcome.FOR_COMMITTEE


def test_marienthal_has_no_job_search_rule():
    verdict = evaluate(applicant(job_search_steps=False), MARIENTHAL, ON)
    assert verdict.outcome == Outcome.ELIGIBLE
    assert [r.rule for r in verdict.reasons] == ["volunteer", "residence", "deprivation"]


def test_nothing_known_is_for_the_committee_with_every_missing_fact():
    nothing = Applicant(is_volunteer=None, lives_in_territory=None, arrived_in_territory_on=None,
                        without_employment_since=None, deprivation_kind=None,
                        job_search_steps=None)
    verdict = evaluate(nothing, LAW_2020, ON)
    assert verdict.outcome == Outcome.FOR_COMMITTEE
    assert all(r.check == Check.TO_ASSESS for r in verdict.reasons)
    assert all("missing" in r.params for r in verdict.reasons)


# --- which rule set is in force ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2016, 3, 1), LAW_2016),
        (date(2021, 6, 30), LAW_2016),
        (date(2021, 7, 1), LAW_2020),
        (date(2026, 12, 31), LAW_2020),
    ],
)
def test_rule_set_in_force_picks_the_law_of_the_date(on, expected):
    assert rule_set_in_force(ALL_RULE_SETS, "fr-tzcld", on) == expected


def test_rule_set_in_force_keeps_to_the_family():
    assert rule_set_in_force(ALL_RULE_SETS, "at-marienthal", date(2030, 1, 1)) == MARIENTHAL


def test_no_rule_set_in_force_after_the_end_of_the_experiment():
    with pytest.raises(NoRuleSetInForce) as raised:
        rule_set_in_force(ALL_RULE_SETS, "fr-tzcld", date(2027, 1, 1))
    error = raised.value
    message = str(error)
    assert "fr-tzcld" in message
    assert "2027-01-01" in message
    assert "France, loi 2020-1577" in message
    assert "France, loi 2016-231" in message
    assert "Marienthal" not in message
    assert error.family == "fr-tzcld"
    assert error.on == date(2027, 1, 1)
    assert error.known == [LAW_2016, LAW_2020]  # chronological
    assert isinstance(error, LookupError)


def test_no_rule_set_in_force_before_the_first_law():
    with pytest.raises(NoRuleSetInForce, match="fr-tzcld"):
        rule_set_in_force(ALL_RULE_SETS, "fr-tzcld", date(2016, 2, 29))


def test_no_rule_set_of_an_unknown_family():
    with pytest.raises(NoRuleSetInForce, match="be-tzcld") as raised:
        rule_set_in_force(ALL_RULE_SETS, "be-tzcld", ON)
    assert raised.value.known == []


def test_an_administrator_extending_the_law_makes_the_date_work():
    extended = dataclasses.replace(LAW_2020, valid_until=date(2027, 12, 31))
    rule_sets = [LAW_2016, extended, MARIENTHAL]
    assert rule_set_in_force(rule_sets, "fr-tzcld", date(2027, 1, 1)) == extended
    verdict = evaluate(applicant(), extended, date(2027, 1, 1))
    assert verdict.outcome == Outcome.ELIGIBLE
    assert verdict.rule_set.valid_until == date(2027, 12, 31)
    assert overlapping(rule_sets) == []
    # The original is unchanged: other callers still get the error.
    with pytest.raises(NoRuleSetInForce):
        rule_set_in_force(ALL_RULE_SETS, "fr-tzcld", date(2027, 1, 1))


def test_a_successor_law_takes_over_the_next_day():
    successor = dataclasses.replace(LAW_2020, name="France, pérennisation", version="2027",
                                    valid_from=date(2027, 1, 1), valid_until=None)
    rule_sets = [*ALL_RULE_SETS, successor]
    assert rule_set_in_force(rule_sets, "fr-tzcld", date(2026, 12, 31)) == LAW_2020
    assert rule_set_in_force(rule_sets, "fr-tzcld", date(2027, 1, 1)) == successor
    assert overlapping(rule_sets) == []


# --- rule data as an administrator types it ---------------------------------------------------

def test_parse_rules_reads_the_migrations_data():
    rules = parse_rules(FRANCE_RULES)
    assert [rule.code for rule in rules] == ["volunteer", "residence", "deprivation", "job_search"]
    assert rules[1].params == {"min_months": 6}
    assert rules[2].params["assess_kinds"] == ["partial", "recurrent"]
    assert "code" not in rules[2].params
    assert set(RULE_CODES) == {"volunteer", "residence", "deprivation", "job_search"}


@pytest.mark.parametrize("data", [[], None, {}, {"code": "volunteer"}, "volunteer"])
def test_parse_rules_refuses_no_rules(data):
    with pytest.raises(RuleSetError):
        parse_rules(data)


def test_parse_rules_refuses_an_unknown_code():
    with pytest.raises(RuleSetError, match="rule 2.*unknown code 'age'"):
        parse_rules([{"code": "volunteer"}, {"code": "age", "min_years": 18}])


@pytest.mark.parametrize("item", ["volunteer", {"min_months": 6}, ["code", "volunteer"]])
def test_parse_rules_refuses_an_item_without_a_code(item):
    with pytest.raises(RuleSetError, match="rule 1"):
        parse_rules([item])


@pytest.mark.parametrize(
    "item",
    [
        {"code": "volunteer", "min_months": 6},
        {"code": "residence", "min_month": 6},  # a typo must not silently mean 0
        {"code": "residence", "min_months": 6, "since": "without_employment_since"},
        {"code": "deprivation", "min_months": 12, "strictly": True},
        {"code": "job_search", "assess_kinds": ["partial"]},
    ],
)
def test_parse_rules_refuses_unknown_parameters(item):
    with pytest.raises(RuleSetError, match="unknown parameters"):
        parse_rules([item])


@pytest.mark.parametrize("min_months", [-1, -12, "6", 6.5, None])
def test_parse_rules_refuses_months_that_are_not_a_whole_number(min_months):
    with pytest.raises(RuleSetError, match="min_months"):
        parse_rules([{"code": "residence", "min_months": min_months}])


def test_parse_rules_accepts_zero_months():
    assert parse_rules([{"code": "residence", "min_months": 0}])[0].params == {"min_months": 0}


@pytest.mark.parametrize("since", ["arrived_in_territory_on", "birth_date", "", None])
def test_parse_rules_refuses_a_bad_since(since):
    with pytest.raises(RuleSetError, match="since"):
        parse_rules([{"code": "deprivation", "since": since}])


@pytest.mark.parametrize(
    "kinds", [["partial", "seasonal"], "partial", ["Partial"], {"partial": True}, [["partial"]]],
)
def test_parse_rules_refuses_bad_assess_kinds(kinds):
    with pytest.raises(RuleSetError, match="assess_kinds"):
        parse_rules([{"code": "deprivation", "assess_kinds": kinds}])


@pytest.mark.parametrize("value", ["no", "false", "yes"])
def test_parse_rules_refuses_strictly_more_that_is_not_a_boolean(value):
    # "strictly_more": "no" would otherwise be read as true.
    with pytest.raises(RuleSetError, match="strictly_more"):
        parse_rules([{"code": "deprivation", "strictly_more": value}])


# --- overlapping periods --------------------------------------------------------------------

def test_the_initial_rule_sets_do_not_overlap():
    assert overlapping(ALL_RULE_SETS) == []


def test_adjacent_periods_do_not_overlap():
    first = dataclasses.replace(LAW_2016, valid_until=date(2021, 6, 30))
    second = dataclasses.replace(LAW_2020, valid_from=date(2021, 7, 1))
    assert overlapping([second, first]) == []


def test_sharing_one_day_is_an_overlap():
    first = dataclasses.replace(LAW_2016, valid_until=date(2021, 7, 1))
    assert overlapping([LAW_2020, first]) == [(first, LAW_2020)]


def test_an_open_ended_rule_set_overlaps_any_later_one():
    open_ended = dataclasses.replace(LAW_2016, valid_until=None)
    assert overlapping([LAW_2020, open_ended, MARIENTHAL]) == [(open_ended, LAW_2020)]


def test_a_period_inside_another_overlaps_it_and_every_pair_is_reported():
    long = dataclasses.replace(LAW_2016, valid_from=date(2016, 1, 1), valid_until=date(2030, 1, 1))
    inside = dataclasses.replace(LAW_2020, valid_from=date(2018, 1, 1),
                                 valid_until=date(2019, 1, 1))
    after_inside = dataclasses.replace(LAW_2020, version="x", valid_from=date(2020, 1, 1),
                                       valid_until=date(2020, 12, 31))
    pairs = overlapping([after_inside, inside, long])
    assert pairs == [(long, inside), (long, after_inside)]


def test_same_period_in_different_families_is_no_overlap():
    other_family = dataclasses.replace(LAW_2020, family="be-tzcld")
    assert overlapping([LAW_2020, other_family, MARIENTHAL, LAW_2016]) == []


# --- calendar months ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 11, 15), 2, date(2026, 1, 15)),  # over the year end
        (date(2025, 12, 1), 12, date(2026, 12, 1)),
        (date(2026, 1, 31), 0, date(2026, 1, 31)),
        (date(2026, 1, 31), -1, date(2025, 12, 31)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 1, 15), date(2026, 1, 15), 0),
        (date(2026, 1, 15), date(2026, 2, 14), 0),
        (date(2026, 1, 15), date(2026, 2, 15), 1),
        (date(2026, 1, 31), date(2026, 2, 27), 0),
        (date(2026, 1, 31), date(2026, 2, 28), 1),  # the month is reached on its last day
        (date(2024, 1, 31), date(2024, 2, 28), 0),  # leap year: 29 February exists
        (date(2024, 1, 31), date(2024, 2, 29), 1),
        (date(2026, 1, 31), date(2026, 3, 30), 1),
        (date(2026, 1, 31), date(2026, 3, 31), 2),
        (date(2024, 2, 29), date(2025, 2, 27), 11),
        (date(2024, 2, 29), date(2025, 2, 28), 12),
        (date(2024, 2, 29), date(2025, 3, 1), 12),
        (date(2025, 3, 16), date(2026, 3, 16), 12),
        (date(2025, 12, 20), date(2026, 1, 19), 0),  # over the year end
        (date(2025, 12, 20), date(2026, 1, 20), 1),
    ],
)
def test_months_between(start, end, expected):
    assert months_between(start, end) == expected


def test_months_between_and_add_months_agree_on_every_day():
    start = date(2023, 1, 1)
    while start < date(2025, 1, 1):
        for months in range(0, 26):
            reached = add_months(start, months)
            assert months_between(start, reached) == months, (start, months)
            if months:
                assert months_between(start, reached - timedelta(days=1)) == months - 1, (
                    start, months)
        start += timedelta(days=1)
