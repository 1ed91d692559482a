"""The demo programme: Lille Metropole, its two real territories, La Fabrique de l'emploi, and
synthetic volunteers generated from a seed.

History is replayed through the real services in date order (interview, committee decision,
hiring from the waiting list, skips, amendments, exits), so the demo obeys the same rules as
the product: the waiting-list order, the written reasons, the rule set in force at each date.
"""

import heapq
import itertools
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from faker import Faker

from jobfactory.demo import calibration as cal
from jobfactory.demo.activities import ActivitiesBuilder
from jobfactory.demo.budget import DemoBudget
from jobfactory.demo.households import DemoHouseholds
from jobfactory.demo.legal_frame import cover_until
from jobfactory.demo.planning import DemoPlans, PlannerInputs
from jobfactory.engines.contracts import MINIMUM_PART_TIME_HOURS, month_start, next_month
from jobfactory.engines.eligibility import add_months
from jobfactory.people import services as people_services
from jobfactory.people.enums import PersonStatus
from jobfactory.people.models import Person
from jobfactory.security.policy import enrol, must_use_second_factor
from jobfactory.staffing import services as staffing_services
from jobfactory.territories.enums import Role
from jobfactory.territories.models import Employer, FundingAgreement, Profile, Programme, Territory

PROGRAMME_NAME = "Métropole Européenne de Lille"
DEMO_PASSWORD = "demo-fabrique-2026"  # noqa: S105 - demo accounts on a laptop, printed on purpose


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _aware(day: date, seconds: int = 0) -> datetime:
    moment = datetime.combine(day, time(9, 0)) + timedelta(seconds=seconds)
    return timezone.make_aware(moment)


def _committee_date(after: date) -> date:
    """The committee meets on the 15th of each month."""
    candidate = after.replace(day=15)
    return candidate if candidate >= after else next_month(after).replace(day=15)


