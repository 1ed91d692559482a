"""CSV import of volunteers: every row valid, or nothing imported.

Each row goes through PersonForm, the one validation of a record; this module reads the file,
maps French columns to fields and translates spreadsheet spellings. Messages name lines and
columns, never a person: they end up on screens and in bug reports.
"""

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from jobfactory.audit.log import record
from jobfactory.audit.models import Action
from jobfactory.engines.week import half_days_of
from jobfactory.people.forms import PersonForm
from jobfactory.people.models import Person
from jobfactory.territories.models import Territory

COLUMNS = {
    "nom": "last_name", "prenom": "first_name", "sexe": "sex", "date_naissance": "birth_date",
    "courriel": "email", "telephone": "phone", "adresse": "address", "code_postal": "postcode",
    "commune": "commune", "qpv": "in_qpv", "reside_territoire": "lives_in_territory",
    "date_arrivee_territoire": "arrived_in_territory_on",
    "sans_emploi_depuis": "without_employment_since", "type_privation": "deprivation_kind",
    "inscrit_chomage_depuis": "registered_unemployed_since",
    "niveau_qualification": "qualification_level", "rqth": "rqth",
    "droit_travail": "right_to_work", "competences": "skills", "projets": "projects",
    "souhaits": "wishes", "heures_choisies": "chosen_hours",
    "contraintes_mobilite": "mobility_constraints", "contraintes_garde": "childcare_constraints",
    "date_notice_information": "information_notice_on",
    "metiers": "skill_codes", "metiers_souhaites": "wished_codes",
    "position_domicile": "home_position", "mode_deplacement": "travel_mode",
    "distance_km": "travel_reach_km",
}
REQUIRED = frozenset({
    "nom", "prenom", "sexe", "date_naissance", "adresse", "code_postal", "commune",
    "date_arrivee_territoire", "sans_emploi_depuis", "heures_choisies", "date_notice_information",
})
FIELD_TO_COLUMN = {name: column for column, name in COLUMNS.items()}

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_CELL = 2000
MAX_SHOWN = 40

BOOLEAN_DEFAULTS = {"qpv": False, "reside_territoire": True, "rqth": False, "droit_travail": True}
TRUE_WORDS = frozenset({"oui", "o", "1", "vrai", "yes", "y", "true"})
FALSE_WORDS = frozenset({"non", "n", "0", "faux", "no", "false"})
SEX_WORDS = {"f": "F", "femme": "F", "m": "M", "homme": "M"}
DEPRIVATION_WORDS = {"totale": "total", "partielle": "partial", "recurrente": "recurrent",
                     "total": "total", "partial": "partial", "recurrent": "recurrent"}
# Folded, with spaces for hyphens and apostrophes; the form's own labels read as well.
TRAVEL_WORDS = {
    "a pied": "walk", "pied": "walk", "marche": "walk", "a velo": "bike", "velo": "bike",
    "en transports en commun": "public_transport", "transports en commun": "public_transport",
    "transport en commun": "public_transport", "transports": "public_transport",
    "tc": "public_transport", "bus": "public_transport",
    "en voiture ou deux roues motorise": "car", "en voiture": "car", "voiture": "car",
    "deux roues motorise": "car", "scooter": "car", "moto": "car",
}
TRAVEL_WORDS |= {value: value for value in TRAVEL_WORDS.values()}
# Columns whose value may be quoted back in a message: none of them identifies a person.
QUOTABLE = frozenset(BOOLEAN_DEFAULTS) | {
    "sexe", "code_postal", "date_arrivee_territoire", "sans_emploi_depuis", "type_privation",
    "inscrit_chomage_depuis", "niveau_qualification", "heures_choisies", "date_notice_information",
    "metiers", "metiers_souhaites", "mode_deplacement", "distance_km"}
DELIMITERS = ";,\t"
# Not a column: a file gives no half-days, so people take the record's default week.
DEFAULT_HALF_DAYS = Person._meta.get_field("available_half_days").default
DEFAULT_TRAVEL = Person._meta.get_field("travel_mode").default


@dataclass(frozen=True)
class RowError:
    line: int  # physical line in the file, the header being 1; 0 for the file as a whole
    column: str | None
    message: str


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Refused(Exception):
    """The file cannot be read row by row: its errors are the whole answer."""

    def __init__(self, *errors: RowError):
        self.errors = list(errors)


def _refuse(message, line=0):
    return _Refused(RowError(line, None, message))


