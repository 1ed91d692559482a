"""The NinjaAPI: its routers, its authentication and its offline docs."""

from csp.decorators import csp_update
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError

from jobfactory.api import activities, people, series, territories
from jobfactory.api.auth import session_auth, token_auth

DESCRIPTION = """L'API de jobfactory, en lecture. Chaque point d'accès voit exactement ce que
voient les pages pour le même utilisateur ; hors de son périmètre, la réponse est 404.

Authentification : la session du navigateur (connexion à l'application, jeton CSRF pour les
méthodes qui modifient), ou un jeton pour les machines : `Authorization: Bearer <jeton>`, créé par
`manage.py create_api_token <identifiant> --name "..."` et révocable dans l'administration.
Un jeton agit avec le rôle et le périmètre de son utilisateur.

Les personnes ne sont désignées que par leur identifiant opaque (`public_id`), jamais par leur nom
dans une adresse. Chaque lecture d'un dossier est écrite au journal des accès."""

api = NinjaAPI(
    title="jobfactory",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    # The token first: a request carrying one is judged on it alone (see TokenAuth).
    auth=[token_auth, session_auth],
    # "ninja" is in INSTALLED_APPS, so Swagger UI is served from ninja's own static files (no
    # CDN); validatorUrl None: the page never calls the public online validator either.
    docs=Swagger(settings={"validatorUrl": None}),
    # Swagger UI's stylesheet draws its icons as data: images; the rest of the policy holds there too.
    docs_decorator=csp_update({"img-src": ["data:"]}),
)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    response = api.create_response(request, {"detail": "Authentification requise."}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="jobfactory"'
    return response


api.add_router("", territories.router)
api.add_router("", people.router)
api.add_router("", activities.router)
api.add_router("", series.router)
