"""Every personal field the product holds, and what becomes of it.

One declaration serves three readers: the anonymiser (retention and erasure), the subject-access
export (everything held on a person) and the guard test, which fails when a model gains a field
that looks personal without being declared here or in NOT_PERSONAL with a reason.

Treatments:
- BLANK: emptied ("" / None / [] / {} / the field's default); for `delete_rows` models the row goes;
- MONTH: reduced to the first day of its month (a datetime to noon, local time, of that day);
- SPAN: reduced to a month chosen so that the whole months counted up to the first hire stay the
  same (the reports' "months without employment before hiring" band);
- REKEY: a new random opaque id, so that earlier exports and logs no longer point at the row;
- KEEP: kept as is: statuses, decisions, hours, categories and amounts the reports need, once
  nothing identifies the person.

`held` names a legal obligation of the employer (HOLDS): such fields, and whole models marked
`held`, survive an erasure on request while the person is, or was less than five years ago, an
employee. The retention command anonymises them once the period is over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Treatment(StrEnum):
    BLANK = "blank"
    MONTH = "month"
    SPAN = "span"
    REKEY = "rekey"
    KEEP = "keep"


REGISTER = "register"
CONTRACT = "contract"

HOLDS = {
    REGISTER: _(
        "Registre unique du personnel (Code du travail, art. L1221-13 et R1221-26) : nom, "
        "prénoms, date de naissance, sexe, emploi, qualification, dates d'entrée et de sortie, "
        "conservés cinq ans après le départ du salarié."),
    CONTRACT: _(
        "Contrat de travail, avenants et éléments de paie : l'employeur conserve le double des "
        "bulletins de paie cinq ans (Code du travail, art. L3243-4) et les pièces comptables dix "
        "ans (Code de commerce, art. L123-22) ; les heures et dates des contrats fondent la paie "
        "et la contribution au développement de l'emploi versée par le fonds."),
}


@dataclass(frozen=True)
class Rule:
    treatment: Treatment
    why: str = ""
    # False: not given in the subject-access export (a staff member's identity, a structural link).
    export: bool = True
    held: str = ""


@dataclass(frozen=True)
class Entry:
    model: str  # "app_label.ModelName"
    title: str  # the export's heading
    person_path: str  # the lookup from the model to Person
    fields: dict[str, Rule] = field(default_factory=dict)
    # Rows removed on anonymisation and erasure (no statistical use).
    delete_rows: bool = False
    # The whole model survives an erasure on request (HOLDS).
    held: str = ""
    # Never anonymised nor erased: the access log (opaque ids only, append-only).
    frozen: bool = False


def _rules(treatment: Treatment, names: str, **kwargs) -> dict[str, Rule]:
    return {name: Rule(treatment, **kwargs) for name in names.split()}


BLANK, MONTH, KEEP = Treatment.BLANK, Treatment.MONTH, Treatment.KEEP
STAFF = Rule(KEEP, "agent qui a saisi : donnée du personnel, pas de la personne", export=False)
LINK = Rule(KEEP, "lien entre enregistrements", export=False)
STAT = "utilisé par les indicateurs, non identifiant une fois l'identité effacée"

CATALOGUE: tuple[Entry, ...] = (
    Entry("people.Person", _("Dossier"), "pk", {
        "public_id": Rule(Treatment.REKEY, "identifiant opaque renouvelé"),
        "territory": Rule(KEEP, "les indicateurs sont par territoire"),
        **_rules(BLANK, "first_name last_name", held=REGISTER),
        "birth_date": Rule(MONTH, "tranche d'âge des indicateurs", held=REGISTER),
        **_rules(BLANK, "email phone address postcode commune"),
        **_rules(KEEP, "in_qpv lives_in_territory deprivation_kind chosen_hours status", why=STAT),
        "sex": Rule(KEEP, STAT, held=REGISTER),
        "qualification_level": Rule(KEEP, STAT, held=REGISTER),
        "right_to_work": Rule(KEEP, "condition d'embauche, oui / non", held=REGISTER),
        **_rules(MONTH, "arrived_in_territory_on registered_unemployed_since information_notice_on "
                        "registered_at eligible_since withdrawn_on"),
        "without_employment_since": Rule(Treatment.SPAN, "durée de privation d'emploi avant "
                                                         "l'embauche, en mois"),
        # RQTH is health-related: emptied with the other support notes.
        **_rules(BLANK, "rqth skills skill_codes projects wishes wished_codes mobility_constraints "
                        "home_latitude home_longitude travel_mode travel_reach_km "
                        "available_half_days childcare_constraints health_notes "
                        "health_consent_on withdrawal_reason"),
        **_rules(KEEP, "anonymised_on erased_on", why="trace de l'anonymisation ou de l'effacement"),
    }),
    Entry("people.EligibilityReview", _("Entretiens d'éligibilité"), "person", {
        "person": LINK, "recorded_by": STAFF,
        "interviewed_on": Rule(MONTH), "recorded_at": Rule(MONTH),
        **_rules(KEEP, "is_volunteer job_search_steps outcome", why=STAT),
        **_rules(KEEP, "rule_set rule_set_label rule_set_source", why="règles appliquées"),
        # Reasons and facts repeat the person's dates: emptied with them.
        **_rules(BLANK, "notes reasons facts"),
    }),
    Entry("people.CommitteeDecision", _("Décisions du comité"), "person", {
        "person": LINK, "review": LINK, "recorded_by": STAFF,
        "decided_on": Rule(MONTH), "recorded_at": Rule(MONTH),
        "outcome": Rule(KEEP, STAT), "reason": Rule(BLANK),
    }),
    Entry("people.HouseholdSituation", _("Situation du foyer"), "person", {
        "person": LINK,
        **_rules(BLANK, "has_partner partner_birth_date partner_monthly_gross children_birth_dates "
                        "housing monthly_rent commune_code disability ass_eligible "
                        "are_monthly_gross declared_cents updated_on"),
    }, delete_rows=True),
    Entry("staffing.Contract", _("Contrats"), "person", {
        "person": LINK, "employer": Rule(KEEP, STAT), "hired_by": STAFF,
        "public_id": Rule(Treatment.REKEY, "identifiant opaque renouvelé"),
        **_rules(KEEP, "kind weekly_hours exit_reason", why=STAT),
        **_rules(MONTH, "start_on end_on written_request_on created_at"),
        **_rules(BLANK, "over_agreement_reason exit_note"),
    }, held=CONTRACT),
    Entry("staffing.Amendment", _("Avenants"), "contract__person", {
        "contract": LINK, "recorded_by": STAFF, "weekly_hours": Rule(KEEP, STAT),
        **_rules(MONTH, "effective_on written_request_on recorded_at"),
        "reason": Rule(BLANK),
    }, held=CONTRACT),
    Entry("staffing.Assignment", _("Affectations aux activités"), "contract__person", {
        "contract": LINK, "activity": Rule(KEEP, STAT), "plan": LINK,
        **_rules(KEEP, "rome_code units", why=STAT),
        **_rules(MONTH, "start_on end_on"),
    }, held=CONTRACT),
    Entry("staffing.Skip", _("Passages sur la liste d'attente"), "person", {
        "person": LINK, "territory": Rule(KEEP, STAT), "hire": LINK, "recorded_by": STAFF,
        "reason": Rule(KEEP, "motif codé"), "note": Rule(BLANK),
        **_rules(MONTH, "skipped_on recorded_at"),
    }),
    Entry("staffing.PlanLine", _("Propositions du planificateur"), "person", {
        **_rules(KEEP, "plan person contract activity", why="lien", export=False),
        **_rules(BLANK, "rome_code units kept_units km skill_match wish_match waiting_rank edited"),
    }, delete_rows=True),
    Entry("staffing.PlanShortfall", _("Heures non placées par le planificateur"), "person", {
        **_rules(KEEP, "plan person contract", why="lien", export=False),
        **_rules(BLANK, "chosen_units unplaced_units reason waiting_rank"),
    }, delete_rows=True),
    Entry("finance.PersonCosting", _("Effet sur les finances publiques (calcul)"), "person", {
        **_rules(KEEP, "run person territory employer", why="lien", export=False),
        # The activation ledger sums these: the amounts stay, tied to no identity.
        **_rules(KEEP, "kind weekly_hours computed declared effect_cents", why="bilan d'activation"),
        **_rules(MONTH, "hired_on left_on"),
    }),
    Entry("privacy.RetentionNotice", _("Avis de fin de conservation"), "person", {
        "person": LINK,
        **_rules(KEEP, "issued_on channel emailed_at posted_on", why="preuve de l'information"),
        "posted_by": STAFF,
    }),
    Entry("audit.AccessLog", _("Journal des accès au dossier"), "person_public_id", {
        "person_public_id": LINK,
        **_rules(KEEP, "at action detail", why="journal, jamais modifié"),
        # Whom among the staff: the person learns when and what, not which employee (CJEU C-579/21).
        **_rules(KEEP, "user username", why="identité de l'agent (CJUE C-579/21)", export=False),
    }, frozen=True),
)

BY_MODEL = {entry.model: entry for entry in CATALOGUE}

# Fields whose names look personal but are not a volunteer's data, each with the reason.
NOT_PERSONAL: dict[str, dict[str, str] | str] = {
    "auth.User": "comptes du personnel, gérés par l'administrateur (hors des dossiers des volontaires)",
    "auth.Group": "groupes de droits",
    "auth.Permission": "droits",
    "admin.LogEntry": "journal de l'administration : les dossiers n'y sont pas enregistrés",
    "sessions.Session": "sessions de connexion du personnel",
    "contenttypes.ContentType": "métadonnées",
    "territories.Programme": {"name": "nom d'un programme"},
    "territories.Territory": {"name": "nom d'un territoire",
                              "eligibility_family": "famille de règles d'éligibilité",
                              "estimated_ppde_source": "source publique d'une estimation"},
    "territories.Employer": {"name": "raison sociale d'une EBE"},
    "people.EligibilityRuleSet": {"name": "nom d'un jeu de règles",
                                  "family": "famille de règles d'éligibilité"},
    "referentials.Commune": {"name": "référentiel public des communes"},
    "establishments.Establishment": "établissements du répertoire SIRENE, données publiques "
                                    "(adresse diffusée seulement si elle l'est par l'INSEE)",
    "establishments.StagedEstablishment": "établissements du répertoire SIRENE en cours d'import",
    "establishments.SireneImport": {"source_name": "nom du fichier importé"},
    "activities.LocalNeed": {"proposer": "organisation ou collectif qui propose un besoin"},
    "activities.Activity": {"site_latitude": "lieu d'une activité", "site_longitude": "lieu d'une activité",
                            "expected_revenue": "chiffre d'affaires attendu d'une activité"},
    "activities.CommitteeMeeting": {"notes": "compte rendu d'une séance, sans dossier personnel"},
    "activities.Attendance": {"organisation": "organisation représentée au comité"},
    "activities.AgendaItem": {"reasons": "motifs d'une décision sur une activité",
                              "chamber_of_commerce_notes": "avis d'une chambre consulaire",
                              "chamber_of_trades_notes": "avis d'une chambre consulaire"},
    "activities.StatusChange": {"note": "note sur le statut d'une activité"},
    "activities.Objection": {"business": "entreprise qui objecte (personne morale)",
                             "answer_reasons": "réponse à une objection d'entreprise"},
    "finance.BudgetScenario": {"name": "nom d'un scénario de budget"},
    "finance.IndirectCostAssumption": "hypothèses de coûts publics, sans personne",
    "finance.JobContributionRate": "taux réglementaires",
    "finance.CostingRun": "métadonnées d'un calcul (nombre de personnes, version d'OpenFisca)",
    "api.ApiToken": {"name": "libellé d'un jeton du personnel"},
    "reporting.TerritoryMonth": "agrégats mensuels d'un territoire",
    # The staff's logins and second factor (security): personal data of the staff, not of the
    # volunteers; their retention is django-axes' and django-otp's (see docs/dpia.md).
    "otp_totp.TOTPDevice": "second facteur d'un compte du personnel",
    "axes.AccessAttempt": "tentatives de connexion du personnel (adresse IP, identifiant)",
    "axes.AccessFailureLog": "échecs de connexion du personnel",
    "axes.AccessLog": "connexions du personnel",
    "axes.AccessAttemptExpiration": "expiration d'un verrouillage de connexion",
}


def not_personal_reason(model: str, name: str) -> str:
    declared = NOT_PERSONAL.get(model)
    if isinstance(declared, str):
        return declared
    return (declared or {}).get(name, "")
