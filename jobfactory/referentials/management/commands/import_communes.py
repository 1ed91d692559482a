from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jobfactory.referentials.communes import CommuneFileError, read_cog
from jobfactory.referentials.models import Commune


class Command(BaseCommand):
    help = ("Charge les communes du Code officiel géographique de l'INSEE (fichier v_commune_AAAA.csv). "
            "Sans --apply, dit seulement ce qui serait fait.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--departement", help="ne garder que ce département (ex. 59)")
        parser.add_argument("--apply", action="store_true")

    def handle(self, path, departement, apply, **options):
        if not path.exists():
            raise CommandError(f"Fichier introuvable : {path}")
        try:
            rows = read_cog(path.read_bytes(), department=departement)
        except (CommuneFileError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from error
        known = set(Commune.objects.filter(insee_code__in=[r.insee_code for r in rows])
                    .values_list("insee_code", flat=True))
        self.stdout.write(f"{len(rows)} communes lues : {len(rows) - len(known)} nouvelles, "
                          f"{len(known)} mises à jour.")
        if not apply:
            self.stdout.write("Rien n'est écrit sans --apply.")
            return
        source = f"INSEE, Code officiel géographique ({path.name})"
        with transaction.atomic():
            Commune.objects.bulk_create(
                [Commune(insee_code=r.insee_code, name=r.name, department=r.department, source=source)
                 for r in rows],
                batch_size=2000, update_conflicts=True, unique_fields=["insee_code"],
                update_fields=["name", "department", "source"])
        self.stdout.write(self.style.SUCCESS("Communes enregistrées."))
