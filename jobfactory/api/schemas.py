"""What the API returns. Identifiers in English, descriptions in French (the users' language).

No schema here carries health, household, contact or address data: those stay on the audited pages.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from jobfactory.people.enums import PersonStatus

# The status codes, as an enum in the schema.
PersonStatusCode = Literal[tuple(PersonStatus.values)]  # type: ignore[valid-type]


class Pagination(LimitOffsetPagination):
    """limit / offset, at most 500 rows a page."""

    MAX_LIMIT = 500

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500, description="Nombre de lignes par page (500 au plus).")
        offset: int = Field(0, ge=0, description="Lignes à sauter depuis le début.")

    def __init__(self, **kwargs):
        super().__init__(max_limit=self.MAX_LIMIT, **kwargs)


# ----------------------------------------------------------------------------- errors

class ErrorOut(Schema):
    detail: str = Field(description="Ce qui ne va pas, en une phrase.")


class ValidationErrorOut(Schema):
    detail: str | list[dict[str, Any]] = Field(
        description="Le paramètre illisible : une phrase, ou une entrée par paramètre (loc, msg, type).")


# Every operation answers these besides its 200, and says so in the schema: clients (and the fuzzing
# test) can tell an error from a drift of the API.
ERRORS = {
    401: ErrorOut,  # no token nor session, or a revoked token
    404: ErrorOut,  # outside the user's scope, exactly like a missing row
    422: ValidationErrorOut,  # a parameter that does not read (date, month, id, status)
}


# ----------------------------------------------------------------------------- territories

class TerritoryOut(Schema):
    id: int = Field(description="Identifiant du territoire.")
    name: str = Field(description="Nom du territoire.")
    programme_id: int = Field(description="Identifiant du programme (la métropole).")
    programme_name: str = Field(description="Nom du programme.")
    inhabitants: int | None = Field(description="Nombre d'habitants.")
    estimated_ppde: int | None = Field(
        description="Estimation du nombre de personnes privées durablement d'emploi (PPDE).")
    estimated_ppde_source: str = Field(description="Source de cette estimation.")
    eligibility_family: str = Field(description="Règles d'éligibilité appliquées.")
    authorised_on: date | None = Field(description="Date d'habilitation du territoire.")
    exhaustivity_target_on: date | None = Field(description="Date visée pour l'exhaustivité.")

    @staticmethod
    def resolve_programme_name(territory) -> str:
        return territory.programme.name


class FiguresOut(Schema):
    on: date = Field(description="Date des chiffres.")
    registered: int = Field(description="Volontaires inscrits à cette date.")
    eligible: int = Field(description="Volontaires dont l'éligibilité est reconnue par le comité.")
    waiting: int = Field(description="Éligibles en attente d'embauche (liste d'attente).")
    under_contract: int = Field(description="Personnes sous contrat avec l'EBE.")
    fte: Decimal = Field(description="Équivalents temps plein sous contrat ce jour (35 h = 1 ETP).")
    month_fte: Decimal = Field(description="ETP du mois de la date, au prorata des jours.")
    weekly_hours: Decimal = Field(description="Heures hebdomadaires sous contrat, avenants compris.")
    exhaustivity: Decimal | None = Field(
        description="Exhaustivité : sous contrat / (sous contrat + en attente). Vide sans personne.")
    coverage: Decimal | None = Field(
        description="Couverture : volontaires rencontrés / PPDE estimées. Vide sans estimation.")
    estimated_ppde: int | None = Field(description="PPDE estimées sur le territoire.")
    exits_total: int = Field(description="Sorties de l'EBE avant cette date.")
    exits_last_12_months: int = Field(description="Sorties des 12 derniers mois.")
    exits_by_reason: dict[str, int] = Field(description="Sorties par motif (codes de motif de sortie).")
    hires_last_12_months: int = Field(description="Premières embauches des 12 derniers mois.")
    median_days_waiting: float | None = Field(description="Attente médiane des éligibles en attente (jours).")
    median_days_to_hire_last_12_months: float | None = Field(
        description="Délai médian entre éligibilité et embauche, embauches des 12 derniers mois (jours).")


class TerritoryDetailOut(TerritoryOut):
    figures: FiguresOut = Field(description="Les chiffres du territoire à la date demandée.")


# ----------------------------------------------------------------------------- people

class PersonRowOut(Schema):
    """What the people list page shows."""

    public_id: UUID = Field(description="Identifiant opaque de la personne (jamais son nom).")
    first_name: str = Field(description="Prénom.")
    last_name: str = Field(description="Nom.")
    status: PersonStatusCode = Field(description="Situation (code).")
    status_label: str = Field(description="Situation (libellé).")
    registered_at: datetime = Field(description="Date et heure d'inscription.")
    eligible_since: date | None = Field(description="Date de reconnaissance de l'éligibilité par le comité.")
    chosen_hours: Decimal = Field(description="Heures hebdomadaires choisies (temps choisi).")

    @staticmethod
    def resolve_status_label(person) -> str:
        return str(person.get_status_display())


class PersonOut(PersonRowOut):
    """The file's main fields: no contact, address, health, disability or household data."""

    territory_id: int = Field(description="Identifiant du territoire.")
    sex: str = Field(description="Sexe (F ou M).")
    birth_date: date = Field(description="Date de naissance.")
    lives_in_territory: bool = Field(description="Réside sur le territoire.")
    arrived_in_territory_on: date = Field(description="Arrivée sur le territoire le.")
    without_employment_since: date = Field(description="Privé·e d'emploi depuis le.")
    deprivation_kind: str = Field(description="Type de privation d'emploi : total, partial, recurrent.")
    registered_unemployed_since: date | None = Field(
        description="Inscrit·e comme demandeur d'emploi depuis le.")
    qualification_level: int | None = Field(description="Niveau de qualification (échelle 2019, 1 à 8).")
    right_to_work: bool = Field(description="Autorisé·e à travailler en France.")
    skill_codes: list[str] = Field(description="Métiers exercés (codes ROME), le premier est le principal.")
    wished_codes: list[str] = Field(description="Métiers souhaités (codes ROME).")
    travel_mode: str = Field(description="Mode de déplacement.")
    withdrawn_on: date | None = Field(description="Retiré·e de la liste le.")


