"""The load benchmark's programme: 61,000 volunteers over 150 territories and 5 years of history,
written with bulk inserts. Not a benchmark itself (`make bench` runs only the files that do not
start with an underscore); `load.py` calls `generate`, and so does its test at a small scale.

The demo builder replays history through the services, which is right for a demo and far too slow
for a metropole; here each person's whole history is drawn in memory first, then inserted in
batches. Rows bypass the services, so this module keeps by construction what the services
guarantee (tests/benchmarks/test_load_data.py checks it against the services' own functions):

- every committee decision rests on an eligibility interview held on or before it, whose verdict
  is the eligibility engine's, with the rule set in force that day; a refusal is motivated;
- a contract starts on or after the person's eligibility, with an employer serving their territory,
  one contract per person, a written request under 24 hours, ends before today with a reason;
- hiring follows the waiting list: each month a territory hires from the head of its list (ordered
  by eligibility date, registration, id), skipping only those withdrawn or moved away by then, so
  nobody is ever passed over and no Skip row is needed;
- a person's status and eligible_since are what `people.services.refresh_status` derives from the
  history, computed with the same engine functions;
- the yearly funding agreements cover every employer's FTE;
- activities move along the pipeline's allowed transitions, approvals and refusals through a
  committee meeting's agenda item with reasons.

Not generated: households, planner inputs and plans, skips, the access log, establishments.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
PASSWORD = "charge-benchmark-2026"  # known on purpose: the load test logs in with it
YEARS = 5
TERRITORIES_PER_EMPLOYER = 15
# People of about this many territories are drawn and inserted together (memory stays small).
CHUNK_PEOPLE = 6_000
BATCH = 2_000
# SkillNeed.hours_per_week holds up to 9,999.99 hours a week.
MAX_NEED_HOURS = Decimal(5_000)

FIRST_NAMES_F = ["Camille", "Sandrine", "Nadia", "Sylvie", "Fatima", "Marie", "Aurélie", "Isabelle",
                 "Samira", "Christelle", "Nathalie", "Karima", "Céline", "Aïcha", "Julie", "Martine"]
FIRST_NAMES_M = ["Dominique", "Karim", "Patrick", "Mohamed", "Jean", "Kevin", "Mamadou", "Thierry",
                 "Ludovic", "Franck", "Rachid", "Pascal", "Bruno", "Yacine", "David", "Laurent"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
              "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David",
              "Bertrand", "Roux", "Vincent", "Fournier", "Benali", "Diallo", "Nguyen", "Lambert",
              "Dupont", "Lemaire", "Dumont", "Hadj", "Traoré", "Delattre", "Vandenberghe", "Lecomte"]
COMMUNES = [("59120", "Loos"), ("59200", "Tourcoing"), ("59100", "Roubaix"), ("59000", "Lille"),
            ("59260", "Hellemmes"), ("59370", "Mons-en-Barœul"), ("59650", "Villeneuve-d'Ascq"),
            ("59150", "Wattrelos"), ("59130", "Lambersart"), ("59700", "Marcq-en-Barœul"),
            ("59160", "Lomme"), ("59290", "Wasquehal"), ("59250", "Halluin"), ("59280", "Armentières")]
DISTRICTS = ["Les Oliveaux", "Triangle de Menin", "Le Pile", "Moulins", "Fives", "Le Nouveau Mons",
             "La Bourgogne", "Les Villas", "Le Bourg", "Pont-de-Bois", "Les Épeirons", "Le Virolois"]
STREETS = ["rue de la Paix", "rue Jean Jaurès", "avenue de la République", "rue Victor Hugo",
           "place du Marché", "rue des Écoles", "rue Pasteur", "rue du Moulin"]

NOT_ELIGIBLE_REASONS = {
    "residence": "Résidence sur le territoire de moins de six mois.",
    "deprivation": "Privation d'emploi de moins d'un an.",
    "job_search": "Pas de démarche de recherche d'emploi établie à l'entretien.",
    "volunteer": "Ne se porte pas volontaire.",
}
MOVED_AWAY = "A déménagé hors du territoire avant son embauche."
WITHDRAWN = "A trouvé un emploi par ailleurs."


@dataclass
class Dataset:
    """What load.py needs to know about a generated programme."""

    programme_id: int
    territory_ids: list[int]  # largest first
    people_by_territory: dict[int, int]
    employer_ids: list[int]
    employer_of: dict[int, int]  # territory id -> employer id
    users: dict[str, str]  # role -> username
    password: str
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0


def aware(day: date, seconds: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=PARIS) + timedelta(seconds=seconds)


def committee_date(after: date) -> date:
    """The local committee meets on the 15th of each month."""
    from jobfactory.engines.contracts import next_month

    candidate = after.replace(day=15)
    return candidate if candidate >= after else next_month(after).replace(day=15)


def weighted(rng: random.Random, table: dict):
    return rng.choices(list(table), weights=list(table.values()))[0]


# --------------------------------------------------------------------------------------------- people

@dataclass
class Draft:
    """One person's drawn history, before insertion."""

    person: object  # an unsaved Person
    key: int  # position in the territory, for registered_at's tie-break
    reviews: list = field(default_factory=list)  # unsaved EligibilityReview
    decisions: list = field(default_factory=list)  # (decided_on, outcome, reason, review index)
    since: date | None = None  # eligible since, before any later refusal
    unavailable_on: date | None = None  # withdrawal or moving away, if drawn
    leaves_by: str = ""  # "withdraw" or "move"
    contract: object | None = None  # an unsaved Contract
    amendments: list = field(default_factory=list)


