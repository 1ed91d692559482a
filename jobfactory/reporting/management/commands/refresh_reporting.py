import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm


class Command(BaseCommand):
    # No --apply: the series are derived from the registry and rebuilt whole, never edited by hand;
    # running it changes no fact, only what the dashboards read.
    help = _("Recalcule les indicateurs mensuels stockés des territoires (tableaux de bord, données "
             "ouvertes, API), depuis le registre. À lancer chaque nuit et après un chargement en masse.")

    def add_arguments(self, parser):
        parser.add_argument("--territory", type=int, action="append", default=[],
                            help=_("Identifiant d'un territoire (répétable) ; par défaut tous."))
        parser.add_argument("--programme", default="", help=_("Nom ou identifiant d'un programme."))

    def handle(self, *args, territory, programme, **options):
        from jobfactory.reporting.series import refresh
        from jobfactory.territories.lookup import find_programme
        from jobfactory.territories.models import Territory

        territories = Territory.objects.order_by("pk")
        if territory:
            territories = territories.filter(pk__in=territory)
        if programme:
            found = find_programme(programme)
            if found is None:
                raise CommandError(_("Programme inconnu : %(name)s") % {"name": programme})
            territories = territories.filter(programme=found)
        territories = list(territories)
        if territory and len(territories) != len(set(territory)):
            raise CommandError(_("Territoire inconnu parmi : %(ids)s") % {"ids": territory})
        with tqdm(total=len(territories), file=sys.stderr, disable=None, desc=_("Territoires")) as bar:
            stored = refresh(territories, progress=lambda _territory: bar.update())
        self.stdout.write(_("%(months)d mois calculés pour %(territories)d territoire(s).")
                          % {"months": stored, "territories": len(territories)})
