import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm


class _DryRun(Exception):
    """Raised to roll back a ledger computed without --apply."""


def _month(text: str) -> date:
    try:
        year, month = text.split("-")
        return date(int(year), int(month), 1)
    except ValueError as error:
        raise CommandError(_("Mois illisible : %(text)s (AAAA-MM attendu).") % {"text": text}) from error


class Command(BaseCommand):
    help = _("Recalcule le bilan d'activation d'un programme avec OpenFisca-France : pour chaque "
             "personne embauchée ou en liste d'attente, les dépenses et recettes publiques sans emploi "
             "et aux mois 1, 4 et 13 d'un emploi. Sans --apply, affiche les totaux sans rien "
             "enregistrer.")

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, help=_("Nom ou identifiant du programme."))
        parser.add_argument("--month", default="",
                            help=_("Mois de la législation (AAAA-MM) ; par défaut le mois en cours."))
        parser.add_argument("--apply", action="store_true", help=_("Enregistrer le calcul."))

    def handle(self, *args, programme, month, apply, **options):
        from jobfactory.finance.ledger import recompute
        from jobfactory.territories.lookup import find_programme

        found = find_programme(programme)
        if found is None:
            raise CommandError(_("Programme inconnu : %(name)s") % {"name": programme})
        reference = _month(month) if month else None
        bar = tqdm(total=1, file=sys.stderr, disable=None, desc=_("Simulations OpenFisca"))

        def progress(done, total):
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            with transaction.atomic():
                run = recompute(found, reference_month=reference, progress=progress)
                bar.close()
                totals = run.people.values_list("kind", "effect_cents")
                by_kind: dict[str, list[int]] = {}
                for kind, effect in totals:
                    by_kind.setdefault(kind, []).append(effect)
                self.stdout.write(_("Législation de %(month)s, OpenFisca-France %(version)s : "
                                    "%(n)s personne(s) chiffrée(s), %(skipped)s sans situation du foyer, "
                                    "en %(s)s s.") % {
                    "month": f"{run.reference_month:%m/%Y}", "version": run.openfisca_version,
                    "n": run.people_count, "skipped": run.skipped_count, "s": run.seconds})
                for kind, effects in sorted(by_kind.items()):
                    self.stdout.write(_("  %(kind)s : %(n)s personne(s), effet direct au 13e mois "
                                        "%(eur)s € par mois") % {
                        "kind": kind, "n": len(effects), "eur": f"{sum(effects) / 100:,.2f}"})
                if not apply:
                    raise _DryRun
        except _DryRun:
            self.stdout.write(_("Rien n'a été enregistré : relancez avec --apply pour garder le calcul."))
            return
        self.stdout.write(self.style.SUCCESS(_("Bilan enregistré : %(id)s") % {"id": run.public_id}))