class PeopleDrawer:
    def __init__(self, rng: random.Random, today: date, rule_sets: list):
        from jobfactory.demo import calibration as cal

        self.rng, self.today, self.cal = rng, today, cal
        self.rule_sets = rule_sets  # (engine RuleSet, model pk, source)
        self.hours_weights = cal.CHOSEN_HOURS_WEIGHTS
        self.ages = [band for band, _ in cal.AGE_BANDS]
        self.age_weights = [w for _, w in cal.AGE_BANDS]

    def rule_set_on(self, on: date):
        """(engine rule set, pk, source) in force on `on`; past the last one entered, the last one
        is taken as continuing (the demo's legal_frame does the same with an assumed successor)."""
        from jobfactory.engines import eligibility as engine

        try:
            chosen = engine.rule_set_in_force([r for r, _, _ in self.rule_sets], "fr-tzcld", on)
        except engine.NoRuleSetInForce:
            chosen = max((r for r, _, _ in self.rule_sets if r.valid_from <= on),
                         key=lambda r: r.valid_from)
            chosen = replace(chosen, valid_until=None)
        for rule_set, pk, source in self.rule_sets:
            if rule_set.version == chosen.version:
                return chosen, pk, source
        raise LookupError(chosen.version)

    def review(self, person, on: date, job_search: bool):
        from dataclasses import asdict

        from jobfactory.engines import eligibility as engine
        from jobfactory.people.models import EligibilityReview

        rule_set, pk, source = self.rule_set_on(on)
        review = EligibilityReview(interviewed_on=on, is_volunteer=True, job_search_steps=job_search,
                                   notes="", rule_set_id=pk, rule_set_source=source,
                                   recorded_at=aware(on, 3600))
        verdict = engine.evaluate(person.applicant(review), rule_set, on)
        review.rule_set_label = (f"{rule_set.name}, version {rule_set.version} "
                                 f"({verdict.rule_set.period_label()})")
        review.outcome = verdict.outcome.value
        review.reasons = [{"rule": r.rule, "check": r.check.value, "params": _json_ready(r.params)}
                          for r in verdict.reasons]
        review.facts = _json_ready(asdict(person.applicant(review)))
        failed = [r.rule for r in verdict.reasons if r.check == engine.Check.NOT_MET]
        return review, failed

    def draw(self, territory, index: int, first_day: date, postcode: str, commune: str) -> Draft:
        from jobfactory.engines.eligibility import add_months
        from jobfactory.people.enums import DeprivationKind
        from jobfactory.people.models import Person

        rng, today, cal = self.rng, self.today, self.cal
        last_day = today - timedelta(days=1)
        span = max(1, (last_day - first_day).days)
        # A first mobilisation around the start, then a steady flow, more of it recently.
        if rng.random() < 0.3:
            registered = first_day + timedelta(days=rng.randrange(min(span, 180)))
        else:
            registered = first_day + timedelta(days=int(span * rng.random() ** 0.8))
        interview_on = registered + timedelta(days=rng.randint(7, 40))
        female = rng.random() < cal.SHARE_WOMEN
        low, high = rng.choices(self.ages, weights=self.age_weights)[0]
        birth = registered - timedelta(days=365 * rng.randint(low, high) + rng.randrange(365))
        recent = rng.random() < cal.SHARE_TOO_RECENT_RESIDENTS
        arrived = (interview_on - timedelta(days=rng.randint(30, 150)) if recent
                   else registered - timedelta(days=rng.randint(400, 9000)))
        short = rng.random() < 0.03  # less than a year without employment: refused by the rules
        months = rng.randint(6, 11) if short else 12 + int(rng.expovariate(1 / 44))
        without_since = add_months(interview_on, -months)
        kind = DeprivationKind.TOTAL
        if rng.random() < cal.SHARE_PARTIAL_OR_RECURRENT:
            kind = rng.choice([DeprivationKind.PARTIAL, DeprivationKind.RECURRENT])
        first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
        last = rng.choice(LAST_NAMES)
        person = Person(
            territory=territory, first_name=first, last_name=last, sex="F" if female else "M",
            birth_date=birth,
            email=f"{first}.{last}.{index}@example.org".lower() if rng.random() < 0.6 else "",
            phone=f"06{rng.randint(0, 99_999_999):08d}" if rng.random() < 0.85 else "",
            address=f"{rng.randint(1, 180)} {rng.choice(STREETS)}", postcode=postcode, commune=commune,
            in_qpv=rng.random() < cal.SHARE_IN_QPV, arrived_in_territory_on=arrived,
            without_employment_since=without_since, deprivation_kind=kind,
            registered_unemployed_since=(without_since + timedelta(days=rng.randint(0, 90))
                                         if rng.random() < 0.7 else None),
            qualification_level=weighted(rng, cal.QUALIFICATION_WEIGHTS) if rng.random() < 0.9 else None,
            rqth=rng.random() < 0.12, skills=", ".join(rng.sample(cal.SKILLS, 2)),
            wishes=", ".join(rng.sample(cal.WISHES, 2)),
            chosen_hours=weighted(rng, self.hours_weights),
            mobility_constraints=rng.choice(["", "", "pas de permis", "transports en commun"]),
            information_notice_on=registered, registered_at=aware(registered, index))
        draft = Draft(person=person, key=index)
        if interview_on > today or rng.random() < 0.02:
            return draft  # registered, interview still to hold
        self._eligibility(draft, interview_on, job_search=rng.random() < 0.97)
        return draft

    def _eligibility(self, draft: Draft, interview_on: date, job_search: bool) -> None:
        """Interview, committee decision, and for some refusals a second interview later."""
        rng, today = self.rng, self.today
        person = draft.person
        for _round in range(2):
            review, failed = self.review(person, interview_on, job_search)
            draft.reviews.append(review)
            decided_on = committee_date(interview_on + timedelta(days=3))
            if decided_on > today:
                return  # awaiting the committee
            if review.outcome == "not_eligible":
                outcome, reason = "not_eligible", NOT_ELIGIBLE_REASONS[failed[0]]
            elif review.outcome == "for_committee" and rng.random() < 0.15:
                outcome, reason = "not_eligible", "Activité réduite choisie, non subie."
            elif review.outcome == "for_committee":
                outcome, reason = "eligible", "Privation d'emploi partielle ou récurrente reconnue."
            else:
                outcome, reason = "eligible", ""
            draft.decisions.append((decided_on, outcome, reason, len(draft.reviews) - 1))
            if outcome == "eligible":
                draft.since = decided_on
                self._may_leave(draft)
                return
            # Some come back once their situation changed (six months of residence, a year...).
            interview_on = decided_on + timedelta(days=rng.randint(120, 300))
            if rng.random() >= 0.25 or interview_on > today:
                return
            job_search = True

    def _may_leave(self, draft: Draft) -> None:
        """Withdrawal or moving away, should they come before the hire (decided in `hire`)."""
        rng = self.rng
        draw = rng.random()
        if draw < 0.05:
            draft.unavailable_on = draft.since + timedelta(days=rng.randint(30, 700))
            draft.leaves_by = "withdraw"
        elif draw < 0.08:
            draft.unavailable_on = draft.since + timedelta(days=rng.randint(60, 500))
            draft.leaves_by = "move"
        if draft.unavailable_on and draft.unavailable_on >= self.today:
            draft.unavailable_on, draft.leaves_by = None, ""


