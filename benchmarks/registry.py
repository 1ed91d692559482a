"""Registry benchmark: a metropole-sized programme, then the figures of all its territories.

Run by `make bench` (`.venv/bin/python benchmarks/registry.py [--people N] [--territories N]`).
Uses a throwaway SQLite file, or the empty database given as BENCH_DATABASE_URL; writes
var/bench/registry.json with people, load_s, figures_s and peak_mb.
"""

import argparse
import json
import math
import random
import shutil
import statistics
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from _django import ROOT, redacted, setup_django  # siblings: benchmarks run as scripts
from _results import peak_mb

BENCH_DIR = ROOT / "var" / "bench"
TERRITORIES_PER_EMPLOYER = 15
YEARS = 5
BATCH = 5_000
PARIS = ZoneInfo("Europe/Paris")

FIRST_NAMES = ["Camille", "Dominique", "Claude", "Sandrine", "Karim", "Nadia", "Patrick",
               "Sylvie", "Mohamed", "Fatima", "Jean", "Marie", "Kevin", "Aurélie", "Mamadou",
               "Isabelle", "Thierry", "Samira", "Ludovic", "Christelle"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
              "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David",
              "Bertrand", "Roux", "Vincent", "Fournier", "Benali", "Diallo", "Nguyen", "Lambert"]
COMMUNES = [("59120", "Loos"), ("59200", "Tourcoing"), ("59100", "Roubaix"),
            ("59000", "Lille"), ("59260", "Hellemmes"), ("59370", "Mons-en-Barœul"),
            ("59650", "Villeneuve-d'Ascq"), ("59150", "Wattrelos")]
STREETS = ["rue de la Paix", "rue Jean Jaurès", "avenue de la République", "rue Victor Hugo",
           "place du Marché", "rue des Écoles"]
SKILLS = ["", "", "maraîchage", "couture", "mécanique vélo", "cuisine", "menuiserie",
          "accueil", "informatique"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=61_000)
    parser.add_argument("--territories", type=int, default=150)
    parser.add_argument("--seed", type=int, default=20_261_121)
    args = parser.parse_args()
    if args.people < 1 or args.territories < 1:
        parser.error("--people and --territories must be positive")
    return args






def aware(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59),
                    tzinfo=PARIS)


def weighted(rng: random.Random, table):
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


