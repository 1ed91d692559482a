from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobfactory.demo.generate import DEMO_PASSWORD, PROGRAMME_NAME, DemoBuilder, demo_exists
from jobfactory.security.policy import base32_secret

LOGINS = [
    ("admin", "Administration (configuration, journal des accès)"),
    ("metropole", "Chargé·e de programme de la métropole (agrégats)"),
    ("equipe-loos", "Équipe projet de Loos - Les Oliveaux (dossiers)"),
    ("equipe-tourcoing", "Équipe projet de Tourcoing (dossiers)"),
    ("direction-ebe", "Direction de La Fabrique de l'emploi (dossiers, embauches)"),
    ("cle-loos", "Membre du comité local de Loos (agrégats)"),
    ("fonds-national", "Fonds national ETCLD (agrégats)"),
]


class Command(BaseCommand):
    help = ("Charge le programme de démonstration (Métropole Européenne de Lille, volontaires "
            "fictifs). Sans --apply, dit seulement ce qu'elle ferait.")

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Charger pour de bon.")
        parser.add_argument("--seed", type=int, default=2017)

    def handle(self, *args, apply, seed, **options):
        if demo_exists():
            self.stdout.write(f"Le programme « {PROGRAMME_NAME} » est déjà chargé : rien à faire.")
            self._print_logins()
            return
        if not apply:
            self.stdout.write(
                f"Chargerait « {PROGRAMME_NAME} » : 2 territoires, La Fabrique de l'emploi, "
                f"7 comptes de démonstration, environ 350 volontaires fictifs, leurs affectations et le "
                f"plan d'affectation du jour (graine {seed}). "
                "Relancez avec --apply.")
            return
        from jobfactory.finance.ledger import recompute
        from jobfactory.reporting.open_data import publish
        from jobfactory.reporting.series import refresh
        from jobfactory.territories.models import Programme

        self.stdout.write("Chargement de la démonstration (rejeu de l'historique depuis 2016)…")
        with transaction.atomic():
            DemoBuilder(seed=seed, today=timezone.localdate(), log=self.stdout.write).build()
        programme = Programme.objects.get(name=PROGRAMME_NAME)
        months = refresh(programme.territories.all())
        self.stdout.write(f"Indicateurs mensuels des tableaux de bord : {months} mois calculés.")
        self.stdout.write("Bilan d'activation : simulations OpenFisca-France (une à deux minutes)…")
        recompute(programme)
        published = publish(programme)
        self.stdout.write(f"Données ouvertes publiées : {len(published.rows)} lignes, jusqu'à "
                          f"{published.last_month:%m/%Y}.")
        self.stdout.write(self.style.SUCCESS("Démonstration chargée."))
        self._print_logins()

    def _print_logins(self):
        # Demonstration only: a real account's key is shown once, to its owner, at enrolment.
        keys = {device.user.username: base32_secret(device) for device in
                TOTPDevice.objects.filter(user__username__in=[u for u, _ in LOGINS], confirmed=True)
                .select_related("user").order_by("pk")}
        self.stdout.write("\nComptes de démonstration (mot de passe pour tous : "
                          f"{DEMO_PASSWORD}) :")
        for username, role in LOGINS:
            key = f" · clé TOTP : {keys[username]}" if username in keys else ""
            self.stdout.write(f"  {username:<18} {role}{key}")
        if keys:
            self.stdout.write("Les comptes qui ouvrent des dossiers personnels et l'administration "
                              "demandent ensuite un code à 6 chiffres : ajoutez leur clé dans une "
                              "application d'authentification (FreeOTP, Aegis…), type « basé sur "
                              "le temps ».")