def _json_ready(params: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}


# ------------------------------------------------------------------------------------------- hiring

class Hiring:
    """Each territory hires monthly from the head of its waiting list, up to a growing target."""

    def __init__(self, rng: random.Random, today: date, employer_id: int, hired_by_id: int):
        from jobfactory.demo import calibration as cal

        self.rng, self.today, self.cal = rng, today, cal
        self.employer_id, self.hired_by_id = employer_id, hired_by_id

    def run(self, drafts: list[Draft], first_hires_on: date) -> None:
        from jobfactory.engines.contracts import month_start, next_month

        rng, today = self.rng, self.today
        queue = sorted((d for d in drafts if d.since is not None),
                       key=lambda d: (d.since, d.person.registered_at, d.key))
        # What share of the eligible the territory employs once up to speed (exhaustivity varies).
        capacity = max(1, round(len(queue) * rng.uniform(0.45, 0.85)))
        ramp_days = rng.randint(540, 1100)
        month = month_start(first_hires_on)
        active: list = []  # contracts not ended before the current month
        while month <= today:
            active = [c for c in active if c.end_on is None or c.end_on >= month]
            progress = min(1.0, ((month - first_hires_on).days + 30) / ramp_days)
            to_hire = round(capacity * progress ** 0.6) - len(active)
            while to_hire > 0 and queue:
                head = queue[0]
                if head.since > month:
                    break  # the next eligible person is recognised later
                queue.pop(0)
                if head.unavailable_on is not None and head.unavailable_on <= month:
                    continue  # withdrawn or moved away before their turn: not on the list any more
                head.unavailable_on, head.leaves_by = None, ""
                active.append(self.hire(head, month))
                to_hire -= 1
            month = next_month(month)

    def hire(self, draft: Draft, start: date):
        from jobfactory.engines.contracts import MINIMUM_PART_TIME_HOURS, month_start
        from jobfactory.engines.eligibility import add_months
        from jobfactory.staffing.models import Amendment, Contract

        rng, today, cal = self.rng, self.today, self.cal
        hours = draft.person.chosen_hours
        end = reason = None
        # About 11 % of hires had left two years on (DOMAIN.md): a hazard of about 6 % a year.
        stay = int(rng.expovariate(0.06 / 365))
        if stay >= 14 and start + timedelta(days=stay) < today:
            end = start + timedelta(days=stay)
            reason = weighted(rng, cal.EXIT_REASON_WEIGHTS)
            age = (end - draft.person.birth_date).days // 365
            while reason == "retirement" and age < cal.EARLIEST_RETIREMENT_AGE:
                reason = weighted(rng, cal.EXIT_REASON_WEIGHTS)
        contract = Contract(
            employer_id=self.employer_id, start_on=start, weekly_hours=hours,
            written_request_on=start - timedelta(days=rng.randint(3, 20))
            if hours < MINIMUM_PART_TIME_HOURS else None,
            end_on=end, exit_reason=reason or "",
            exit_note="Déménagement à l'étranger." if reason == "other" else "",
            hired_by_id=self.hired_by_id, created_at=aware(start, 1800))
        draft.contract = contract
        if rng.random() < 0.07:
            effective_on = month_start(add_months(start, rng.randint(4, 40)))
            if effective_on > start and effective_on <= today and (end is None or effective_on <= end):
                new_hours = weighted(rng, cal.CHOSEN_HOURS_WEIGHTS)
                while new_hours == hours:
                    new_hours = weighted(rng, cal.CHOSEN_HOURS_WEIGHTS)
                draft.amendments.append(Amendment(
                    effective_on=effective_on, weekly_hours=new_hours,
                    written_request_on=effective_on - timedelta(days=14)
                    if new_hours < MINIMUM_PART_TIME_HOURS else None,
                    reason="Changement du temps choisi à la demande du salarié.",
                    recorded_by_id=self.hired_by_id, recorded_at=aware(effective_on, 600)))
        return contract


