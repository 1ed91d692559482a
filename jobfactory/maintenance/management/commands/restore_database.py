from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jobfactory.maintenance.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = _("Restaure une sauvegarde de backup_database dans une base vide et migrée, en une seule "
             "transaction, puis vérifie le nombre de lignes et l'empreinte de chaque table. Une base qui "
             "contient déjà des données est refusée, sauf --force (toutes ses données sont remplacées).")

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("Fichier écrit par backup_database."))
        parser.add_argument("--force", action="store_true",
                            help=_("Remplacer les données d'une base qui n'est pas vide."))

    def handle(self, *args, path, force, **options):
        try:
            found = restore_backup(path, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in found.values())
        self.stdout.write(self.style.SUCCESS(
            _("Sauvegarde restaurée et vérifiée : %(tables)d tables, %(rows)d lignes.")
            % {"tables": len(found), "rows": rows}))
