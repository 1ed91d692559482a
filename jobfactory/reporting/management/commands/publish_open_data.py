from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Publie les données ouvertes d'un programme (indicateurs mensuels par territoire, CSV et "
             "JSON avec leur schéma), petits effectifs supprimés. Sans --apply, dit ce qui serait "
             "publié sans rien écrire.")

    def add_arguments(self, parser):
        parser.add_argument("--programme", default="",
                            help=_("Nom ou identifiant du programme ; par défaut tous."))
        parser.add_argument("--apply", action="store_true", help=_("Écrire les fichiers."))

    def handle(self, *args, programme, apply, **options):
        from jobfactory.reporting import open_data
        from jobfactory.territories.lookup import find_programme
        from jobfactory.territories.models import Programme

        if programme:
            found = find_programme(programme)
            if found is None:
                raise CommandError(_("Programme inconnu : %(name)s") % {"name": programme})
            programmes = [found]
        else:
            programmes = list(Programme.objects.order_by("pk"))
        for each in programmes:
            dataset = open_data.publish(each) if apply else open_data.build(each)
            self.stdout.write(_(
                "%(programme)s : %(rows)d lignes jusqu'à %(month)s ; %(primary)d cases supprimées "
                "(effectif de 1 à 4) et %(secondary)d cases complémentaires.") % {
                    "programme": each.name, "rows": len(dataset.rows),
                    "month": f"{dataset.last_month:%m/%Y}" if dataset.last_month else "—",
                    "primary": dataset.primary, "secondary": dataset.secondary})
            if apply:
                self.stdout.write(_("Publié dans %(path)s") % {"path": open_data.directory(each)})
        if not apply:
            self.stdout.write(_("Rien n'est écrit sans --apply."))