class WaitingRowOut(Schema):
    position: int = Field(description="Rang sur la liste d'attente (1 = premier).")
    public_id: UUID = Field(description="Identifiant opaque de la personne.")
    first_name: str = Field(description="Prénom.")
    last_name: str = Field(description="Nom.")
    eligible_since: date = Field(description="Éligibilité reconnue le : l'ordre de la liste.")
    days_waiting: int = Field(description="Jours d'attente depuis la reconnaissance de l'éligibilité.")
    chosen_hours: Decimal = Field(description="Heures hebdomadaires choisies.")
    pending_skip_reason: str | None = Field(
        description="Motif si la personne a été passée et n'est pas encore embauchée.")
    next_up: bool = Field(description="La prochaine personne à embaucher : l'embauche suit la liste.")


# ----------------------------------------------------------------------------- activities

class SkillNeedOut(Schema):
    rome_code: str = Field(description="Métier (code ROME).")
    hours_per_week: Decimal = Field(description="Heures par semaine dont l'activité a besoin.")


class ActivityOut(Schema):
    public_id: UUID = Field(description="Identifiant opaque de l'activité.")
    title: str = Field(description="Intitulé.")
    status: str = Field(description="État (code).")
    status_label: str = Field(description="État (libellé).")
    status_since: date = Field(description="Dans cet état depuis le.")
    employer_name: str | None = Field(description="L'EBE qui porte l'activité.")
    need_public_id: UUID | None = Field(description="Le besoin local d'origine.")
    naf_codes: list[str] = Field(description="Codes NAF rév. 2.")
    customers: list[str] = Field(description="Types de clients.")
    expected_revenue: Decimal = Field(description="Chiffre d'affaires annuel attendu (€).")
    expected_costs: Decimal = Field(description="Charges annuelles attendues hors salaires (€).")
    weekly_hours: Decimal = Field(description="Heures de travail par semaine, tous métiers.")
    skill_needs: list[SkillNeedOut] = Field(description="Heures par semaine, par métier.")

    @staticmethod
    def resolve_status_label(activity) -> str:
        return str(activity.get_status_display())

    @staticmethod
    def resolve_employer_name(activity) -> str | None:
        return activity.employer.name if activity.employer_id else None

    @staticmethod
    def resolve_need_public_id(activity) -> UUID | None:
        return activity.need.public_id if activity.need_id else None

    @staticmethod
    def resolve_skill_needs(activity) -> list:
        return list(activity.skill_needs.all())

    @staticmethod
    def resolve_weekly_hours(activity) -> Decimal:
        return activity.weekly_hours()
