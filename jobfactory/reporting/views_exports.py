"""Downloads of lists, as CSV (French Excel) or XLSX.

Who gets what (a page outside one's role answers 404, like a missing page):

| URL (under /exports/)                              | who                                        |
|----------------------------------------------------|--------------------------------------------|
| territoires/<id>/volontaires.<csv or xlsx>         | territory team, employer manager (their    |
| territoires/<id>/liste-attente.<csv or xlsx>       | territories): identities, or with          |
|                                                    | ?pseudonymise=1 the pseudonymised variant  |
| programme/volontaires.<csv or xlsx>[?territoire=N] | programme officer, national fund: the      |
|                                                    | pseudonymised evaluation file of the       |
|                                                    | territories they see; never identities     |
| territoires/<id>/activites.<csv or xlsx>           | whoever reads the territory's activities   |
| plans/<uuid>/affectations.<csv or xlsx>            | the employer's managers (the plan's page), |
|                                                    | identities or ?pseudonymise=1              |

Committee members, administrators and anybody else get 404 on the files about people.

A pseudonymised file holds no name, birth date, address, phone, email, free-text note or health
information: the queries do not even load them (``only()``), and the columns are:
- the pseudonym (reporting.pseudonyms): the same person has the same code in every file;
- the territory, the sex, the qualification level (1 to 8, the 2019 national scale);
- the age band at registration: under 25, 25 to 49, 50 and over, the bands of the national figures
  (DOMAIN.md). Coarse on purpose, and taken at registration rather than on the day of the download,
  so that two downloads a few days apart never reveal a birthday by a band that changed;
- months (YYYY-MM, never the day) of registration, recognised eligibility, first hire and exit;
- the status, the chosen weekly hours, the exit reason;
- the months of job deprivation before the first hire, as a band (under 12, 12-23, 24-35, 36-59,
  60 and more: the national average is 56 months, Tourcoing's 37).
Rows are sorted by territory then pseudonym, so that their order tells nothing either.

Every download of a list of people writes one line per person to the access log (Action.EXPORT),
with the list, the format and whether it was pseudonymised: never a name.

Each download runs a fixed number of queries, whatever the number of rows.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from jobfactory.activities import lookups as activity_lookups
from jobfactory.activities.enums import ActivityStatus
from jobfactory.activities.models import Activity
from jobfactory.audit.log import record
from jobfactory.audit.models import Action
from jobfactory.engines.eligibility import age_on, months_between
from jobfactory.engines.planner import UNITS_PER_HOUR
from jobfactory.people.enums import PersonStatus, Sex
from jobfactory.people.models import Person
from jobfactory.people.waiting_list import waiting_rows
from jobfactory.referentials import rome
from jobfactory.reporting.exports import Table, table_response
from jobfactory.reporting.pseudonyms import pseudonymiser
from jobfactory.staffing.enums import ExitReason, SkipReason
from jobfactory.staffing.models import Contract, Skip, StaffingPlan
from jobfactory.staffing.planning_scope import can_plan
from jobfactory.territories.enums import Role
from jobfactory.territories.models import Territory
from jobfactory.territories.scope import opens_personal_files, require, role_of
from jobfactory.territories.views import visible_territory

# The roles that evaluate: they see aggregates, and may take a pseudonymised file of the people of
# the territories they see. Committee members do not: they steer one territory, they do not evaluate.
EVALUATION_ROLES = frozenset({Role.PROGRAMME_OFFICER, Role.NATIONAL_FUND})


def can_export_for_evaluation(user) -> bool:
    return role_of(user) in EVALUATION_ROLES


def asks_pseudonyms(request) -> bool:
    return request.GET.get("pseudonymise", "").lower() in {"1", "oui", "on", "true"}


def month(day: date | None) -> str | None:
    return f"{day:%Y-%m}" if day else None


def age_band(birth_date: date | None, on: date) -> str | None:
    if birth_date is None:
        return None
    age = age_on(birth_date, on)
    if age < 25:
        return _("moins de 25 ans")
    if age < 50:
        return _("25 à 49 ans")
    return _("50 ans et plus")


DEPRIVATION_BANDS = ((12, gettext_lazy("moins de 12 mois")), (24, gettext_lazy("12 à 23 mois")),
                     (36, gettext_lazy("24 à 35 mois")), (60, gettext_lazy("36 à 59 mois")))


def deprivation_band(since: date | None, until: date | None) -> str | None:
    if since is None or until is None:
        return None
    months = max(0, months_between(since, until))
    return next((str(label) for limit, label in DEPRIVATION_BANDS if months < limit),
                _("60 mois et plus"))


def _label(choices, value) -> str | None:
    return str(dict(choices).get(value, value)) if value else None


# --------------------------------------------------------------------------- people and contracts

@dataclass(frozen=True)
class Career:
    """What a person's contracts say: the first hire, and the exit once every contract is over."""

    first_hired_on: date | None = None
    left_on: date | None = None
    exit_reason: str = ""


