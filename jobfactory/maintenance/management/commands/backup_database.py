from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from jobfactory.maintenance.backup import write_backup


class Command(BaseCommand):
    help = _("Sauvegarde toute la base (toutes les tables, tous les dossiers personnels en clair) dans un "
             "fichier JSON compressé, lisible par son seul propriétaire (mode 0600). Ce fichier est aussi "
             "sensible que la base : gardez-le chiffré et hors d'atteinte. Restauration : restore_database.")

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("Fichier à écrire, par exemple sauvegarde-2026-03-01.json.gz."))

    def handle(self, *args, path, **options):
        found = write_backup(path)
        rows = sum(table["rows"] for table in found.values())
        self.stdout.write(self.style.SUCCESS(
            _("Sauvegarde écrite : %(tables)d tables, %(rows)d lignes (mode 0600).")
            % {"tables": len(found), "rows": rows}))
