import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from jobfactory.establishments.importer import clean_communes, import_sirene, programme_commune_codes
from jobfactory.establishments.reader import SireneFormatError, read_report


def _count(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")  # French thousands separator (narrow no-break space)


class Command(BaseCommand):
    help = _("Importe le fichier SIRENE des établissements (StockEtablissement : zip du CSV, CSV ou "
             "Parquet) pour les communes d'un programme. Sans --apply, lit le fichier et dit ce qui "
             "serait importé, sans rien écrire.")

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("Chemin du fichier (.zip, .csv ou .parquet)."))
        parser.add_argument("--programme", required=True, help=_("Nom ou identifiant du programme."))
        parser.add_argument("--communes", default="",
                            help=_("Codes INSEE séparés par des virgules ; par défaut, les communes des "
                                   "territoires du programme et celles alentour."))
        parser.add_argument("--apply", action="store_true", help=_("Importer pour de bon."))

    def handle(self, *args, path, programme, communes, apply, **options):
        from jobfactory.territories.lookup import find_programme

        path = Path(path)
        if not path.is_file():
            raise CommandError(_("Fichier introuvable : %(path)s") % {"path": path})
        found = find_programme(programme)
        if found is None:
            raise CommandError(_("Programme inconnu : %(name)s") % {"name": programme})
        codes = clean_communes(communes.split(",")) if communes else programme_commune_codes(found)
        if not codes:
            raise CommandError(_("Aucune commune à retenir : indiquez --communes ou rattachez des communes "
                                 "aux territoires du programme."))
        self.stdout.write(_("Programme « %(programme)s », %(count)s commune(s) retenue(s).")
                          % {"programme": found, "count": len(codes)})
        bar = None

        def progress(done, total):
            nonlocal bar
            if bar is None:
                unit = "o" if path.suffix.lower() != ".parquet" else _(" groupes")
                bar = tqdm(total=total, unit=unit, unit_scale=unit == "o", file=sys.stderr,
                           desc=path.name, disable=None)
            bar.update(done - bar.n)

        try:
            if apply:
                record = import_sirene(path, found, communes=codes, progress=progress)
                report = record
            else:
                report = read_report(path, codes, progress=progress)
        except SireneFormatError as error:
            raise CommandError(str(error)) from error
        finally:
            if bar is not None:
                bar.close()
        self._report(report, report.malformed_samples if apply else report.samples)
        if apply:
            self.stdout.write(self.style.SUCCESS(
                _("Import terminé : %(kept)s établissement(s) en place pour le programme.")
                % {"kept": _count(record.rows_kept)}))
        else:
            self.stdout.write(_("Rien n'a été écrit ; relancez avec --apply pour importer."))

    def _report(self, report, samples):
        self.stdout.write(_("Lignes lues : %(n)s") % {"n": _count(report.rows_read)})
        self.stdout.write(_("Établissements retenus (communes du programme) : %(n)s")
                          % {"n": _count(report.rows_kept)})
        self.stdout.write(_("Lignes invalides écartées : %(n)s")
                          % {"n": _count(report.rows_malformed)})
        for sample in samples:
            where = (_("ligne %(n)s") % {"n": sample["line"]} if "line" in sample
                     else _("enregistrement %(n)s") % {"n": sample["row"]} if "row" in sample else "")
            self.stdout.write(f"  - {where + ' : ' if where else ''}{sample['reason']}")
