from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("Femme")
    MALE = "M", _("Homme")


class DeprivationKind(models.TextChoices):
    TOTAL = "total", _("Totale (aucun emploi)")
    PARTIAL = "partial", _("Partielle (temps partiel subi, petits contrats)")
    RECURRENT = "recurrent", _("Récurrente (alternance de contrats courts et de chômage)")


class QualificationLevel(models.IntegerChoices):
    # The 2019 national scale (decree 2019-14); the old scale's VI and Vbis map to levels 1-2.
    LEVEL_1 = 1, _("Niveau 1 (savoirs de base)")
    LEVEL_2 = 2, _("Niveau 2 (sans diplôme, ancien VI / Vbis)")
    LEVEL_3 = 3, _("Niveau 3 (CAP, BEP, ancien V)")
    LEVEL_4 = 4, _("Niveau 4 (baccalauréat, ancien IV)")
    LEVEL_5 = 5, _("Niveau 5 (bac + 2, ancien III)")
    LEVEL_6 = 6, _("Niveau 6 (licence, ancien II)")
    LEVEL_7 = 7, _("Niveau 7 (master, ancien I)")
    LEVEL_8 = 8, _("Niveau 8 (doctorat, ancien I)")


class PersonStatus(models.TextChoices):
    REGISTERED = "registered", _("Inscrit·e, entretien à faire")
    AWAITING_DECISION = "awaiting_decision", _("Entretien fait, décision du comité attendue")
    WAITING = "waiting", _("Éligible, sur la liste d'attente")
    NOT_ELIGIBLE = "not_eligible", _("Non éligible")
    EMPLOYED = "employed", _("Sous contrat")
    LEFT = "left", _("Sorti·e de l'EBE")
    WITHDRAWN = "withdrawn", _("Retiré·e de la liste")


class DecisionOutcome(models.TextChoices):
    ELIGIBLE = "eligible", _("Éligibilité reconnue")
    NOT_ELIGIBLE = "not_eligible", _("Non éligible")


class EngineOutcome(models.TextChoices):
    ELIGIBLE = "eligible", _("Éligible")
    NOT_ELIGIBLE = "not_eligible", _("Non éligible")
    FOR_COMMITTEE = "for_committee", _("À apprécier par le comité")


class HalfDay(models.IntegerChoices):
    # Bit numbers of engines.week's mask.
    MONDAY_AM = 0, _("lundi matin")
    MONDAY_PM = 1, _("lundi après-midi")
    TUESDAY_AM = 2, _("mardi matin")
    TUESDAY_PM = 3, _("mardi après-midi")
    WEDNESDAY_AM = 4, _("mercredi matin")
    WEDNESDAY_PM = 5, _("mercredi après-midi")
    THURSDAY_AM = 6, _("jeudi matin")
    THURSDAY_PM = 7, _("jeudi après-midi")
    FRIDAY_AM = 8, _("vendredi matin")
    FRIDAY_PM = 9, _("vendredi après-midi")
    SATURDAY_AM = 10, _("samedi matin")
    SATURDAY_PM = 11, _("samedi après-midi")


class TravelMode(models.TextChoices):
    WALK = "walk", _("À pied")
    BIKE = "bike", _("À vélo")
    PUBLIC_TRANSPORT = "public_transport", _("En transports en commun")
    CAR = "car", _("En voiture ou deux-roues motorisé")


# Straight-line reach when the person gave no distance: an assumption of the product (about 30 to
# 40 minutes of travel), shown as such on the form, which lets anyone give their own distance.
DEFAULT_REACH_KM = {TravelMode.WALK: 2, TravelMode.BIKE: 5, TravelMode.PUBLIC_TRANSPORT: 8,
                    TravelMode.CAR: 15}


class HousingStatus(models.TextChoices):
    # The values are the names of OpenFisca-France's TypesStatutOccupationLogement; HOUSING_INDEX
    # gives their position in that enum, which the costing engine takes.
    PRIMO_ACCEDANT = "primo_accedant", _("Accédant·e à la propriété (emprunt en cours)")
    PROPRIETAIRE = "proprietaire", _("Propriétaire (sans emprunt)")
    LOCATAIRE_HLM = "locataire_hlm", _("Locataire d'un logement social (HLM)")
    LOCATAIRE_VIDE = "locataire_vide", _("Locataire d'un logement vide du parc privé")
    LOCATAIRE_MEUBLE = "locataire_meuble", _("Locataire d'un meublé ou d'une chambre d'hôtel")
    LOGE_GRATUITEMENT = "loge_gratuitement", _("Logé·e gratuitement (famille, amis)")
    LOCATAIRE_FOYER = "locataire_foyer", _("En foyer ou résidence sociale")
    SANS_DOMICILE = "sans_domicile", _("Sans domicile stable")


HOUSING_INDEX = {
    HousingStatus.PRIMO_ACCEDANT: 1, HousingStatus.PROPRIETAIRE: 2,
    HousingStatus.LOCATAIRE_HLM: 3, HousingStatus.LOCATAIRE_VIDE: 4,
    HousingStatus.LOCATAIRE_MEUBLE: 5, HousingStatus.LOGE_GRATUITEMENT: 6,
    HousingStatus.LOCATAIRE_FOYER: 7, HousingStatus.SANS_DOMICILE: 8,
}
# A rent is required for these; an owner with a loan may give the monthly repayment instead.
TENANT_STATUSES = frozenset({HousingStatus.LOCATAIRE_HLM, HousingStatus.LOCATAIRE_VIDE,
                             HousingStatus.LOCATAIRE_MEUBLE, HousingStatus.LOCATAIRE_FOYER})
RENT_STATUSES = TENANT_STATUSES | {HousingStatus.PRIMO_ACCEDANT}


class Disability(models.TextChoices):
    NONE = "none", _("Pas de handicap reconnu pour l'AAH")
    RESTRICTED = "50_79", _("Incapacité de 50 à 79 %, avec restriction substantielle et durable "
                            "d'accès à l'emploi")
    SEVERE = "80_plus", _("Incapacité d'au moins 80 %")


# The incapacity rate the costing engine takes (OpenFisca's taux_incapacite).
INCAPACITY_RATE = {Disability.NONE: 0.0, Disability.RESTRICTED: 0.5, Disability.SEVERE: 0.8}
MAX_CHILDREN = 8
