"""Eligibility: rule sets as data, evaluated with every reason.

A rule set is a family (``fr-tzcld``, ``at-marienthal``...), a version and a validity period.
The rules are plain data (a list of dicts) so that an administrator can change a threshold, an
end date or a successor without a code change; `parse_rules` refuses rules this engine does
not know, so a bad edit is caught when it is saved, not when a person is assessed.

Reasons carry a code and parameters, not sentences: the application translates them.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    FOR_COMMITTEE = "for_committee"


class Check(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    TO_ASSESS = "to_assess"


class DeprivationKind(StrEnum):
    TOTAL = "total"
    PARTIAL = "partial"
    RECURRENT = "recurrent"


class RuleSetError(ValueError):
    """A rule set's data is not something this engine can evaluate."""


class NoRuleSetInForce(LookupError):
    """No rule set of the family covers the date: the administrator must configure one."""

    def __init__(self, family: str, on: date, known: list[RuleSet]):
        self.family = family
        self.on = on
        self.known = known
        periods = ", ".join(f"{r.name} {r.version} ({r.period_label()})" for r in known) or "none"
        super().__init__(
            f"No eligibility rule set of family '{family}' is in force on {on.isoformat()}. "
            f"Known: {periods}. Set an end date and a successor, or add a rule set covering "
            f"this date, in the administration."
        )


@dataclass(frozen=True)
class Rule:
    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RuleSet:
    family: str
    name: str
    version: str
    valid_from: date
    valid_until: date | None
    source: str
    rules: tuple[Rule, ...]

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    def period_label(self) -> str:
        end = self.valid_until.isoformat() if self.valid_until else "…"
        return f"{self.valid_from.isoformat()} → {end}"


@dataclass(frozen=True)
class Applicant:
    """The facts the interview establishes. Unknown facts are None, never guessed."""

    is_volunteer: bool | None
    lives_in_territory: bool | None
    arrived_in_territory_on: date | None
    without_employment_since: date | None
    deprivation_kind: DeprivationKind | None
    job_search_steps: bool | None
    registered_unemployed_since: date | None = None


@dataclass(frozen=True)
class Reason:
    rule: str
    check: Check
    # What the reason says, for the application to put into words: {"months": 6, "since": ...}
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    reasons: tuple[Reason, ...]
    rule_set: RuleSet
    assessed_on: date


def months_between(start: date, end: date) -> int:
    """Whole calendar months from start to end (a month counts once its day is reached)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    last_day = calendar.monthrange(end.year, end.month)[1]
    if end.day < min(start.day, last_day):
        months -= 1
    return months


def age_on(birth_date: date, on: date) -> int:
    """Age in whole years on a date."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def add_months(start: date, months: int) -> date:
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


# --- rules -----------------------------------------------------------------------------------

def _volunteer(applicant: Applicant, on: date, params: dict) -> Reason:
    if applicant.is_volunteer is None:
        return Reason("volunteer", Check.TO_ASSESS, {"missing": "is_volunteer"})
    return Reason("volunteer", Check.MET if applicant.is_volunteer else Check.NOT_MET)


def _residence(applicant: Applicant, on: date, params: dict) -> Reason:
    min_months = int(params.get("min_months", 0))
    if applicant.lives_in_territory is False:
        return Reason("residence", Check.NOT_MET, {"min_months": min_months, "lives": False})
    if applicant.lives_in_territory is None:
        return Reason("residence", Check.TO_ASSESS,
                      {"min_months": min_months, "missing": "lives_in_territory"})
    if applicant.arrived_in_territory_on is None:
        if min_months == 0:
            # Living there is the whole condition: no arrival date is needed.
            return Reason("residence", Check.MET, {"min_months": 0})
        return Reason("residence", Check.TO_ASSESS,
                      {"min_months": min_months, "missing": "arrived_in_territory_on"})
    since = applicant.arrived_in_territory_on
    months = months_between(since, on) if since <= on else -1
    met = months >= min_months and months >= 0
    return Reason("residence", Check.MET if met else Check.NOT_MET,
                  {"min_months": min_months, "months": max(months, 0), "since": since,
                   "from": add_months(since, min_months)})


_DEPRIVATION_DATES = {"without_employment_since", "registered_unemployed_since"}