def build_programme(n_territories: int, today: date, rng: random.Random):
    from jobfactory.territories.models import Employer, FundingAgreement, Programme, Territory

    programme = Programme.objects.create(name="Métropole de référence (benchmark)")
    start = today - timedelta(days=365 * YEARS)
    territories = Territory.objects.bulk_create(
        Territory(programme=programme, name=f"Territoire {i + 1:03d}",
                  inhabitants=rng.randint(8_000, 40_000), estimated_ppde=rng.randint(320, 480),
                  estimated_ppde_source="benchmark",
                  authorised_on=start + timedelta(days=rng.randint(0, 365)))
        for i in range(n_territories))
    n_employers = math.ceil(n_territories / TERRITORIES_PER_EMPLOYER)
    employers = Employer.objects.bulk_create(
        Employer(programme=programme, name=f"EBE {i + 1:02d}",
                 created_on=start + timedelta(days=rng.randint(0, 200)))
        for i in range(n_employers))
    employer_of = {}
    links = []
    for i, territory in enumerate(territories):
        employer = employers[i // TERRITORIES_PER_EMPLOYER]
        employer_of[territory.pk] = employer
        links.append(Employer.territories.through(employer_id=employer.pk,
                                                  territory_id=territory.pk))
    Employer.territories.through.objects.bulk_create(links)
    agreements = []
    for employer in employers:
        served = [t for t in territories if employer_of[t.pk] is employer]
        ceiling = sum(t.estimated_ppde for t in served) * Decimal("0.45")
        for k, year in enumerate(range(start.year, today.year + 1)):
            share = Decimal(k + 1) / Decimal(today.year - start.year + 1)
            agreements.append(FundingAgreement(
                employer=employer, year=year, funded_fte=(ceiling * share).quantize(Decimal("1")),
                reference=f"CONV-{year}-{employer.pk}"))
    FundingAgreement.objects.bulk_create(agreements)
    return territories, employer_of


class Generator:
    """One person at a time, with their decisions, contract and amendments, all consistent."""

    def __init__(self, rng: random.Random, today: date):
        from jobfactory.people.enums import DeprivationKind, QualificationLevel
        from jobfactory.staffing.enums import ExitReason

        self.rng = rng
        self.today = today
        self.deprivation = [(DeprivationKind.TOTAL, 70), (DeprivationKind.PARTIAL, 18),
                            (DeprivationKind.RECURRENT, 12)]
        self.levels = [level for level, _ in QualificationLevel.choices]
        self.exit_reasons = [
            (ExitReason.ORDINARY_JOB, 35), (ExitReason.TRAINING, 8), (ExitReason.RETIREMENT, 14),
            (ExitReason.RESIGNATION, 12), (ExitReason.MUTUAL_TERMINATION, 8),
            (ExitReason.DISMISSAL, 5), (ExitReason.MEDICAL_UNFITNESS, 5),
            (ExitReason.TRIAL_PERIOD, 6), (ExitReason.TRANSFER, 3), (ExitReason.DECEASED, 1),
            (ExitReason.OTHER, 3)]

    def day_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def person(self, territory):
        from jobfactory.people.enums import PersonStatus
        from jobfactory.people.models import Person

        rng, today = self.rng, self.today
        registered_on = self.day_between(territory.authorised_on, today)
        postcode, commune = rng.choice(COMMUNES)
        first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        unemployed_since = registered_on - timedelta(days=rng.randint(365, 365 * 8))
        person = Person(
            territory=territory, first_name=first_name, last_name=last_name,
            sex=rng.choice("FM"), birth_date=date(rng.randint(1960, 2004), rng.randint(1, 12),
                                                  rng.randint(1, 28)),
            email=(f"{first_name}.{last_name}{rng.randint(1, 999)}@example.org".lower()
                   if rng.random() < 0.6 else ""),
            phone=f"06{rng.randint(0, 99_999_999):08d}" if rng.random() < 0.8 else "",
            address=f"{rng.randint(1, 180)} {rng.choice(STREETS)}", postcode=postcode,
            commune=commune, in_qpv=rng.random() < 0.35,
            arrived_in_territory_on=registered_on - timedelta(days=rng.randint(200, 365 * 30)),
            without_employment_since=unemployed_since,
            deprivation_kind=weighted(rng, self.deprivation),
            registered_unemployed_since=unemployed_since if rng.random() < 0.7 else None,
            qualification_level=rng.choice(self.levels[:5]) if rng.random() < 0.9 else None,
            rqth=rng.random() < 0.15, skills=rng.choice(SKILLS),
            chosen_hours=Decimal(35 if rng.random() < 0.75 else rng.choice([24, 26, 28, 30])),
            information_notice_on=registered_on, registered_at=aware(registered_on, rng),
            status=PersonStatus.REGISTERED)
        return person, registered_on

    def decisions(self, registered_on: date):
        """[(decided_on, outcome)]: None for the ~15% still without a committee decision."""
        rng, today = self.rng, self.today
        if rng.random() >= 0.885:
            return []
        decided_on = registered_on + timedelta(days=rng.randint(21, 90))
        if decided_on > today:
            return []
        if rng.random() < 0.92:
            return [(decided_on, "eligible")]
        history = [(decided_on, "not_eligible")]
        # A few refusals are reconsidered once the situation has changed.
        again = decided_on + timedelta(days=rng.randint(60, 240))
        if rng.random() < 0.2 and again <= today:
            history.append((again, "eligible"))
        return history

    def contract_terms(self, eligible_since: date):
        """(start, hours, written request, end, exit reason) or None when still waiting."""
        rng, today = self.rng, self.today
        if rng.random() >= 0.52:
            return None
        start = eligible_since + timedelta(days=rng.randint(7, 365))
        if start > today:
            return None
        draw = rng.random()
        if draw < 0.72:
            hours, request = Decimal(35), None
        elif draw < 0.95:
            hours, request = Decimal(rng.choice([24, 26, 28, 30])), None
        else:
            hours = Decimal(rng.choice([12, 15, 18, 20]))
            request = start - timedelta(days=rng.randint(3, 20))
        end = reason = None
        yesterday = today - timedelta(days=1)
        if rng.random() < 0.11 and start <= yesterday:
            end = self.day_between(start + timedelta(days=min(30, (yesterday - start).days)),
                                   yesterday)
            reason = weighted(rng, self.exit_reasons)
        return start, hours, request, end, reason

    def amendment(self, contract):
        """An hours change for ~8% of contracts, within the contract's life."""
        from jobfactory.staffing.models import Amendment

        rng = self.rng
        last = contract.end_on or self.today
        if rng.random() >= 0.08 or (last - contract.start_on).days < 60:
            return None
        effective_on = self.day_between(contract.start_on + timedelta(days=30), last)
        if contract.weekly_hours < 35:
            hours = Decimal(35) if rng.random() < 0.6 else contract.weekly_hours + 4
        else:
            hours = Decimal(rng.choice([28, 30]))
        hours = min(hours, Decimal(35))
        request = effective_on - timedelta(days=10) if hours < 24 else None
        return Amendment(contract_id=contract.pk, effective_on=effective_on, weekly_hours=hours,
                         written_request_on=request, reason="Demande du salarié")


def load(n_people: int, territories, employer_of, today: date, rng: random.Random) -> Counter:
    from jobfactory.engines.figures import Decision, eligible_since
    from jobfactory.people.enums import PersonStatus
    from jobfactory.people.models import CommitteeDecision, Person
    from jobfactory.staffing.models import Amendment, Contract

    gen = Generator(rng, today)
    weights = [t.estimated_ppde for t in territories]
    counts: Counter = Counter()
    done = 0
    while done < n_people:
        size = min(BATCH, n_people - done)
        people, plans = [], []
        for territory in rng.choices(territories, weights, k=size):
            person, registered_on = gen.person(territory)
            history = gen.decisions(registered_on)
            since = eligible_since([Decision(*decision) for decision in history], today)
            terms = gen.contract_terms(since) if since else None
            if not history:
                person.status = weighted(rng, [(PersonStatus.REGISTERED, 1),
                                               (PersonStatus.AWAITING_DECISION, 1)])
            elif since is None:
                person.status = PersonStatus.NOT_ELIGIBLE
            elif terms is not None:
                person.status = PersonStatus.LEFT if terms[3] else PersonStatus.EMPLOYED
            elif rng.random() < 0.04 and since < today:
                person.status = PersonStatus.WITHDRAWN
                person.withdrawn_on = gen.day_between(since + timedelta(days=1), today)
                person.withdrawal_reason = "A déménagé hors du territoire"
            else:
                person.status = PersonStatus.WAITING
            person.eligible_since = since
            counts[person.status] += 1
            people.append(person)
            plans.append((history, terms))
        # Returned primary keys (PostgreSQL, SQLite >= 3.35) let the children point at them.
        Person.objects.bulk_create(people, batch_size=1_000)

        decisions, contracts = [], []
        for person, (history, terms) in zip(people, plans, strict=True):
            decisions.extend(
                CommitteeDecision(person_id=person.pk, decided_on=decided_on, outcome=outcome,
                                  reason="" if outcome == "eligible" else "Critères non remplis",
                                  recorded_at=aware(decided_on, rng))
                for decided_on, outcome in history)
            if terms:
                start, hours, request, end, reason = terms
                contracts.append(Contract(
                    person_id=person.pk, employer=employer_of[person.territory_id],
                    start_on=start, weekly_hours=hours, written_request_on=request, end_on=end,
                    exit_reason=reason or "", created_at=aware(start, rng)))
        CommitteeDecision.objects.bulk_create(decisions, batch_size=2_000)
        Contract.objects.bulk_create(contracts, batch_size=1_000)
        amendments = [a for a in map(gen.amendment, contracts) if a is not None]
        Amendment.objects.bulk_create(amendments, batch_size=2_000)

        counts["decisions"] += len(decisions)
        counts["contracts"] += len(contracts)
        counts["contracts_ended"] += sum(1 for c in contracts if c.end_on)
        counts["amendments"] += len(amendments)
        done += size
        print(f"  {done:>7,} people inserted", flush=True)
    return counts


def pct(part, whole) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "-"


def report(figures: dict, territories) -> int:
    rows = list(figures.values())
    total = Counter()
    exits = Counter()
    for f in rows:
        for key in ("registered", "eligible", "waiting", "under_contract", "exits_total",
                    "exits_last_12_months", "hires_last_12_months"):
            total[key] += getattr(f, key)
        exits.update(f.exits_by_reason)
    fte = sum(f.fte for f in rows)
    month_fte = sum(f.month_fte for f in rows)
    ppde = sum(t.estimated_ppde or 0 for t in territories)
    exhaustivity = [f.exhaustivity for f in rows if f.exhaustivity is not None]
    waits = [f.median_days_waiting for f in rows if f.median_days_waiting is not None]
    print(f"  territories                  {len(rows):>10,}")
    print(f"  registered                   {total['registered']:>10,}")
    print(f"  eligible                     {total['eligible']:>10,}")
    print(f"  waiting                      {total['waiting']:>10,}")
    print(f"  under contract               {total['under_contract']:>10,}")
    print(f"  FTE today                    {fte:>10,.2f}")
    print(f"  FTE this month               {month_fte:>10,.2f}")
    print(f"  hires, last 12 months        {total['hires_last_12_months']:>10,}")
    print(f"  exits, total                 {total['exits_total']:>10,}")
    print(f"  exits, last 12 months        {total['exits_last_12_months']:>10,}")
    print("  exits by reason              "
          + ", ".join(f"{k} {v}" for k, v in exits.most_common()))
    under, waiting = total["under_contract"], total["waiting"]
    print(f"  exhaustivity (programme)     {pct(under, under + waiting):>10}")
    if exhaustivity:
        print(f"  exhaustivity by territory    {pct(min(exhaustivity), 1)} to "
              f"{pct(max(exhaustivity), 1)}")
    print(f"  coverage (registered / PPDE) {pct(total['registered'], ppde):>10}")
    if waits:
        print(f"  median days waiting          {statistics.median(waits):>10.0f}"
              " (median of the territories' medians)")
    return total["registered"]


def main() -> int:
    args = parse_args()
    url, tmp_dir = setup_django("registry")
    try:
        return run(args, url)
    finally:
        if tmp_dir:
            shutil.rmtree(tmp_dir, ignore_errors=True)


def run(args, url: str) -> int:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from jobfactory.people.models import Person
    from jobfactory.reporting.figures import figures_for
    from jobfactory.territories.models import Territory

    print(f"Database: {connection.vendor} ({redacted(url)})")
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"Migrated in {time.perf_counter() - started:.1f} s")
    if Person.objects.exists() or Territory.objects.exists():
        print("The benchmark needs an empty database: BENCH_DATABASE_URL already holds data.",
              file=sys.stderr)
        return 2

    today = timezone.localdate()
    rng = random.Random(args.seed)
    print(f"Generating {args.people:,} people over {args.territories} territories...")
    started = time.perf_counter()
    with transaction.atomic():
        territories, employer_of = build_programme(args.territories, today, rng)
        counts = load(args.people, territories, employer_of, today, rng)
    load_s = time.perf_counter() - started
    decided = args.people - counts["registered"] - counts["awaiting_decision"]
    eligible_ever = sum(counts[s] for s in ("waiting", "employed", "left", "withdrawn"))
    print(f"Loaded in {load_s:.1f} s: {counts['decisions']:,} decisions "
          f"({pct(decided, args.people)} of people decided), {counts['contracts']:,} contracts "
          f"({pct(counts['contracts'], eligible_ever)} of the eligible), "
          f"{counts['contracts_ended']:,} ended "
          f"({pct(counts['contracts_ended'], counts['contracts'])}), "
          f"{counts['amendments']:,} amendments")
    print("  statuses: " + ", ".join(
        f"{s} {counts[s]:,}" for s in ("registered", "awaiting_decision", "not_eligible",
                                       "waiting", "employed", "left", "withdrawn")))

    started = time.perf_counter()
    territories = list(Territory.objects.all())
    figures = figures_for(territories, today)
    figures_s = time.perf_counter() - started
    print(f"Figures of {len(figures)} territories on {today:%d/%m/%Y} in {figures_s:.2f} s:")
    registered = report(figures, territories)

    peak = peak_mb()
    result = {"people": args.people, "load_s": round(load_s, 2), "figures_s": round(figures_s, 3),
              "peak_mb": round(peak, 1)}
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    out = BENCH_DIR / "registry.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"Peak RSS {peak:.0f} MB. Wrote {out.relative_to(ROOT)}: {json.dumps(result)}")

    if registered != args.people:
        print(f"FAILED sanity check: {registered:,} registered in the figures, "
              f"{args.people:,} people inserted", file=sys.stderr)
        return 1
    print(f"Sanity check: the territories' registered add up to {args.people:,}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
