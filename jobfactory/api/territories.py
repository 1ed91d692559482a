"""Territories and their figures: every role sees the territories of its scope, aggregates only."""

from datetime import date

from django.utils import timezone
from ninja import Query, Router

from jobfactory.api.schemas import ERRORS, TerritoryDetailOut, TerritoryOut
from jobfactory.reporting.figures import figures_for
from jobfactory.territories.models import Territory
from jobfactory.territories.views import visible_territory

router = Router(tags=["territoires"])
ON_PARAM = Query(None, description="Date des chiffres (AAAA-MM-JJ) ; aujourd'hui si absente.")


@router.get("/territories", response={200: list[TerritoryOut], 401: ERRORS[401]},
            summary="Territoires visibles")
def list_territories(request):
    """Les territoires dans le périmètre de l'utilisateur (le programme d'un·e chargé·e de programme,
    ceux d'une équipe, ceux que sert une EBE, tous pour le fonds national)."""
    return Territory.objects.visible_to(request.auth).select_related("programme")


@router.get("/territories/{territory_id}", response={200: TerritoryDetailOut, **ERRORS},
            summary="Un territoire et ses chiffres")
def territory_detail(request, territory_id: int, on: date | None = ON_PARAM):
    """Le territoire et ses chiffres à la date `on` (AAAA-MM-JJ ; aujourd'hui par défaut).
    404 hors du périmètre de l'utilisateur, comme la page."""
    territory = visible_territory(request, territory_id)
    figures = figures_for([territory], on or timezone.localdate())[territory.pk]
    territory.figures = figures
    return territory
