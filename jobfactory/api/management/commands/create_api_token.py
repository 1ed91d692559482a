"""Create a token for a machine that calls the API as a given user.

Unlike the commands that change data in bulk, this one creates at once, without ``--apply``: it adds
one row, which revoking undoes, and the clear token is only useful when shown, so a dry run would
only be a second invocation. It says what it did on stderr and prints the clear token alone on
stdout (``TOKEN=$(manage.py create_api_token ...)`` works), once: only its sha256 is stored.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jobfactory.api.models import ApiToken
from jobfactory.territories.models import Territory


class Command(BaseCommand):
    help = ("Crée un jeton d'API pour un utilisateur et l'affiche une seule fois. Le jeton agit avec "
            "exactement le rôle et le périmètre de cet utilisateur ; on le révoque dans "
            "l'administration.")

    def add_arguments(self, parser):
        parser.add_argument("username", help="L'identifiant de l'utilisateur au nom duquel agit le jeton.")
        parser.add_argument("--name", required=True,
                            help="Qui s'en sert et pourquoi, par exemple « tableau de bord métropole ».")

    def handle(self, *args, username, name, **options):
        name = name.strip()
        if not name:
            raise CommandError("Donnez un nom au jeton (--name) : qui s'en sert et pourquoi.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Aucun utilisateur « {username} ».")
        if not user.is_active:
            raise CommandError(f"L'utilisateur « {username} » est désactivé : un jeton ne servirait à rien.")
        profile = getattr(user, "profile", None)
        if profile is None:
            raise CommandError(f"L'utilisateur « {username} » n'a pas de rôle (profil) : un jeton ne "
                               "verrait rien. Donnez-lui un rôle dans l'administration.")
        territories = Territory.objects.visible_to(user).count()
        token, clear = ApiToken.issue(user, name)
        self.stderr.write(
            f"Jeton « {name} » créé pour {username} (rôle : {profile.get_role_display()}, "
            f"{territories} territoire(s) dans son périmètre). Il agit avec exactement ces droits.\n"
            "Le voici : il ne sera plus jamais affiché (seule son empreinte est conservée). "
            "Révocation : administration, « Jetons d'API ».")
        self.stdout.write(clear)