def settle(draft: Draft, today: date) -> None:
    """Write the leaving events that did happen, then status and eligible_since with the function
    `people.services.refresh_status` uses."""
    from jobfactory.engines.figures import Decision
    from jobfactory.people.services import derive_status

    person = draft.person
    if draft.contract is None and draft.unavailable_on is not None:
        if draft.leaves_by == "withdraw":
            person.withdrawn_on, person.withdrawal_reason = draft.unavailable_on, WITHDRAWN
        else:
            person.lives_in_territory = False
            draft.decisions.append((draft.unavailable_on, "not_eligible", MOVED_AWAY,
                                    len(draft.reviews) - 1))
    decisions = [Decision(on, outcome) for on, outcome, _, _ in draft.decisions]
    contracts = [draft.contract] if draft.contract is not None else []
    person.status, person.eligible_since = derive_status(
        decisions, contracts, person.withdrawn_on, bool(draft.reviews), today)


def insert(drafts: list[Draft], recorded_by_id: int, counts: Counter) -> list[tuple]:
    """Bulk-insert people and their histories; returns (employer, start, end, max hours) per contract."""
    from jobfactory.people.models import CommitteeDecision, EligibilityReview, Person
    from jobfactory.staffing.models import Amendment, Contract

    # Primary keys come back from the insert (PostgreSQL; SQLite >= 3.35).
    Person.objects.bulk_create([d.person for d in drafts], batch_size=BATCH)
    reviews = []
    for draft in drafts:
        for review in draft.reviews:
            review.person_id = draft.person.pk
            review.recorded_by_id = recorded_by_id
            reviews.append(review)
    EligibilityReview.objects.bulk_create(reviews, batch_size=BATCH)
    decisions, contracts, amendments, spans = [], [], [], []
    for draft in drafts:
        for decided_on, outcome, reason, review_index in draft.decisions:
            decisions.append(CommitteeDecision(
                person_id=draft.person.pk, decided_on=decided_on, outcome=outcome, reason=reason,
                review_id=draft.reviews[review_index].pk, recorded_by_id=recorded_by_id,
                recorded_at=aware(decided_on, 7200)))
        if draft.contract is not None:
            draft.contract.person_id = draft.person.pk
            contracts.append(draft.contract)
    CommitteeDecision.objects.bulk_create(decisions, batch_size=BATCH)
    Contract.objects.bulk_create(contracts, batch_size=BATCH)
    for draft in drafts:
        if draft.contract is None:
            continue
        for amendment in draft.amendments:
            amendment.contract_id = draft.contract.pk
            amendments.append(amendment)
        top = max([draft.contract.weekly_hours, *(a.weekly_hours for a in draft.amendments)])
        spans.append((draft.contract.employer_id, draft.contract.start_on, draft.contract.end_on, top))
    Amendment.objects.bulk_create(amendments, batch_size=BATCH)
    counts["people"] += len(drafts)
    counts["reviews"] += len(reviews)
    counts["decisions"] += len(decisions)
    counts["contracts"] += len(contracts)
    counts["contracts_ended"] += sum(1 for c in contracts if c.end_on)
    counts["amendments"] += len(amendments)
    counts.update(f"status:{d.person.status}" for d in drafts)
    return spans


