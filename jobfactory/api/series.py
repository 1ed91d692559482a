"""Series over time: the dashboards' monthly indicators, for a territory or a whole programme.

Scoped like the dashboards: a territory for whoever sees it (aggregates, every role of the scope),
a programme for its officer and the fund. The figures are the stored series (reporting.dashboard),
so a programme of 150 territories over five years costs a few queries."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from jobfactory.api.schemas import ERRORS
from jobfactory.reporting import dashboard
from jobfactory.territories.models import Programme
from jobfactory.territories.views import visible_territory

router = Router(tags=["séries"])
START = Query("", description="Premier mois (AAAA-MM) ; par défaut 24 mois avant la fin.")
END = Query("", description="Dernier mois (AAAA-MM) ; par défaut le mois en cours.")


class MonthOut(Schema):
    month: str = Field(
        description="Mois (AAAA-MM) ; stocks lus le dernier jour, aujourd'hui pour le mois en cours."
    )
    registered: int = Field(description="Volontaires inscrit·e·s.")
    eligible: int = Field(description="Volontaires dont l'éligibilité est reconnue.")
    waiting: int = Field(description="En attente sur la liste.")
    employees: int = Field(description="Salarié·e·s en fin de mois, sorties du mois déduites.")
    hires: int = Field(description="Contrats commencés dans le mois.")
    exits: int = Field(description="Contrats dont le dernier jour est dans le mois.")
    exits_by_reason: dict[str, int] = Field(description="Sorties du mois par motif (codes de motif).")
    fte: float = Field(description="ETP en fin de mois (35 h = 1).")
    month_fte: float = Field(description="ETP du mois, au prorata des jours sous contrat.")
    exhaustivity: float | None = Field(
        description="Exhaustivité en % : salarié·e·s / (salarié·e·s + en attente)."
    )
    days_to_hire: int | None = Field(
        description="Jours moyens sur la liste des personnes embauchées dans le mois."
    )


class SeriesOut(Schema):
    scope: str = Field(description="« territory » ou « programme ».")
    id: int = Field(description="Identifiant du territoire ou du programme.")
    name: str = Field(description="Nom du territoire ou du programme.")
    months: list[MonthOut] = Field(description="Les mois de la période, du premier au dernier.")


def _series(kind: str, subject, territories, start: str, end: str) -> dict:
    today = timezone.localdate()
    try:
        period = dashboard.parse_period(start, end, today)
    except dashboard.PeriodError as error:
        raise HttpError(422, str(error)) from error
    board = dashboard.build(territories, period, today)
    months = []
    for i, row in enumerate(board.month_rows):
        months.append(
            {
                **{
                    name: row[name]
                    for name in (
                        "registered",
                        "eligible",
                        "waiting",
                        "employees",
                        "hires",
                        "exits",
                        "exhaustivity",
                        "days_to_hire",
                    )
                },
                "month": f"{row['month']:%Y-%m}",
                "fte": float(row["fte"]),
                "month_fte": float(row["month_fte"]),
                "exits_by_reason": {
                    reason: values[i] for reason, values in board.exits_by_reason.items() if values[i]
                },
            }
        )
    return {"scope": kind, "id": subject.pk, "name": subject.name, "months": months}


@router.get(
    "/territories/{territory_id}/series", response={200: SeriesOut, **ERRORS},
    summary="Indicateurs mensuels d'un territoire",
)
def territory_series(request, territory_id: int, start: str = START, end: str = END):
    """Les indicateurs des tableaux de bord, mois par mois. 404 hors du périmètre, 422 si la période est
    illisible."""
    territory = visible_territory(request, territory_id)
    return _series("territory", territory, [territory], start, end)


@router.get(
    "/programmes/{programme_id}/series",
    response={200: SeriesOut, **ERRORS},
    summary="Indicateurs mensuels d'un programme (ses territoires additionnés)",
)
def programme_series(request, programme_id: int, start: str = START, end: str = END):
    """Pour le chargé ou la chargée de programme et le fonds national ; 404 pour les autres rôles."""
    programme = get_object_or_404(Programme.objects.visible_to(request.auth), pk=programme_id)
    return _series("programme", programme, list(programme.territories.all()), start, end)