def _deprivation(applicant: Applicant, on: date, params: dict) -> Reason:
    min_months = int(params.get("min_months", 12))
    strictly_more = bool(params.get("strictly_more", False))
    since_field = params.get("since", "without_employment_since")
    since = getattr(applicant, since_field)
    base = {"min_months": min_months, "strictly_more": strictly_more, "since_field": since_field}
    kind = applicant.deprivation_kind
    assess_kinds = set(params.get("assess_kinds", []))
    if kind is None and assess_kinds:
        # Which kind it is decides whether a threshold applies at all: never assume "total".
        return Reason("deprivation", Check.TO_ASSESS, {**base, "missing": "deprivation_kind"})
    if kind in assess_kinds:
        # Partial or recurrent deprivation has no numeric threshold: the committee assesses it.
        return Reason("deprivation", Check.TO_ASSESS, {**base, "kind": str(kind), "since": since})
    if since is None:
        return Reason("deprivation", Check.TO_ASSESS, {**base, "missing": since_field})
    months = months_between(since, on) if since <= on else -1
    threshold_date = add_months(since, min_months)
    met = on > threshold_date if strictly_more else on >= threshold_date
    return Reason("deprivation", Check.MET if met else Check.NOT_MET,
                  {**base, "months": max(months, 0), "since": since, "from": threshold_date})


def _job_search(applicant: Applicant, on: date, params: dict) -> Reason:
    if applicant.job_search_steps is None:
        return Reason("job_search", Check.TO_ASSESS, {"missing": "job_search_steps"})
    return Reason("job_search", Check.MET if applicant.job_search_steps else Check.NOT_MET)


_RULES = {
    "volunteer": (_volunteer, set()),
    "residence": (_residence, {"min_months"}),
    "deprivation": (_deprivation, {"min_months", "strictly_more", "since", "assess_kinds"}),
    "job_search": (_job_search, set()),
}
RULE_CODES = tuple(_RULES)


def parse_rules(data: list) -> tuple[Rule, ...]:
    """Check rule data as an administrator typed it; raise RuleSetError with what is wrong."""
    if not isinstance(data, list) or not data:
        raise RuleSetError("rules must be a non-empty list")
    rules = []
    for position, item in enumerate(data, start=1):
        if not isinstance(item, dict) or "code" not in item:
            raise RuleSetError(f"rule {position}: an object with a 'code' is expected")
        code = item["code"]
        if code not in _RULES:
            raise RuleSetError(
                f"rule {position}: unknown code '{code}' (known: {', '.join(RULE_CODES)})")
        params = {k: v for k, v in item.items() if k != "code"}
        where = f"rule {position} ({code})"
        unknown = set(params) - _RULES[code][1]
        if unknown:
            raise RuleSetError(f"{where}: unknown parameters {sorted(unknown)}")
        months = params.get("min_months", 0)
        # bool is an int in Python: "true" must not pass for one month.
        if isinstance(months, bool) or not isinstance(months, int) or months < 0:
            raise RuleSetError(f"{where}: min_months must be a whole number ≥ 0")
        if not isinstance(params.get("strictly_more", False), bool):
            raise RuleSetError(f"{where}: strictly_more must be true or false")
        if params.get("since", "without_employment_since") not in _DEPRIVATION_DATES:
            raise RuleSetError(f"{where}: since must be one of {sorted(_DEPRIVATION_DATES)}")
        kinds = params.get("assess_kinds", [])
        known_kinds = {k.value for k in DeprivationKind}
        if not isinstance(kinds, list) or not all(isinstance(k, str) and k in known_kinds
                                                  for k in kinds):
            raise RuleSetError(f"{where}: assess_kinds must list deprivation kinds "
                               f"({', '.join(sorted(known_kinds))})")
        rules.append(Rule(code=code, params=params))
    return tuple(rules)


def rule_set_in_force(rule_sets: list[RuleSet], family: str, on: date) -> RuleSet:
    candidates = [r for r in rule_sets if r.family == family]
    in_force = [r for r in candidates if r.covers(on)]
    if not in_force:
        raise NoRuleSetInForce(family, on, sorted(candidates, key=lambda r: r.valid_from))
    # Overlaps are refused when saving; should one slip through, the most recent start wins.
    return max(in_force, key=lambda r: r.valid_from)


def evaluate(applicant: Applicant, rule_set: RuleSet, on: date) -> Verdict:
    if not rule_set.covers(on):
        raise NoRuleSetInForce(rule_set.family, on, [rule_set])
    reasons = tuple(_RULES[rule.code][0](applicant, on, rule.params) for rule in rule_set.rules)
    checks = {reason.check for reason in reasons}
    if Check.NOT_MET in checks:
        outcome = Outcome.NOT_ELIGIBLE
    elif Check.TO_ASSESS in checks:
        outcome = Outcome.FOR_COMMITTEE
    else:
        outcome = Outcome.ELIGIBLE
    return Verdict(outcome=outcome, reasons=reasons, rule_set=rule_set, assessed_on=on)


def overlapping(rule_sets: list[RuleSet]) -> list[tuple[RuleSet, RuleSet]]:
    """Pairs of rule sets of one family whose periods overlap: ambiguous, so refused on save."""
    pairs = []
    ordered = sorted(rule_sets, key=lambda r: (r.family, r.valid_from))
    for i, first in enumerate(ordered):
        for second in ordered[i + 1:]:
            if second.family != first.family:
                break
            if first.valid_until is None or second.valid_from <= first.valid_until:
                pairs.append((first, second))
    return pairs