def career(contracts, today: date) -> Career:
    if not contracts:
        return Career()
    first = min(c.start_on for c in contracts)
    if all(c.end_on is not None and c.end_on < today for c in contracts):
        last = max(contracts, key=lambda c: (c.end_on, c.pk))
        return Career(first, last.end_on, last.exit_reason)
    return Career(first)


def current_status(person, facts: Career) -> str:
    # As people.services.refresh_status would make it, without writing on a download: an exit
    # recorded in advance takes effect after the contract's last day.
    if person.status == PersonStatus.EMPLOYED and facts.left_on is not None:
        return PersonStatus.LEFT
    return person.status


def _with_contracts(people):
    contracts = Contract.objects.only("pk", "person_id", "start_on", "end_on", "exit_reason")
    return people.prefetch_related(Prefetch("contracts", queryset=contracts.order_by("start_on", "pk")))


IDENTITY_FIELDS = ("public_id", "territory_id", "last_name", "first_name", "status", "registered_at",
                   "eligible_since", "chosen_hours", "withdrawn_on")
# What a pseudonymised file reads: the birth date only to compute the age band, never written.
PSEUDONYMISED_FIELDS = ("public_id", "territory__name", "sex", "birth_date", "qualification_level",
                        "status", "registered_at", "eligible_since", "without_employment_since",
                        "chosen_hours")


def _registered_on(person) -> date:
    return timezone.localtime(person.registered_at).date()


def identity_people_table(people, today: date, title: str) -> Table:
    table = Table(title=title, headers=[
        _("Nom"), _("Prénom"), _("Situation"), _("Inscription"), _("Éligibilité reconnue le"),
        _("Heures choisies par semaine"), _("Première embauche"), _("Sortie (dernier jour)"),
        _("Motif de sortie"), _("Retrait de la liste le")])
    for person, facts in people:
        table.append((
            person.last_name, person.first_name,
            _label(PersonStatus.choices, current_status(person, facts)), _registered_on(person),
            person.eligible_since, person.chosen_hours, facts.first_hired_on, facts.left_on,
            _label(ExitReason.choices, facts.exit_reason), person.withdrawn_on))
    return table


def pseudonymised_people_table(people, today: date, title: str) -> Table:
    code = pseudonymiser()
    table = Table(title=title, headers=[
        _("Pseudonyme"), _("Territoire"), _("Sexe"), _("Âge à l'inscription"),
        _("Niveau de qualification (1 à 8)"), _("Situation"), _("Mois d'inscription"),
        _("Mois d'éligibilité"), _("Mois de première embauche"), _("Mois de sortie"),
        _("Heures choisies par semaine"), _("Motif de sortie"),
        _("Privation d'emploi avant l'embauche")])
    rows = []
    for person, facts in people:
        registered_on = _registered_on(person)
        rows.append((
            code(person.public_id), person.territory.name, _label(Sex.choices, person.sex),
            age_band(person.birth_date, registered_on), person.qualification_level,
            _label(PersonStatus.choices, current_status(person, facts)), month(registered_on),
            month(person.eligible_since), month(facts.first_hired_on), month(facts.left_on),
            person.chosen_hours, _label(ExitReason.choices, facts.exit_reason),
            deprivation_band(person.without_employment_since, facts.first_hired_on)))
    for row in sorted(rows, key=lambda row: (row[1], row[0])):
        table.append(row)
    return table


def _people_with_careers(queryset, fields, today):
    people = list(_with_contracts(queryset.select_related("territory").only(*fields)))
    return [(person, career(list(person.contracts.all()), today)) for person in people]


def _log(user, people, what: str, fmt: str, pseudonymised: bool) -> None:
    kind = _("pseudonymisé") if pseudonymised else _("identités")
    record(user, Action.EXPORT, persons=people, detail=f"{what} ; {fmt} ; {kind}")


# --------------------------------------------------------------------------- territory lists

