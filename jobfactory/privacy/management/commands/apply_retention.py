"""End of retention: notify, then anonymise. Says what it would do; `--apply` does it.

Prints counts only, never a name nor an id: the output may end up in a cron mail or a CI log.
"""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from jobfactory.privacy import retention

LABELS = [
    ("notify_not_hired", "avis à émettre : volontaires jamais embauché·es sorti·es de la liste"),
    ("notify_former_employee", "avis à émettre : ancien·nes salarié·es"),
    ("notify_by_email", "  dont par courriel"),
    ("notify_by_letter", "  dont par courrier, listés pour l'équipe du territoire"),
    ("in_grace_not_hired", "en délai de grâce après l'avis : jamais embauché·es"),
    ("in_grace_former_employee", "en délai de grâce après l'avis : ancien·nes salarié·es"),
    ("anonymise_not_hired", "à anonymiser : jamais embauché·es"),
    ("anonymise_former_employee", "à anonymiser : ancien·nes salarié·es"),
]


class Command(BaseCommand):
    help = ("Fin de la durée de conservation : avise les personnes concernées, puis anonymise "
            "celles dont l'avis a dépassé le délai de grâce. Sans --apply, ne fait que compter.")

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Émettre les avis et anonymiser.")
        parser.add_argument("--today", help="Date de référence AAAA-MM-JJ (par défaut : aujourd'hui).")

    def handle(self, *args, **options):
        # The notices are sent in the interface's language, whatever the shell's.
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(**options)

    def _handle(self, *, apply=False, today=None, **options):
        try:
            today = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--today: {error}") from error
        periods = retention.Periods.from_settings()
        self.stdout.write(
            f"Conservation au {today:%d/%m/%Y} : {periods.not_hired_years} an(s) après le dernier "
            f"événement pour les volontaires jamais embauché·es, {periods.after_departure_years} "
            f"an(s) après le départ pour les salarié·es, délai de grâce {periods.grace_days} jours.")
        result = retention.plan(today, periods)
        counts = result.counts()
        for key, label in LABELS:
            self.stdout.write(f"{label} : {counts.get(key, 0)}")
        if not apply:
            self.stdout.write("Rien n'est modifié : relancez avec --apply pour le faire.")
            return
        done = retention.apply(result, today, periods)
        self.stdout.write(self.style.SUCCESS(
            f"Fait : {done.get('notified_email', 0)} courriel(s), {done.get('notified_letter', 0)} "
            f"courrier(s) à poster, {done.get('anonymised', 0)} personne(s) anonymisée(s)."))