def funding_agreements(employers: dict[int, date], spans: list[tuple], today: date) -> list:
    """One agreement a year per employer, funding every FTE it employed that year (rounded up)."""
    from jobfactory.engines.contracts import fte_of_hours
    from jobfactory.territories.models import FundingAgreement

    fte = defaultdict(Decimal)
    for employer_id, start, end, hours in spans:
        for year in range(start.year, (end or today).year + 1):
            fte[employer_id, year] += fte_of_hours(hours)
    rows = []
    for employer_id, created_on in employers.items():
        for year in range(created_on.year, today.year + 1):
            funded = (fte[employer_id, year] + Decimal(1)).quantize(Decimal(1), rounding=ROUND_CEILING)
            rows.append(FundingAgreement(employer_id=employer_id, year=year, funded_fte=funded,
                                         reference=f"Convention {year} (benchmark de charge)"))
    FundingAgreement.objects.bulk_create(rows, batch_size=BATCH)
    return rows


# --------------------------------------------------------------------------------------- activities

def _catalogue():
    from jobfactory.demo import activities_calibration as cal

    specs = [{"title": title, "naf_codes": naf, "customers": customers, "weights": weights,
              "revenue": revenue, "costs": costs, "proposed_by": proposer}
             for title, naf, customers, weights, revenue, costs, proposer, _ in [*cal.LOOS, *cal.TOURCOING]]
    bike = cal.BIKE_ACTIVITY
    # Its skills are given in hours: as weights, the same order of size as the others'.
    weights = {code: max(1, round(hours / 10)) for code, hours in bike["skills"].items()}
    specs.append({"title": bike["title"], "naf_codes": bike["naf_codes"], "customers": bike["customers"],
                  "weights": weights, "revenue": bike["revenue"], "costs": bike["costs"],
                  "proposed_by": "residents"})
    return specs, cal.ATTENDANCE