@login_required
@require_GET
def territory_people(request, territory_id, fmt):
    """The territory's volunteers (the people page), with the page's « situation » filter."""
    territory = visible_territory(request, territory_id, allowed=opens_personal_files)
    pseudonymised = asks_pseudonyms(request)
    today = timezone.localdate()
    queryset = Person.objects.visible_to(request.user).filter(territory=territory).order_by(
        "last_name", "first_name", "pk")
    rows = _people_with_careers(queryset, PSEUDONYMISED_FIELDS if pseudonymised else IDENTITY_FIELDS,
                                today)
    status = request.GET.get("situation", "")
    if status in PersonStatus.values:
        rows = [(person, facts) for person, facts in rows if current_status(person, facts) == status]
    title = _("Volontaires")
    build = pseudonymised_people_table if pseudonymised else identity_people_table
    table = build(rows, today, title)
    _log(request.user, [person for person, _facts in rows],
         f"volontaires du territoire {territory.pk}", fmt, pseudonymised)
    stem = "volontaires-pseudonymises" if pseudonymised else "volontaires"
    return table_response(table, fmt, f"{stem}-territoire-{territory.pk}")


@login_required
@require_GET
def territory_waiting_list(request, territory_id, fmt):
    """The waiting list in its hiring order, with the written skips pending."""
    territory = visible_territory(request, territory_id, allowed=opens_personal_files)
    pseudonymised = asks_pseudonyms(request)
    today = timezone.localdate()
    fields = (("public_id", "sex", "birth_date", "qualification_level", "registered_at",
               "eligible_since", "without_employment_since", "chosen_hours")
              if pseudonymised else
              ("public_id", "last_name", "first_name", "eligible_since", "chosen_hours"))
    pending = Skip.objects.filter(hire__isnull=True).only("pk", "person_id", "reason", "hire_id")
    people = list(Person.objects.visible_to(request.user).waiting_list(territory).only(*fields)
                  .prefetch_related(Prefetch("skips", queryset=pending)))
    if pseudonymised:
        code = pseudonymiser()
        table = Table(title=_("Liste d'attente"), headers=[
            _("Rang"), _("Pseudonyme"), _("Sexe"), _("Âge à l'inscription"),
            _("Niveau de qualification (1 à 8)"), _("Mois d'éligibilité"),
            _("Heures choisies par semaine"), _("Privation d'emploi à l'éligibilité")])
        for rank, person in enumerate(people, start=1):
            table.append((
                rank, code(person.public_id), _label(Sex.choices, person.sex),
                age_band(person.birth_date, _registered_on(person)), person.qualification_level,
                month(person.eligible_since), person.chosen_hours,
                deprivation_band(person.without_employment_since, person.eligible_since)))
    else:
        table = Table(title=_("Liste d'attente"), headers=[
            _("Rang"), _("Nom"), _("Prénom"), _("Éligible depuis"), _("Jours d'attente"),
            _("Heures choisies par semaine"), _("Passé·e (motif)")])
        for row in waiting_rows(people, today):
            person, skip = row.person, row.pending_skip
            table.append((
                row.position, person.last_name, person.first_name, person.eligible_since, row.days,
                person.chosen_hours, _label(SkipReason.choices, skip.reason) if skip else None))
    _log(request.user, people, f"liste d'attente du territoire {territory.pk}", fmt, pseudonymised)
    stem = "liste-attente-pseudonymisee" if pseudonymised else "liste-attente"
    return table_response(table, fmt, f"{stem}-territoire-{territory.pk}")


# --------------------------------------------------------------------------- evaluation

@login_required
@require_GET
def programme_people(request, fmt):
    """The pseudonymised file of every person of the territories the user sees (the programme's for
    its officer, every programme's for the national fund), or of one with ``?territoire=<id>``.

    Person.objects.visible_to gives these roles nothing, as it should for personal files: this file
    is the one way they reach rows about people, and it never loads a name.
    """
    require(request.user, can_export_for_evaluation)
    territories = Territory.objects.visible_to(request.user)
    stem = "volontaires-pseudonymises-evaluation"
    what = "volontaires des territoires visibles"
    wanted = request.GET.get("territoire", "")
    if wanted:
        territory = get_object_or_404(territories, pk=wanted if wanted.isdigit() else 0)
        territories = territories.filter(pk=territory.pk)
        stem, what = f"{stem}-territoire-{territory.pk}", f"volontaires du territoire {territory.pk}"
    today = timezone.localdate()
    rows = _people_with_careers(Person.objects.filter(territory__in=territories),
                                PSEUDONYMISED_FIELDS, today)
    table = pseudonymised_people_table(rows, today, _("Volontaires (évaluation)"))
    _log(request.user, [person for person, _facts in rows], what, fmt, True)
    return table_response(table, fmt, stem)


