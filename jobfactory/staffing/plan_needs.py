"""From a plan's leftover group to a local need the territory's committee can study.

A local need belongs to one territory (its committee decides on it): the plan's territory, or the
one territory where all the group's people live. A group spread over several territories proposes
nothing: the manager runs the plan on one territory first. The need holds no name, only hours and
counts; the group remembers the need, so that proposing twice gives the same need.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobfactory.activities.enums import NeedProposer
from jobfactory.activities.models import LocalNeed
from jobfactory.activities.scope import can_edit_activities
from jobfactory.engines.planner_report import format_hours
from jobfactory.people.models import Person
from jobfactory.staffing.models import StaffingPlan
from jobfactory.territories.models import Territory


def group_territory(plan: StaffingPlan, group: dict) -> Territory | None:
    if plan.territory_id:
        return plan.territory
    ids = list(Person.objects.filter(pk__in=group["person_ids"]).order_by()
               .values_list("territory_id", flat=True).distinct()[:2])
    return Territory.objects.get(pk=ids[0]) if len(ids) == 1 else None


def need_description(plan: StaffingPlan, group: dict) -> str:
    people = ngettext("%(n)s personne", "%(n)s personnes", group["people"]) % {"n": group["people"]}
    if group["waiting_people"]:
        people += " " + _("(dont %(n)s sur la liste d'attente)") % {"n": group["waiting_people"]}
    text = _("Le plan d'affectation du %(date)s ne trouve pas de travail pour %(people)s : %(hours)s "
             "par semaine au total. Métier principal : %(skill)s ; souhait : %(wish)s.") % {
        "date": plan.computed_on.strftime("%d/%m/%Y"), "people": people,
        "hours": format_hours(group["unplaced_units"]),
        "skill": _label(group["skill_code"], group["skill_label"]),
        "wish": _label(group["wish_code"], group["wish_label"]),
    }
    if group["naf"]:
        codes = "; ".join(f"{n['code']} {n['label']} ({_establishments(n['establishments'])})"
                          for n in group["naf"])
        text += "\n" + _("Types d'activité envisagés, %(source)s : %(codes)s. Le code NAF n'est qu'un "
                         "premier filtre : le comité local juge de la non-concurrence.") % {
            "source": group["source"], "codes": codes}
    return text


def _establishments(count: int) -> str:
    if not count:
        return _("aucun établissement local recensé qui fasse la même chose")
    return ngettext("%(n)s établissement local fait déjà la même chose",
                    "%(n)s établissements locaux font déjà la même chose", count) % {"n": count}


def _label(code: str, label: str) -> str:
    return f"{code} {label}".strip() if code else _("non renseigné")


@transaction.atomic
def propose_need(plan: StaffingPlan, index: int, *, user) -> LocalNeed:
    """Record the local need of the plan's leftover group number ``index`` (once)."""
    # Lock the plan row only: PostgreSQL cannot lock the nullable side of the joins.
    plan = (StaffingPlan.objects.select_for_update(of=("self",)).select_related("territory", "employer")
            .get(pk=plan.pk))
    groups = plan.leftover_groups
    if not 0 <= index < len(groups) or groups[index].get("others"):
        raise ValidationError(_("Ce groupe ne fait pas partie du plan."))
    group = groups[index]
    if group.get("need_public_id"):
        need = LocalNeed.objects.filter(public_id=group["need_public_id"]).first()
        if need is not None:
            return need
    if not can_edit_activities(user):
        raise ValidationError(_("Vous ne pouvez pas proposer de besoin."))
    if not group["job_code"]:
        raise ValidationError(_("Ces personnes n'ont ni métier ni souhait renseigné : complétez leurs "
                                "dossiers avant de proposer un besoin."))
    territory = group_territory(plan, group)
    if territory is None:
        raise ValidationError(_("Les personnes de ce groupe vivent sur plusieurs territoires : lancez le "
                                "plan sur un seul territoire pour proposer ce besoin à son comité local."))
    if not Territory.objects.visible_to(user).filter(pk=territory.pk).exists():
        raise ValidationError(_("Ce territoire n'est pas dans votre périmètre."))
    job = f"{group['job_label']} ({group['job_code']})" if group["job_label"] else group["job_code"]
    need = LocalNeed.objects.create(
        territory=territory, proposed_by=NeedProposer.EBE_EMPLOYEES,
        proposer=_("%(employer)s (plan d'affectation)") % {"employer": plan.employer or plan.programme},
        title=(_("Activité à créer : %(job)s") % {"job": job})[:200],
        description=need_description(plan, group), location=territory.name,
        beneficiaries=_("À préciser : le besoin part ici du travail à offrir, la demande locale reste "
                        "à établir"),
        recorded_by=user)
    groups[index] = {**group, "need_public_id": str(need.public_id)}
    plan.leftover_groups = groups
    plan.save(update_fields=["leftover_groups"])
    return need
