"""Activities of a territory: for the roles that read activities (not the national fund)."""

from ninja import Router

from jobfactory.activities import lookups
from jobfactory.activities.models import Activity
from jobfactory.api.schemas import ERRORS, ActivityOut

router = Router(tags=["activités"])


@router.get("/territories/{territory_id}/activities", response={200: list[ActivityOut], **ERRORS},
            summary="Activités d'un territoire")
def territory_activities(request, territory_id: int):
    """Les activités du territoire, par intitulé, avec leurs besoins en heures par métier.
    404 pour les rôles qui ne lisent pas les activités, comme la page."""
    territory = lookups.territory_for(request, territory_id)
    return (Activity.objects.visible_to(request.auth).filter(territory=territory)
            .select_related("employer", "need").prefetch_related("skill_needs").order_by("title", "pk"))