def fold(text: str) -> str:
    """Case- and accent-insensitive form, for headers, identities and keywords."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\ufeff", ""))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _key(text: str) -> str:
    """A header's or a name's comparable form: "Prénom " == "prenom", "Jean-Luc" == "jean luc"."""
    return re.sub(r"[\s\-'’_]+", "_", fold(text)).strip("_")


def _shown(value: str) -> str:
    return value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"


def _decode(file_bytes: bytes) -> str:
    # Excel's "Unicode text" export is UTF-16 with a byte order mark; its plain "CSV" is cp1252.
    utf16 = file_bytes.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    for encoding in ["utf-16"] if utf16 else ["utf-8-sig", "cp1252"]:
        try:
            return file_bytes.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _refuse(_("Encodage non reconnu : enregistrez le fichier en CSV UTF-8 ou en CSV "
                    "(séparateur : point-virgule) depuis Excel."))


def _delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    try:
        found = csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = None
    if found and found in header:
        return found
    return max(DELIMITERS, key=header.count)


def _rows(file_bytes: bytes) -> list[tuple[int, list[str]]]:
    """Non-blank records with the physical line each starts on, the header first."""
    if len(file_bytes) > MAX_BYTES:
        raise _refuse(_("Fichier trop volumineux : 5 Mo au plus. Découpez-le en plusieurs "
                         "fichiers."))
    text = _decode(file_bytes)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows, previous = [], 0
    try:
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            rows.append((start, cells))
            if len(rows) > MAX_ROWS + 1:
                raise _refuse(_("Trop de lignes : %(max)d volontaires au plus par fichier. "
                                 "Découpez-le en plusieurs fichiers.") % {"max": MAX_ROWS})
    except csv.Error:
        raise _refuse(_("Ligne illisible (guillemet non fermé, cellule démesurée ou caractère "
                         "nul) : vérifiez le fichier."), line=reader.line_num) from None
    if not rows:
        raise _refuse(_("Le fichier est vide."))
    if len(rows) == 1:
        raise _refuse(_("Le fichier ne contient aucune ligne de volontaire sous l'en-tête."))
    return rows


def _columns(line: int, cells: list[str]) -> list[str]:
    while cells and not cells[-1].strip():  # spreadsheets leave empty cells at the end
        cells = cells[:-1]
    keys = [_key(cell) for cell in cells]
    errors = []
    for position, (cell, key) in enumerate(zip(cells, keys, strict=True), start=1):
        if "sante" in key or "health" in key:
            errors.append(RowError(line, _shown(cell.strip()), _(
                "Les limitations de santé ne s'importent pas : elles ne sont enregistrées qu'avec "
                "le consentement explicite et daté de la personne, recueilli en entretien. "
                "Retirez cette colonne.")))
        elif not key:
            errors.append(RowError(line, None, _("La colonne n°%(n)d n'a pas de nom.")
                                   % {"n": position}))
        elif key not in COLUMNS:
            errors.append(RowError(line, _shown(cell.strip()), _(
                "Colonne inconnue : renommez-la comme dans le modèle ou retirez-la, pour que rien "
                "ne soit perdu en silence.")))
        elif keys.index(key) != position - 1:
            errors.append(RowError(line, key, _("Cette colonne apparaît deux fois.")))
    errors += [RowError(line, column, _("Colonne obligatoire absente."))
               for column in COLUMNS if column in REQUIRED and column not in keys]
    if errors:
        raise _Refused(*errors)
    return keys


def _form_value(column: str, raw: str) -> str:
    """The cell as PersonForm expects it; ValueError for a yes/no it cannot read."""
    key = fold(raw)
    if column in BOOLEAN_DEFAULTS:
        if key not in TRUE_WORDS | FALSE_WORDS | {""}:
            raise ValueError(_("Réponse attendue : oui ou non. Valeur lue : « %(value)s ».")
                             % {"value": _shown(raw)})
        return "true" if key in TRUE_WORDS or (not key and BOOLEAN_DEFAULTS[column]) else "false"
    if column == "sexe":
        return SEX_WORDS.get(key, raw)
    if column == "type_privation":
        return DEPRIVATION_WORDS.get(key, raw) if raw else "total"
    if column == "mode_deplacement":
        return TRAVEL_WORDS.get(re.sub(r"[\s\-']+", " ", key), raw) if raw else DEFAULT_TRAVEL
    if column in ("heures_choisies", "distance_km"):
        # Either decimal separator, whatever the language of the person importing.
        return raw.replace(" ", "").replace("\u202f", "").replace(",", ".")
    if column == "code_postal" and len(raw) == 4 and raw.isdigit():
        return "0" + raw  # Excel drops the leading zero of Ain to Ardèche postcodes
    return raw


def _read_row(line, cells, columns, today):
    """Return (form or None, errors) for one data row."""
    width = len(columns)
    if len(cells) < width or any(cell.strip() for cell in cells[width:]):
        return None, [RowError(line, None, _(
            "Cette ligne a %(found)d cellules, %(expected)d attendues (une par colonne de "
            "l'en-tête).") % {"found": len(cells), "expected": width})]
    # Absent columns take their defaults here: to a form, a missing checkbox means "no".
    data = {COLUMNS[c]: _form_value(c, "")
            for c in (*BOOLEAN_DEFAULTS, "type_privation", "mode_deplacement")}
    data["available_half_days"] = [str(i) for i in half_days_of(DEFAULT_HALF_DAYS)]
    raws, errors, settled = {}, [], set()
    for column, cell in zip(columns, cells, strict=False):
        raw = raws[column] = cell.strip()
        try:
            if len(raw) > MAX_CELL:
                raise ValueError(_("Cellule trop longue : %(length)d caractères, %(max)d au plus.")
                                 % {"length": len(raw), "max": MAX_CELL})
            data[COLUMNS[column]] = _form_value(column, raw)
        except ValueError as problem:
            errors.append(RowError(line, column, str(problem)))
            settled.add(column)
    form = PersonForm(data, today=today)
    form.is_valid()
    for name, messages in form.errors.items():
        column = FIELD_TO_COLUMN.get(name)
        if column in settled:
            continue
        raw = raws.get(column, "")
        for message in messages:
            errors.append(RowError(line, column, _quote(message, column, raw)))
    return form, errors


def _quote(message: str, column: str | None, raw: str) -> str:
    if not raw or column not in QUOTABLE:
        return message
    if raw in message:  # Django's choice errors quote the value whole
        return message.replace(raw, _shown(raw))
    return _("%(message)s Valeur lue : « %(value)s ».") % {"message": message, "value": _shown(raw)}


def import_people(file_bytes: bytes, territory, user, today=None) -> ImportResult:
    """Create every volunteer of the file in `territory`, or none if any row is wrong."""
    try:
        rows = _rows(file_bytes)
        columns = _columns(*rows[0])
    except _Refused as refusal:
        return ImportResult(errors=refusal.errors)

    forms, errors, seen = [], [], {}
    for line, cells in rows[1:]:
        form, row_errors = _read_row(line, cells, columns, today)
        errors += row_errors
        if form is None:
            continue
        forms.append(form)
        data = form.cleaned_data
        if data.get("last_name") and data.get("first_name") and data.get("birth_date"):
            key = (_key(data["last_name"]), _key(data["first_name"]), data["birth_date"])
            if key in seen:
                errors.append(RowError(line, None, _(
                    "Même nom, prénom et date de naissance que la ligne %(line)d.")
                    % {"line": seen[key]}))
            else:
                seen[key] = line

    with transaction.atomic():
        # Serialises imports into one territory, so two uploads cannot both pass the check.
        list(Territory.objects.select_for_update().filter(pk=territory.pk).values_list("pk"))
        people = Person.objects.filter(territory=territory)
        registered = {(_key(last), _key(first), born) for last, first, born
                      in people.values_list("last_name", "first_name", "birth_date")}
        errors += [RowError(line, None, _(
            "Une personne de même nom, prénom et date de naissance est déjà inscrite sur ce "
            "territoire.")) for key, line in seen.items() if key in registered]
        if errors:
            return ImportResult(errors=sorted(errors, key=lambda error: error.line))
        created = []
        for form in forms:
            person = form.save(commit=False)
            person.territory = territory
            person.save()
            created.append(person)
        record(user, Action.IMPORT, persons=created, detail="import CSV")
    return ImportResult(created=len(created))


def template_csv() -> str:
    """A header and one fictional volunteer, with the separators French Excel uses."""
    example = [
        "Exemple", "Camille", "F", "15/03/1985", "camille.exemple@example.org",
        "06 00 00 00 00", "1 rue de l'Exemple", "59120", "Loos", "non", "oui", "01/06/2015",
        "01/09/2021", "totale", "01/10/2021", "3", "non", "oui", "Entretien des espaces verts",
        "Passer le permis B", "Maraîchage", "24,5", "Pas de voiture", "", "05/01/2026",
        "A1203, K2204", "A1414", "50,616 ; 2,991", "transports en commun", "",
    ]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(example)
    return out.getvalue()