# --------------------------------------------------------------------------- activities

@login_required
@require_GET
def territory_activities(request, territory_id, fmt):
    """The territory's activities: no personal data, for whoever reads them."""
    territory = activity_lookups.territory_for(request, territory_id)
    activities = (Activity.objects.visible_to(request.user).filter(territory=territory)
                  .select_related("employer", "need").prefetch_related("skill_needs")
                  .order_by("title", "pk"))
    table = Table(title=_("Activités"), headers=[
        _("Intitulé"), _("État"), _("Depuis le"), _("EBE"), _("Codes NAF"), _("Clients"), _("Lieu"),
        _("Horaires"), _("Heures de travail par semaine"), _("Chiffre d'affaires annuel attendu (€)"),
        _("Charges annuelles attendues hors salaires (€)"), _("Besoin d'origine")])
    for activity in activities:
        table.append((
            activity.title, _label(ActivityStatus.choices, activity.status), activity.status_since,
            activity.employer.name if activity.employer else None,
            ", ".join(activity.naf_codes) or None, ", ".join(activity.customer_labels()) or None,
            activity.site or None, activity.schedule or None, activity.weekly_hours(),
            activity.expected_revenue, activity.expected_costs,
            activity.need.title if activity.need else None))
    return table_response(table, fmt, f"activites-territoire-{territory.pk}")


# --------------------------------------------------------------------------- staffing plan

def _hours(units: int) -> Decimal:
    return (Decimal(units) / UNITS_PER_HOUR).quantize(Decimal("0.1"))


@login_required
@require_GET
def plan_lines(request, public_id, fmt):
    """The plan's proposed assignments (the plan's page), for the employer's managers."""
    require(request.user, can_plan)
    plan = get_object_or_404(StaffingPlan.objects.visible_to(request.user), public_id=public_id)
    pseudonymised = asks_pseudonyms(request)
    person_fields = ["person__public_id", "person__territory__name"]
    if not pseudonymised:
        person_fields += ["person__last_name", "person__first_name"]
    lines = list(plan.lines.select_related("person__territory", "activity").only(
        "pk", "rome_code", "units", "km", "skill_match", "wish_match", "waiting_rank", "edited",
        "contract_id", "activity__title", *person_fields).order_by(
        "activity__title", "rome_code", "person__last_name", "person__first_name", "pk"))
    code = pseudonymiser() if pseudonymised else None
    who = [_("Pseudonyme")] if pseudonymised else [_("Nom"), _("Prénom")]
    table = Table(title=_("Plan d'affectation"), headers=[
        *who, _("Territoire"), _("Activité"), _("Métier (code ROME)"), _("Intitulé du métier"),
        _("Heures par semaine"), _("Prévision d'embauche (liste d'attente)"), _("Rang d'attente"),
        _("Distance (km)"), _("Métier exercé"), _("Métier souhaité"), _("Modifié à la main")])
    rows = []
    for line in lines:
        person = line.person
        job = rome.lookup(line.rome_code)
        names = (code(person.public_id),) if pseudonymised else (person.last_name, person.first_name)
        rows.append((
            *names, person.territory.name, line.activity.title, line.rome_code,
            job.label if job else None, _hours(line.units), line.contract_id is None,
            line.waiting_rank + 1 if line.waiting_rank is not None else None,
            Decimal(str(round(line.km, 1))), line.skill_match, line.wish_match, line.edited))
    if pseudonymised:
        # Within a job, by pseudonym: the names' alphabetical order must not show through.
        rows.sort(key=lambda row: (row[2], row[3], row[0]))
    for row in rows:
        table.append(row)
    people = list({line.person.pk: line.person for line in lines}.values())
    _log(request.user, people, f"plan {plan.public_id}", fmt, pseudonymised)
    stem = "plan-affectation-pseudonymise" if pseudonymised else "plan-affectation"
    scope = f"territoire-{plan.territory_id}" if plan.territory_id else f"employeur-{plan.employer_id}"
    return table_response(table, fmt, f"{stem}-{scope}")

