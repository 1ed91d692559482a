"""The demo's needs, activities and committee meetings, written through the same services as the pages."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from jobfactory.activities import services
from jobfactory.activities.enums import ActivityStatus, ObjectionAnswer, Verdict
from jobfactory.activities.models import (
    Activity,
    Attendance,
    CommitteeMeeting,
    LocalNeed,
    Objection,
    SkillNeed,
)
from jobfactory.demo import activities_calibration as cal
from jobfactory.demo.planning import site_of
from jobfactory.establishments.importer import import_sirene
from jobfactory.establishments.synthetic import write_synthetic_file
from jobfactory.reporting.figures import figures_for

HALF = Decimal("0.5")
# Enough rows for realistic counts around the territories, small enough for `make demo` to stay quick.
DEMO_SIRENE_ROWS = 300_000


def _half_hours(value: Decimal) -> Decimal:
    return max(HALF, (value / HALF).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * HALF)


class ActivitiesBuilder:
    def __init__(self, *, employer, today: date, log=print):
        self.employer = employer
        self.today = today
        self.log = log
        self.meetings: dict[tuple[int, date], CommitteeMeeting] = {}

    def build(self, territories, teams) -> None:
        self._establishments(territories[0].programme)
        loos, tourcoing = territories
        for territory, catalogue in ((loos, cal.LOOS), (tourcoing, cal.TOURCOING)):
            self._running_activities(territory, catalogue, teams[territory.pk])
        self._journey(loos, teams[loos.pk])

    def _establishments(self, programme) -> None:
        """A synthetic file in SIRENE's real format, imported through the same path as INSEE's."""
        path = settings.VAR_DIR / "demo" / "StockEtablissement_utf8_demo.zip"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_synthetic_file(path, DEMO_SIRENE_ROWS, communes=sorted(programme.commune_codes()), seed=2017,
                             ensure_codes=cal.ENSURED_ESTABLISHMENTS)
        done = import_sirene(path, programme)
        self.log(f"Établissements (SIRENE synthétique) : {done.rows_kept} retenus sur {done.rows_read} lus.")

    def _meeting(self, territory, held_on: date, user) -> CommitteeMeeting:
        key = (territory.pk, held_on)
        if key not in self.meetings:
            meeting = CommitteeMeeting.objects.create(
                territory=territory, held_on=held_on, created_by=user,
                place=f"Mairie de {territory.name.split(' - ')[0]}")
            Attendance.objects.bulk_create([
                Attendance(meeting=meeting, member_type=kind, organisation=organisation, present=count)
                for kind, organisation, count in cal.ATTENDANCE])
            self.meetings[key] = meeting
        return self.meetings[key]

    def _need(self, territory, spec: dict, recorded_on: date, user) -> LocalNeed:
        return LocalNeed.objects.create(territory=territory, recorded_on=recorded_on, recorded_by=user,
                                        **spec)

    def _activity(self, territory, need, *, title, naf_codes, customers, hours, revenue, costs, user,
                  on: date, site="", schedule="") -> Activity:
        activity = Activity(territory=territory, employer=self.employer, need=need, title=title,
                            description=need.description, naf_codes=naf_codes, customers=customers,
                            expected_revenue=Decimal(revenue), expected_costs=Decimal(costs),
                            site=site or need.location, schedule=schedule, **site_of(territory.name, title))
        skill_needs = [SkillNeed(rome_code=code, hours_per_week=h) for code, h in hours.items()]
        return services.create_activity(activity, user=user, skill_needs=skill_needs, on=on)

    def _running_activities(self, territory, catalogue, user) -> None:
        hired = figures_for([territory], self.today)[territory.pk].weekly_hours
        target = hired * Decimal(str(cal.OFFERED_SHARE))
        per_weight = target / sum(sum(spec[3].values()) for spec in catalogue)
        for title, naf_codes, customers, weights, revenue, costs, proposer, approved_on in catalogue:
            need = self._need(territory, {
                "title": title, "proposed_by": proposer, "description": f"Besoin exprimé : {title.lower()}.",
                "location": territory.name, "beneficiaries": "Habitants du quartier"},
                approved_on - timedelta(days=150), user)
            hours = {code: _half_hours(per_weight * weight) for code, weight in weights.items()}
            activity = self._activity(territory, need, title=title, naf_codes=naf_codes, customers=customers,
                                      hours=hours, revenue=revenue, costs=costs, user=user,
                                      on=approved_on - timedelta(days=120))
            services.change_status(activity, ActivityStatus.UNDER_STUDY, user=user,
                                   on=approved_on - timedelta(days=90))
            item = services.add_to_agenda(self._meeting(territory, approved_on, user), activity, user=user)
            services.record_decision(
                item, verdict=Verdict.APPROVED, user=user,
                reasons="Besoin local avéré, pas d'offre équivalente sur le territoire ; "
                        "le comité a examiné la liste des établissements du même domaine.",
                opinions={"chamber_of_trades_opinion": "favourable",
                          "chamber_of_commerce_opinion": "favourable"})
            if title == "Garage solidaire":
                objection = Objection.objects.create(
                    activity=activity, meeting=item.meeting, raised_on=approved_on, recorded_by=user,
                    business="Garage du Centre (Tourcoing)",
                    grounds="Crainte de perdre des clients pour l'entretien courant.")
                services.answer_objection(
                    objection, answer=ObjectionAnswer.ADAPTED, user=user, on=approved_on + timedelta(days=20),
                    reasons="Le garage solidaire est réservé aux personnes aux minima sociaux, "
                            "sur orientation d'un travailleur social.")
            services.change_status(activity, ActivityStatus.RUNNING, user=user,
                                   on=approved_on + timedelta(days=30), note="Démarrage de l'activité.")

    def _journey(self, territory, user) -> None:
        """Today's state of the journey: a residents' need, studied, on today's meeting agenda."""
        need = self._need(territory, cal.BIKE_NEED, self.today - timedelta(days=60), user)
        spec = cal.BIKE_ACTIVITY
        activity = self._activity(
            territory, need, title=spec["title"], naf_codes=spec["naf_codes"], customers=spec["customers"],
            hours={code: Decimal(h) for code, h in spec["skills"].items()}, revenue=spec["revenue"],
            costs=spec["costs"], user=user, on=self.today - timedelta(days=45), site=spec["site"],
            schedule=spec["schedule"])
        services.change_status(activity, ActivityStatus.UNDER_STUDY, user=user,
                               on=self.today - timedelta(days=40), note="Étude de marché et visite du local.")
        services.add_to_agenda(self._meeting(territory, self.today, user), activity, user=user)
        for offset, spec in enumerate(cal.OTHER_NEEDS):
            self._need(territory, spec, self.today - timedelta(days=20 + 10 * offset), user)