class DemoBuilder:
    def __init__(self, seed: int, today: date, log=print):
        self.seed = seed
        self.rng = random.Random(seed)
        self.fake = Faker("fr_FR")
        self.fake.seed_instance(seed)
        self.today = today
        self.log = log
        self.events: list = []
        self.counter = itertools.count()

    # --- structure -----------------------------------------------------------------------
    def build(self) -> dict:
        programme = Programme.objects.create(name=PROGRAMME_NAME)
        territories = []
        for spec in cal.TERRITORIES:
            territory = Territory.objects.create(
                programme=programme, name=spec["name"],
                inhabitants=spec["inhabitants"], estimated_ppde=spec["estimated_ppde"],
                estimated_ppde_source=cal.PPDE_SOURCE,
                exhaustivity_target_on=date(self.today.year + 1, 12, 31),
                exhaustivity_target_source=cal.TARGET_SOURCE, authorised_on=date(2016, 11, 1))
            territory.communes.set(spec["communes"])
            territory.surrounding_communes.set(spec["surrounding_communes"])
            territories.append(territory)
        for family in {territory.eligibility_family for territory in territories}:
            if assumed := cover_until(family, self.today):
                self.log(f"Règles d'éligibilité après le {assumed.valid_from:%d/%m/%Y} : "
                         f"« {assumed.name} » (hypothèse, à remplacer par le texte publié).")
        employer = Employer.objects.create(programme=programme, name=cal.EMPLOYER_NAME,
                                           created_on=cal.EMPLOYER_CREATED_ON)
        employer.territories.set(territories)
        FundingAgreement.objects.bulk_create([
            FundingAgreement(employer=employer, year=year, funded_fte=Decimal(fte),
                             reference=f"Convention {year} avec le fonds ETCLD (démonstration)")
            for year, fte in cal.FUNDED_FTE_BY_YEAR.items()])
        users = self._users(programme, territories, employer)
        self.actor = users["equipe-loos"]
        for territory, spec in zip(territories, cal.TERRITORIES, strict=True):
            self._volunteers(territory, spec)
            self._hiring_months(territory, employer, spec)
        self._replay()
        PlannerInputs(self.seed).give(territories)
        DemoHouseholds(self.seed, self.today).give(territories)
        teams = {territories[0].pk: users["equipe-loos"], territories[1].pk: users["equipe-tourcoing"]}
        ActivitiesBuilder(employer=employer, today=self.today, log=self.log).build(territories, teams)
        DemoPlans(employer=employer, manager=users["direction-ebe"], today=self.today, log=self.log).build()
        DemoBudget(employer=employer, manager=users["direction-ebe"], today=self.today, log=self.log).build()
        return users

    def _users(self, programme, territories, employer) -> dict:
        User = get_user_model()
        loos, tourcoing = territories
        specs = [
            ("admin", Role.ADMINISTRATOR, {}, True),
            ("metropole", Role.PROGRAMME_OFFICER, {"programme": programme}, False),
            ("equipe-loos", Role.TERRITORY_TEAM, {"territories": [loos]}, False),
            ("equipe-tourcoing", Role.TERRITORY_TEAM, {"territories": [tourcoing]}, False),
            ("direction-ebe", Role.EMPLOYER_MANAGER, {"employer": employer}, False),
            ("cle-loos", Role.COMMITTEE_MEMBER, {"territories": [loos]}, False),
            ("fonds-national", Role.NATIONAL_FUND, {}, False),
        ]
        users = {}
        for username, role, scope, is_admin in specs:
            user = User.objects.create_user(username=username, password=DEMO_PASSWORD,
                                            is_staff=is_admin, is_superuser=is_admin)
            profile = Profile.objects.create(user=user, role=role,
                                             programme=scope.get("programme"),
                                             employer=scope.get("employer"))
            profile.territories.set(scope.get("territories", []))
            if must_use_second_factor(user):
                # Demo only: load_demo prints the key, so that one can log in with a TOTP app.
                enrol(user)
            users[username] = user
        return users

    # --- people --------------------------------------------------------------------------
    def _schedule(self, day: date, priority: int, action, *args):
        if day <= self.today:
            heapq.heappush(self.events, (day, priority, next(self.counter), action, args))

    def _volunteers(self, territory, spec):
        rng = self.rng
        mobilisation_end = date(2017, 6, 30)
        span = (self.today - timedelta(days=20) - mobilisation_end).days
        for index in range(spec["volunteers"]):
            if rng.random() < cal.SHARE_FIRST_MOBILISATION:
                registered = date(2016, 10, 1) + timedelta(days=rng.randrange(270))
            else:
                registered = mobilisation_end + timedelta(days=int(span * rng.random() ** 0.5))
            self._schedule(registered, 0, self._register, territory, spec, registered, index)

    def _register(self, territory, spec, registered: date, index: int):
        rng, fake = self.rng, self.fake
        female = rng.random() < cal.SHARE_WOMEN
        (low, high), = rng.choices([b for b, _ in cal.AGE_BANDS],
                                   weights=[w for _, w in cal.AGE_BANDS])
        # The age bands describe people when they are hired, close to their registration.
        birth = registered - timedelta(days=365 * rng.randint(low, high) + rng.randrange(365))
        interview_on = registered + timedelta(days=rng.randint(7, 40))
        recent = rng.random() < cal.SHARE_TOO_RECENT_RESIDENTS
        arrived = (interview_on - timedelta(days=rng.randint(30, 150)) if recent
                   else registered - timedelta(days=rng.randint(400, 9000)))
        months = 12 + int(rng.expovariate(1 / max(spec["mean_deprivation_months"] - 12, 1)))
        kind = "total"
        if rng.random() < cal.SHARE_PARTIAL_OR_RECURRENT:
            kind = rng.choice(["partial", "recurrent"])
        person = Person.objects.create(
            territory=territory,
            first_name=fake.first_name_female() if female else fake.first_name_male(),
            last_name=fake.last_name(), sex="F" if female else "M", birth_date=birth,
            email=fake.free_email() if rng.random() < 0.7 else "",
            phone=fake.phone_number() if rng.random() < 0.9 else "",
            address=fake.street_address(), postcode=spec["postcode"], commune=spec["commune"],
            in_qpv=rng.random() < cal.SHARE_IN_QPV, arrived_in_territory_on=arrived,
            without_employment_since=add_months(interview_on, -months), deprivation_kind=kind,
            qualification_level=_weighted(rng, cal.QUALIFICATION_WEIGHTS),
            rqth=rng.random() < 0.12, skills=", ".join(rng.sample(cal.SKILLS, 2)),
            wishes=", ".join(rng.sample(cal.WISHES, 2)),
            chosen_hours=_weighted(rng, cal.CHOSEN_HOURS_WEIGHTS),
            mobility_constraints=rng.choice(["", "", "pas de permis", "transports en commun"]),
            childcare_constraints=rng.choice(["", "", "", "enfants à l'école jusqu'à 16 h 30"]),
            information_notice_on=registered,
            registered_at=_aware(registered, index))
        self._schedule(interview_on, 1, self._interview, person, interview_on)

    def _interview(self, person, on: date):
        review = people_services.record_interview(
            person, interviewed_on=on, is_volunteer=True, job_search_steps=True, notes="",
            user=self.actor)
        self._schedule(_committee_date(on + timedelta(days=3)), 2, self._decide, person, review)

    def _decide(self, person, review):
        on = _committee_date(review.interviewed_on + timedelta(days=3))
        if review.outcome == "not_eligible":
            outcome, reason = "not_eligible", "Résidence sur le territoire de moins de six mois."
        elif review.outcome == "for_committee" and self.rng.random() < 0.1:
            outcome, reason = "not_eligible", "Activité réduite choisie, non subie."
        else:
            outcome, reason = "eligible", ""
            if self.rng.random() < 0.03:
                self._schedule(on + timedelta(days=self.rng.randint(60, 700)), 3, self._withdraw,
                               person)
            elif self.rng.random() < 0.02:
                self._schedule(on + timedelta(days=self.rng.randint(60, 500)), 3,
                               self._moved_away, person)
        people_services.record_decision(person, decided_on=on, outcome=outcome, reason=reason,
                                        user=self.actor)

    def _withdraw(self, person):
        person.refresh_from_db()
        if person.status == PersonStatus.WAITING:
            day = self.events_day
            people_services.withdraw(person, on=day, reason="A trouvé un emploi par ailleurs.",
                                     user=self.actor)

    def _moved_away(self, person):
        person.refresh_from_db()
        if person.status == PersonStatus.WAITING:
            person.lives_in_territory = False
            person.save(update_fields=["lives_in_territory"])
            people_services.record_decision(
                person, decided_on=self.events_day, outcome="not_eligible",
                reason="A déménagé hors du territoire avant son embauche.", user=self.actor)

    # --- hiring --------------------------------------------------------------------------
    def _hiring_months(self, territory, employer, spec):
        total = (self.today - cal.FIRST_HIRES_ON).days
        month = cal.FIRST_HIRES_ON
        while month <= self.today:
            elapsed = (month - cal.FIRST_HIRES_ON).days + 30
            target = round(spec["employees_target"] * min(1.0, elapsed / total) ** 0.5)
            self._schedule(month, 4, self._hire_month, territory, employer, target)
            month = next_month(month)

    def _hire_month(self, territory, employer, target):
        start = self.events_day
        active = Person.objects.filter(territory=territory, status=PersonStatus.EMPLOYED).count()
        for _ in range(max(0, target - active)):
            queue = list(Person.objects.waiting_list(territory).filter(
                eligible_since__lte=start)[:2])
            if not queue:
                return
            head = queue[0]
            if len(queue) > 1 and not staffing_services.pending_skip(head) \
                    and self.rng.random() < 0.04:
                staffing_services.skip(head, on=start, reason=self.rng.choice(
                    ["refused", "unreachable", "not_available_yet"]),
                    note="Contacté·e pour l'embauche du mois ; reste sur la liste.",
                    user=self.actor)
                head = queue[1]
            self._hire(head, employer, start)

    def _hire(self, person, employer, start):
        hours = person.chosen_hours
        agreement, fte_after = staffing_services.agreement_check(employer, start, hours)
        over = agreement is None or fte_after > agreement.funded_fte
        contract = staffing_services.hire(
            person, employer=employer, start_on=start, weekly_hours=hours,
            written_request_on=start - timedelta(days=7) if hours < MINIMUM_PART_TIME_HOURS
            else None,
            over_agreement_reason="Montée en charge validée par le comité." if over else "",
            user=self.actor)
        rng = self.rng
        end = None
        if rng.random() < cal.EXIT_SHARE * 2:
            end = add_months(start, rng.randint(2, 100)) - timedelta(days=1)
            self._schedule(end, 5, self._end, contract, end)
        if rng.random() < 0.06:
            change_on = month_start(add_months(start, rng.randint(4, 40)))
            if end is None or change_on < end:
                self._schedule(change_on, 3, self._amend, contract, change_on)

    def _amend(self, contract, on):
        contract.refresh_from_db()
        if contract.end_on is None:
            hours = _weighted(self.rng, cal.CHOSEN_HOURS_WEIGHTS)
            staffing_services.amend(
                contract, effective_on=on, weekly_hours=hours,
                written_request_on=on - timedelta(days=14) if hours < MINIMUM_PART_TIME_HOURS
                else None, reason="Changement du temps choisi à la demande du salarié.",
                user=self.actor)

    def _end(self, contract, end):
        contract.refresh_from_db()
        if contract.amendments.filter(effective_on__gt=end).exists():
            return
        reason = _weighted(self.rng, cal.EXIT_REASON_WEIGHTS)
        age = (end - contract.person.birth_date).days // 365
        while reason == "retirement" and age < cal.EARLIEST_RETIREMENT_AGE:
            reason = _weighted(self.rng, cal.EXIT_REASON_WEIGHTS)
        staffing_services.end_contract(
            contract, end_on=end, reason=reason,
            note="Déménagement à l'étranger." if reason == "other" else "", user=self.actor)

    def _replay(self):
        processed = 0
        while self.events:
            day, _priority, _n, action, args = heapq.heappop(self.events)
            self.events_day = day
            action(*args)
            processed += 1
            if processed % 200 == 0:
                self.log(f"  … {processed} événements rejoués (jusqu'au {day:%d/%m/%Y})")


def demo_exists() -> bool:
    return Programme.objects.filter(name=PROGRAMME_NAME).exists()
