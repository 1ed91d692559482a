from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from jobfactory.people.models import Person
from jobfactory.people.services import due_for_refresh, refresh_due_statuses


class Command(BaseCommand):
    help = ("Met à jour la situation des salariés dont le dernier jour de contrat est passé "
            "(sorties enregistrées à l'avance). À lancer chaque nuit. Sans --apply, compte "
            "seulement.")

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true")

    def handle(self, *args, apply, **options):
        today = timezone.localdate()
        if not apply:
            due = due_for_refresh(Person.objects.all(), today)
            self.stdout.write(f"{due.count()} situation(s) à mettre à jour ; relancez avec --apply.")
            return
        with transaction.atomic():
            count = refresh_due_statuses(Person.objects.all(), today)
        self.stdout.write(f"{count} situation(s) mise(s) à jour.")