class ActivitiesDrawer:
    """Needs, activities with their dated status history, committee meetings and decisions."""

    def __init__(self, rng: random.Random, today: date, user_id: int):
        self.rng, self.today, self.user_id = rng, today, user_id
        self.specs, self.attendance = _catalogue()

    def build(self, territories, employer_of: dict[int, int], hired_hours: dict[int, Decimal],
              counts: Counter) -> None:
        from jobfactory.activities.models import (
            Activity,
            AgendaItem,
            Attendance,
            CommitteeMeeting,
            LocalNeed,
            Objection,
            SkillNeed,
            StatusChange,
        )

        rng, today = self.rng, self.today
        meetings, plans = [], []
        for territory in territories:
            held = []
            day = committee_date(territory.authorised_on + timedelta(days=60))
            while day <= today + timedelta(days=31):  # every quarter, and the next one
                held.append(day)
                day = committee_date(day + timedelta(days=80))
            territory_meetings = [CommitteeMeeting(territory=territory, held_on=d, created_by_id=self.user_id,
                                                   place=f"Mairie, {territory.name}",
                                                   notes="Relevé de séance (benchmark).")
                                  for d in held]
            meetings.extend(territory_meetings)
            plans.append((territory, territory_meetings))
        CommitteeMeeting.objects.bulk_create(meetings, batch_size=BATCH)
        Attendance.objects.bulk_create([
            Attendance(meeting=meeting, member_type=kind, organisation=organisation, present=count)
            for meeting in meetings for kind, organisation, count in self.attendance], batch_size=BATCH)

        needs, activities, skill_needs, changes, items, objections = [], [], [], [], [], []
        for territory, territory_meetings in plans:
            past = [m for m in territory_meetings if m.held_on <= today]
            upcoming = [m for m in territory_meetings if m.held_on > today]
            specs = rng.sample(self.specs, rng.randint(5, min(9, len(self.specs))))
            final = [self._final_status(i, len(specs)) for i in range(len(specs))]
            offering = [s for s, f in zip(specs, final, strict=True) if f in {"running", "approved"}]
            total_weight = sum(sum(s["weights"].values()) for s in offering) or 1
            per_weight = hired_hours.get(territory.pk, Decimal(0)) * Decimal("0.9") / total_weight
            positions = Counter()
            for spec, status in zip(specs, final, strict=True):
                plan = self._history(status, past, upcoming)
                if plan is None:
                    continue
                recorded_on, steps, meeting, verdict = plan
                need = LocalNeed(territory=territory, proposed_by=spec["proposed_by"],
                                 proposer="Conseil citoyen" if spec["proposed_by"] == "residents" else "",
                                 title=spec["title"],
                                 description=f"Besoin exprimé : {spec['title'].lower()}.",
                                 location=territory.name, beneficiaries="Habitants du quartier",
                                 recorded_on=recorded_on, recorded_by_id=self.user_id)
                needs.append(need)
                activity = Activity(
                    territory=territory, employer_id=employer_of[territory.pk], need=need,
                    title=spec["title"], description=need.description, naf_codes=spec["naf_codes"],
                    customers=spec["customers"], expected_revenue=Decimal(spec["revenue"]),
                    expected_costs=Decimal(spec["costs"]), site=territory.name,
                    status=steps[-1][1], status_since=steps[-1][2])
                activities.append(activity)
                scale = per_weight if status in {"running", "approved", "suspended", "closed"} else Decimal(1)
                for code, weight in spec["weights"].items():
                    halves = (scale * weight / Decimal("0.5")).quantize(Decimal(1), rounding=ROUND_HALF_UP)
                    hours = min(MAX_NEED_HOURS, max(Decimal("0.5"), halves * Decimal("0.5")))
                    skill_needs.append(SkillNeed(activity=activity, rome_code=code, hours_per_week=hours))
                item = None
                if meeting is not None:
                    positions[meeting.pk] += 1
                    reasons = {"approved": "Besoin local avéré, pas d'offre équivalente sur le territoire.",
                               "refused": "Activité déjà proposée par des entreprises locales.",
                               "": ""}[verdict]
                    item = AgendaItem(meeting=meeting, activity=activity, position=positions[meeting.pk],
                                      verdict=verdict, reasons=reasons,
                                      decided_by_id=self.user_id if verdict else None,
                                      decided_at=aware(meeting.held_on, 14400) if verdict else None)
                    items.append(item)
                for from_status, to_status, on, note in steps:
                    changes.append(StatusChange(
                        activity=activity, from_status=from_status, to_status=to_status, on=on, note=note,
                        decision=item if to_status in {"approved", "refused"} else None, by_id=self.user_id))
                if status == "running" and rng.random() < 0.05:
                    raised = steps[-1][2] + timedelta(days=rng.randint(10, 200))
                    if raised < today:
                        objections.append(Objection(
                            activity=activity, raised_on=raised, business="Entreprise locale du secteur",
                            grounds="Crainte d'une concurrence sur la même clientèle.", answer="adapted",
                            answer_reasons="Activité recentrée sur un public que l'entreprise ne sert pas.",
                            answered_on=min(today, raised + timedelta(days=20)),
                            recorded_by_id=self.user_id))
        LocalNeed.objects.bulk_create(needs, batch_size=BATCH)
        for activity in activities:
            activity.need_id = activity.need.pk
        Activity.objects.bulk_create(activities, batch_size=BATCH)
        for row in [*skill_needs, *items, *objections]:
            row.activity_id = row.activity.pk
        SkillNeed.objects.bulk_create(skill_needs, batch_size=BATCH)
        for item in items:
            item.meeting_id = item.meeting.pk
        AgendaItem.objects.bulk_create(items, batch_size=BATCH)
        for change in changes:
            change.activity_id = change.activity.pk
            change.decision_id = change.decision.pk if change.decision is not None else None
        StatusChange.objects.bulk_create(changes, batch_size=BATCH)
        Objection.objects.bulk_create(objections, batch_size=BATCH)
        counts.update({"meetings": len(meetings), "needs": len(needs), "activities": len(activities),
                       "skill_needs": len(skill_needs), "agenda_items": len(items),
                       "status_changes": len(changes), "objections": len(objections)})
        counts.update(f"activity:{a.status}" for a in activities)

    def _final_status(self, index: int, count: int) -> str:
        if index < max(2, count // 2):
            return "running"  # every territory runs some
        return self.rng.choices(
            ["running", "approved", "suspended", "closed", "refused", "submitted", "under_study", "proposed"],
            weights=[50, 8, 5, 5, 6, 8, 9, 9])[0]

    def _history(self, status: str, past: list, upcoming: list):
        """(need recorded on, [(from, to, on, note)], meeting or None, verdict) or None."""
        rng, today = self.rng, self.today
        if status in {"proposed", "under_study"}:
            created = today - timedelta(days=rng.randint(10, 120))
            steps = [("", "proposed", created, "Activité créée.")]
            if status == "under_study":
                steps.append(("proposed", "under_study", created + timedelta(days=rng.randint(1, 9)), ""))
            return created - timedelta(days=30), steps, None, ""
        if status == "submitted":
            if not upcoming:
                return None
            meeting = upcoming[0]
            created = today - timedelta(days=rng.randint(40, 150))
            studied = created + timedelta(days=20)
            return created - timedelta(days=30), [
                ("", "proposed", created, "Activité créée."),
                ("proposed", "under_study", studied, ""),
                ("under_study", "submitted", today, f"Inscrite à l'ordre du jour du comité du "
                                                    f"{meeting.held_on:%d/%m/%Y}.")], meeting, ""
        # Decided by a past meeting: approved (then maybe running, suspended, closed) or refused.
        late = status in {"approved", "refused"}
        candidates = past[-3:] if late else past[:max(1, len(past) * 3 // 4)]
        if not candidates:
            return None
        meeting = rng.choice(candidates)
        held = meeting.held_on
        created = held - timedelta(days=rng.randint(60, 150))
        steps = [("", "proposed", created, "Activité créée."),
                 ("proposed", "under_study", created + timedelta(days=20), ""),
                 ("under_study", "submitted", held,
                  f"Inscrite à l'ordre du jour du comité du {held:%d/%m/%Y}.")]
        verdict = "refused" if status == "refused" else "approved"
        steps.append(("submitted", verdict, held, "Décision du comité."))
        if status in {"running", "suspended", "closed"}:
            started = min(today, held + timedelta(days=30))
            steps.append(("approved", "running", started, "Démarrage de l'activité."))
            if status != "running":
                later = min(today, started + timedelta(days=rng.randint(60, 700)))
                steps.append(("running", status, later, "Activité suspendue." if status == "suspended"
                              else "Activité arrêtée."))
        return created - timedelta(days=30), steps, meeting, verdict


# --------------------------------------------------------------------------------------- structure

def _sizes(rng: random.Random, people: int, territories: int) -> list[int]:
    """People per territory: within about a quarter of the mean, summing to `people`."""
    weights = [rng.uniform(0.75, 1.25) for _ in range(territories)]
    total = sum(weights)
    sizes = [int(people * w / total) for w in weights]
    for i in sorted(range(territories), key=lambda i: -weights[i])[: people - sum(sizes)]:
        sizes[i] += 1
    return sizes


def _users(prefix: str, programme, largest, employer_id: int, national_fund: bool) -> dict[str, object]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from jobfactory.territories.enums import Role
    from jobfactory.territories.models import Profile

    User = get_user_model()
    hashed = make_password(PASSWORD)  # one hash for all: hashing is slow on purpose
    specs = [(Role.PROGRAMME_OFFICER, "metropole", {"programme": programme}, []),
             (Role.TERRITORY_TEAM, "equipe", {}, [largest]),
             (Role.EMPLOYER_MANAGER, "ebe", {"employer_id": employer_id}, []),
             (Role.COMMITTEE_MEMBER, "cle", {}, [largest])]
    if national_fund:
        specs.append((Role.NATIONAL_FUND, "fonds", {}, []))
    users = {}
    for role, suffix, scope, territories in specs:
        user = User.objects.create(username=f"{prefix}-{suffix}", password=hashed)
        profile = Profile.objects.create(user=user, role=role, **scope)
        profile.territories.set(territories)
        users[str(role)] = user
    return users


def generate(*, people: int, territories: int, seed: int = 20_261_121, today: date | None = None,
             name: str = "Métropole de charge (benchmark)", prefix: str = "charge",
             national_fund: bool = True, log=print) -> Dataset:
    """Generate one programme; returns what the load test needs. Runs in a few minutes at most
    for 61,000 people on PostgreSQL; works on SQLite too (the test's small scale)."""
    from django.db import transaction
    from django.utils import timezone

    from jobfactory.engines.contracts import month_start
    from jobfactory.people.models import EligibilityRuleSet
    from jobfactory.territories.models import Employer, Programme, Territory

    if people < territories or territories < 1:
        raise ValueError("at least one territory and one person per territory")
    started = time.perf_counter()
    today = today or timezone.localdate()
    rng = random.Random(seed)
    history_start = today.replace(year=today.year - YEARS)
    counts: Counter = Counter()
    rule_sets = [(r.to_engine(), r.pk, r.source)
                 for r in EligibilityRuleSet.objects.filter(family="fr-tzcld")]
    if not rule_sets:
        raise RuntimeError("no eligibility rule set for France: run the migrations first")

    with transaction.atomic():
        programme = Programme.objects.create(name=name)
        sizes = _sizes(rng, people, territories)
        rows = []
        for i, size in enumerate(sizes):
            postcode, commune = COMMUNES[i % len(COMMUNES)]
            estimated = max(1, round(size * rng.uniform(0.85, 1.05)))
            rows.append(Territory(
                programme=programme, name=f"{commune} - {DISTRICTS[i % len(DISTRICTS)]} {i + 1:03d}",
                inhabitants=int(round(estimated / rng.uniform(0.04, 0.065), -1)), estimated_ppde=estimated,
                estimated_ppde_source="Estimation synthétique (benchmark de charge)",
                exhaustivity_target_on=date(today.year + 1, 12, 31),
                exhaustivity_target_source="Hypothèse du benchmark",
                authorised_on=history_start + timedelta(days=rng.randint(0, 540) if i else 0)))
        territory_rows = Territory.objects.bulk_create(rows)
        size_of = {t.pk: s for t, s in zip(territory_rows, sizes, strict=True)}
        n_employers = math.ceil(territories / TERRITORIES_PER_EMPLOYER)
        employer_rows, employer_of, created_on = [], {}, {}
        for k in range(n_employers):
            served = territory_rows[k::n_employers]
            created_on[k] = min(t.authorised_on for t in served) + timedelta(days=20)
            employer_rows.append(Employer(programme=programme, name=f"EBE de charge {k + 1:02d}",
                                          created_on=created_on[k]))
        Employer.objects.bulk_create(employer_rows)
        links = []
        for i, territory in enumerate(territory_rows):
            employer = employer_rows[i % n_employers]
            employer_of[territory.pk] = employer.pk
            links.append(Employer.territories.through(employer_id=employer.pk, territory_id=territory.pk))
        Employer.territories.through.objects.bulk_create(links)
        largest = max(territory_rows, key=lambda t: size_of[t.pk])
        users = _users(prefix, programme, largest, employer_of[largest.pk], national_fund)
        team = users["territory_team"]
        log(f"  {territories} territories ({min(sizes)} to {max(sizes)} people each), "
            f"{n_employers} employers, {len(users)} users")

    drawer = PeopleDrawer(rng, today, rule_sets)
    spans, hired_hours = [], defaultdict(Decimal)
    chunk: list[Draft] = []
    done = 0

    def flush():
        nonlocal chunk
        with transaction.atomic():
            spans.extend(insert(chunk, team.pk, counts))
        chunk = []
        log(f"  {done:>7,} people inserted ({time.perf_counter() - started:.0f} s)")

    for i, territory in enumerate(territory_rows):
        postcode, commune = COMMUNES[i % len(COMMUNES)]
        first_day = max(history_start, territory.authorised_on - timedelta(days=60))
        drafts = [drawer.draw(territory, i, first_day, postcode, commune)
                  for i in range(size_of[territory.pk])]
        first_hires_on = month_start(territory.authorised_on + timedelta(days=rng.randint(60, 150)))
        Hiring(rng, today, employer_of[territory.pk], team.pk).run(drafts, first_hires_on)
        for draft in drafts:
            settle(draft, today)
            contract = draft.contract
            if contract is not None and (contract.end_on is None or contract.end_on >= today):
                current = draft.amendments[-1].weekly_hours if draft.amendments else contract.weekly_hours
                hired_hours[territory.pk] += current
        chunk.extend(drafts)
        done += len(drafts)
        if len(chunk) >= CHUNK_PEOPLE:
            flush()
    if chunk:
        flush()

    with transaction.atomic():
        counts["funding_agreements"] = len(funding_agreements(
            {e.pk: created_on[k] for k, e in enumerate(employer_rows)}, spans, today))
        ActivitiesDrawer(rng, today, team.pk).build(territory_rows, employer_of, hired_hours, counts)
    seconds = time.perf_counter() - started
    log(f"  generated in {seconds:.1f} s: " + ", ".join(
        f"{k} {v:,}" for k, v in sorted(counts.items()) if ":" not in k))
    log("  statuses: " + ", ".join(f"{k.split(':')[1]} {v:,}" for k, v in sorted(counts.items())
                                   if k.startswith("status:")))
    log("  activities: " + ", ".join(f"{k.split(':')[1]} {v:,}" for k, v in sorted(counts.items())
                                     if k.startswith("activity:")))
    ordered = sorted(territory_rows, key=lambda t: -size_of[t.pk])
    return Dataset(
        programme_id=programme.pk, territory_ids=[t.pk for t in ordered],
        people_by_territory={t.pk: size_of[t.pk] for t in ordered},
        employer_ids=[e.pk for e in employer_rows], employer_of=employer_of,
        users={role: user.username for role, user in users.items()}, password=PASSWORD,
        counts=counts, seconds=seconds)


def refresh_reporting(log=print) -> bool:
    """Fill the stored monthly indicators when the project has the command (issue 6's reporting)."""
    from django.core.management import call_command, get_commands, load_command_class

    commands = get_commands()
    if "refresh_reporting" not in commands:
        log("  refresh_reporting: no such command yet, stored indicators not filled (skipped)")
        return False
    command = load_command_class(commands["refresh_reporting"], "refresh_reporting")
    options = {action.dest for action in command.create_parser("manage.py", "refresh_reporting")._actions}
    # The project's convention: commands that change data need --apply.
    kwargs = {"apply": True} if "apply" in options else {}
    started = time.perf_counter()
    call_command("refresh_reporting", **kwargs)
    log(f"  refresh_reporting done in {time.perf_counter() - started:.1f} s")
    return True


def existing(name: str, prefix: str) -> Dataset | None:
    """The Dataset of a programme generated earlier in this database (to rerun the load test on a
    kept LOAD_BENCH_DATABASE_URL without generating again), or None."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from jobfactory.activities.models import Activity
    from jobfactory.territories.models import Employer, Programme

    programme = Programme.objects.filter(name=name).first()
    if programme is None:
        return None
    # Activities come last: without them, an earlier run stopped halfway.
    if not Activity.objects.filter(territory__programme=programme).exists():
        raise RuntimeError(f"the database holds «{name}» from an interrupted run: use an empty database")
    sizes = dict(programme.territories.annotate(n=Count("people")).values_list("pk", "n"))
    ordered = sorted(sizes, key=lambda pk: -sizes[pk])
    employer_of = {territory_id: employer_id for employer_id, territory_id in
                   Employer.territories.through.objects.filter(employer__programme=programme)
                   .values_list("employer_id", "territory_id")}
    users = {user.profile.role: user.username for user in get_user_model().objects.filter(
        username__startswith=f"{prefix}-").select_related("profile")}
    return Dataset(programme_id=programme.pk, territory_ids=ordered,
                   people_by_territory={pk: sizes[pk] for pk in ordered},
                   employer_ids=sorted(set(employer_of.values())), employer_of=employer_of,
                   users=users, password=PASSWORD)
