"""The registry: only for roles that open personal files (territory team, EBE management).

Every other role gets 404, as on the pages. People are addressed by their opaque ``public_id`` only.
"""

from uuid import UUID

from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import paginate

from jobfactory.api.schemas import (
    ERRORS,
    Pagination,
    PersonOut,
    PersonRowOut,
    PersonStatusCode,
    WaitingRowOut,
)
from jobfactory.audit.log import record
from jobfactory.audit.models import Action
from jobfactory.people.models import Person
from jobfactory.people.services import refresh_due_statuses
from jobfactory.people.views import visible_person
from jobfactory.people.waiting_list import waiting_rows
from jobfactory.territories.scope import opens_personal_files
from jobfactory.territories.views import visible_territory

router = Router(tags=["volontaires"])
STATUS_PARAM = Query(None, description="Ne garder qu'une situation (code).")

ROW_FIELDS = ("public_id", "first_name", "last_name", "status", "registered_at", "eligible_since",
              "chosen_hours")


@router.get("/territories/{territory_id}/people", response={200: list[PersonRowOut], **ERRORS},
            summary="Volontaires d'un territoire")
@paginate(Pagination)
def territory_people(request, territory_id: int, status: PersonStatusCode | None = STATUS_PARAM):
    """Les volontaires du territoire, par nom, comme la page « Volontaires » ; filtre facultatif
    par situation. Paginé (limit / offset)."""
    territory = visible_territory(request, territory_id, allowed=opens_personal_files)
    people = Person.objects.visible_to(request.auth).filter(territory=territory)
    refresh_due_statuses(people)
    if status:
        people = people.filter(status=status)
    return people.order_by("last_name", "first_name", "pk").only(*ROW_FIELDS)


@router.get("/territories/{territory_id}/waiting-list", response={200: list[WaitingRowOut], **ERRORS},
            summary="Liste d'attente d'un territoire")
def waiting_list(request, territory_id: int):
    """Les éligibles pas encore embauchés, dans l'ordre de la page : date de reconnaissance de
    l'éligibilité, puis d'inscription. L'embauche suit cet ordre, sauf personne passée avec motif."""
    territory = visible_territory(request, territory_id, allowed=opens_personal_files)
    people = (Person.objects.visible_to(request.auth).waiting_list(territory)
              .only(*ROW_FIELDS).prefetch_related("skips"))
    return [{
        "position": row.position, "public_id": row.person.public_id, "first_name": row.person.first_name,
        "last_name": row.person.last_name, "eligible_since": row.person.eligible_since,
        "days_waiting": row.days, "chosen_hours": row.person.chosen_hours,
        "pending_skip_reason": row.pending_skip.reason if row.pending_skip else None,
        "next_up": row.next_up,
    } for row in waiting_rows(people, timezone.localdate())]


@router.get("/people/{public_id}", response={200: PersonOut, **ERRORS}, summary="Dossier d'un·e volontaire")
def person_detail(request, public_id: UUID):
    """Les champs principaux du dossier (ni contact, ni adresse, ni santé, ni foyer). Chaque
    lecture est écrite au journal des accès, comme l'ouverture de la page du dossier."""
    person = visible_person(request, public_id)
    record(request.auth, Action.VIEW, person, detail="API")
    return person
