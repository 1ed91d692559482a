import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from tqdm import tqdm

from jobfactory.engines.planner_report import format_hours


class _DryRun(Exception):
    """Raised to roll back a plan computed without --apply."""


class Command(BaseCommand):
    help = _("Calcule le plan d'affectation d'un programme (ou d'un de ses employeurs, d'un territoire). "
             "Sans --apply, dit ce que le plan proposerait sans rien enregistrer ; avec --apply, "
             "enregistre la proposition, que les directions d'EBE appliquent dans le site ; "
             "--assign l'applique en plus aux affectations des salariés.")

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, help=_("Nom ou identifiant du programme."))
        parser.add_argument("--employer", default="",
                            help=_("Nom ou identifiant d'un employeur du programme."))
        parser.add_argument("--territory", default="", help=_("Nom ou identifiant d'un territoire."))
        parser.add_argument("--on", default="",
                            help=_("Date de la situation (AAAA-MM-JJ) ; par défaut aujourd'hui."))
        parser.add_argument("--apply", action="store_true", help=_("Enregistrer la proposition."))
        parser.add_argument("--assign", action="store_true",
                            help=_("Appliquer aussi le plan aux affectations (implique --apply)."))

    def handle(self, *args, programme, employer, territory, on, apply, assign, **options):
        from jobfactory.staffing.plan_changes import apply_plan
        from jobfactory.staffing.planning import STAGES, run_plan
        from jobfactory.staffing.planning_scope import PlanScope
        from jobfactory.territories.lookup import find_employer, find_programme, find_territory

        found = find_programme(programme)
        if found is None:
            raise CommandError(_("Programme inconnu : %(name)s") % {"name": programme})
        scope = PlanScope(programme=found)
        if employer:
            scope = PlanScope(found, find_employer(found, employer) or self._unknown(employer))
        if territory:
            chosen = find_territory(found, territory) or self._unknown(territory)
            scope = PlanScope(found, scope.employer, chosen)
        day = parse_date(on) if on else timezone.localdate()
        if day is None:
            raise CommandError(_("Date illisible : %(on)s (AAAA-MM-JJ attendu).") % {"on": on})
        bar = tqdm(total=len(STAGES), file=sys.stderr, disable=None, bar_format="{desc} {bar} {n}/{total}")

        started = []

        def progress(stage):
            if started:
                bar.update(1)
            started.append(stage)
            bar.set_description(stage.capitalize())

        try:
            with transaction.atomic():
                plan = run_plan(scope, on=day, progress=progress)
                bar.update(1)
                bar.close()
                self._report(scope, plan)
                if not (apply or assign):
                    raise _DryRun
        except _DryRun:
            self.stdout.write(_("Rien n'a été enregistré : relancez avec --apply pour garder la "
                                "proposition."))
            return
        self.stdout.write(self.style.SUCCESS(_("Proposition enregistrée : %(id)s") % {"id": plan.public_id}))
        if assign:
            changed = apply_plan(plan, user=None, on=day)
            self.stdout.write(self.style.SUCCESS(
                _("Plan appliqué : affectations changées pour %(n)s personne(s).") % {"n": changed}))

    def _unknown(self, name):
        raise CommandError(_("Inconnu dans ce programme : %(name)s") % {"name": name})

    def _report(self, scope, plan):
        s = plan.summary
        self.stdout.write(_("Périmètre : %(scope)s, situation du %(on)s.") % {"scope": scope.label(),
                                                                             "on": plan.computed_on})
        self.stdout.write(_(
            "%(placed)s sur %(people)s salarié·e·s placé·e·s pour toutes leurs heures ; %(hours)s placées "
            "sur %(chosen)s choisies ; %(moved)s déplacées ; %(split)s personne(s) sur deux activités.") % {
            "placed": s["contract_fully_placed"], "people": s["contract_people"],
            "hours": format_hours(s["contract_placed_units"]),
            "chosen": format_hours(s["contract_chosen_units"]),
            "moved": format_hours(s["units_moved"]), "split": s["split_people"]})
        self.stdout.write(_("Liste d'attente : %(n)s personne(s), %(hours)s prévues pour dimensionner les "
                            "embauches.") % {"n": s["waiting_people"],
                                             "hours": format_hours(s["waiting_placed_units"])})
        self.stdout.write(_("Durées : lecture %(read)s s, calcul %(solve)s s (solveur %(solver)s s), "
                            "enregistrement %(write)s s.") % {
            "read": s["read_s"], "solve": s["solve_total_s"], "solver": s["solver_s"], "write": s["write_s"]})
        for group in plan.leftover_groups[:5]:
            if group.get("others"):
                continue
            codes = ", ".join(entry["code"] for entry in group["naf"]) or "–"
            self.stdout.write(_("  À créer : %(job)s, %(people)s personne(s), %(hours)s — NAF %(codes)s") % {
                "job": group["job_label"] or _("métier non renseigné"), "people": group["people"],
                "hours": format_hours(group["unplaced_units"]), "codes": codes})
