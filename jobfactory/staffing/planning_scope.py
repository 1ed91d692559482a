"""What a staffing plan covers: an employer (or one of its territories), or a whole programme.

Who is planned: people under contract with the scope's employers (their real assignments), and the
waiting lists of the territories those employers serve (only to size what hiring will need). What
they are planned on: the jobs (skill needs) of the activities that offer work (approved or running)
run by those employers. A manager plans their own employer's people and nobody else's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.http import Http404

from jobfactory.activities.models import SkillNeed
from jobfactory.engines.activity_pipeline import OFFERING_WORK
from jobfactory.people.enums import PersonStatus
from jobfactory.people.models import Person
from jobfactory.staffing.models import Assignment, Contract
from jobfactory.territories.enums import Role
from jobfactory.territories.models import Employer, Programme, Territory
from jobfactory.territories.scope import role_of


@dataclass(frozen=True)
class PlanScope:
    programme: Programme
    employer: Employer | None = None  # None: every employer of the programme (command line only)
    territory: Territory | None = None  # None: every territory the employers serve

    def employers(self):
        if self.employer is not None:
            return Employer.objects.filter(pk=self.employer.pk)
        return Employer.objects.filter(programme=self.programme)

    def territories(self):
        territories = Territory.objects.filter(programme=self.programme, employers__in=self.employers())
        if self.territory is not None:
            territories = territories.filter(pk=self.territory.pk)
        return territories.distinct()

    def contracts(self, on: date):
        return Contract.objects.active_on(on).filter(
            employer__in=self.employers(), person__territory__in=self.territories())

    def waiting_people(self):
        return Person.objects.filter(territory__in=self.territories(), status=PersonStatus.WAITING)

    def skill_needs(self):
        return SkillNeed.objects.filter(
            activity__territory__in=self.territories(), activity__employer__in=self.employers(),
            activity__status__in=OFFERING_WORK)

    def current_assignments(self, on: date):
        return Assignment.objects.current_on(on).filter(contract__in=self.contracts(on))

    def fingerprint(self, on: date) -> str:
        """A digest of the current assignments: a plan applies only over what it was computed from."""
        digest = hashlib.sha256()
        rows = self.current_assignments(on).order_by("pk").values_list(
            "pk", "contract_id", "activity_id", "rome_code", "units", "start_on")
        for row in rows.iterator(chunk_size=10_000):
            digest.update(repr(row).encode())
        return digest.hexdigest()

    def label(self) -> str:
        if self.territory is not None:
            return f"{self.employer or self.programme} – {self.territory}"
        return str(self.employer or self.programme)


def can_plan(user) -> bool:
    """Plans are the employer's business: its managers run and apply them."""
    return role_of(user) == Role.EMPLOYER_MANAGER


def scope_for(user, territory_id: int | None = None) -> PlanScope:
    """The scope a manager asked for, or 404: their employer, or one territory it serves."""
    if not can_plan(user):
        raise Http404
    employer = user.profile.employer
    territory = None
    if territory_id is not None:
        territory = employer.territories.filter(pk=territory_id).first()
        if territory is None:
            raise Http404
    return PlanScope(programme=employer.programme, employer=employer, territory=territory)


def scope_of(plan) -> PlanScope:
    return PlanScope(programme=plan.programme, employer=plan.employer, territory=plan.territory)
