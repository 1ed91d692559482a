import functools

import pytest

from jobfactory.establishments import importer
from jobfactory.establishments.enums import ImportStatus
from jobfactory.establishments.importer import import_sirene
from jobfactory.establishments.models import Establishment, SireneImport, StagedEstablishment
from jobfactory.establishments.reader import SireneFormatError, SireneReader
from jobfactory.territories.models import Programme

from .conftest import COMMUNES, LILLE, LOOS, TOURCOING, write_csv_without

pytestmark = pytest.mark.django_db


def live(programme):
    return {e.siret: e for e in Establishment.objects.filter(programme=programme)}


def test_import_fills_the_live_table_and_records_the_counts(programme, sample_zip, django_user_model):
    user = django_user_model.objects.create_user("admin", password="correct-horse-42")
    record = import_sirene(sample_zip, programme, communes=COMMUNES, user=user)
    record.refresh_from_db()
    assert record.status == ImportStatus.SUCCEEDED and record.is_current
    assert (record.rows_read, record.rows_kept, record.rows_malformed) == (20, 11, 5)
    assert record.source_name == "StockEtablissement_utf8.zip" and record.format == "csv_zip"
    assert record.imported_by == user and record.finished_at
    assert len(record.malformed_samples) == 5
    rows = live(programme)
    assert len(rows) == 11
    assert all(e.sirene_import_id == record.pk for e in rows.values())
    bakery = rows["90000000100011"]
    assert (bakery.naf_rev2, bakery.naf_2025, bakery.commune_code) == ("10.71C", "10.71G", LOOS)
    assert bakery.is_micro and bakery.is_active and bakery.address_is_public
    assert bakery.street == "12 RUE DU MARECHAL FOCH" and str(bakery.created_on) == "2015-03-01"
    hidden = rows["90000000300017"]
    assert not hidden.address_is_public and (hidden.name, hidden.street, hidden.postcode) == ("", "", "")
    assert rows["90000000600010"].name == "PATISSERIE NOUVELLE"
    assert not StagedEstablishment.objects.exists()


def test_parquet_imports_the_same_establishments(programme, sample_parquet):
    record = import_sirene(sample_parquet, programme, communes=COMMUNES)
    assert record.format == "parquet" and record.rows_kept == 11
    assert live(programme)["90000000600010"].name == "PATISSERIE NOUVELLE"


def test_a_repeat_across_blocks_keeps_the_last_row(programme, sample_zip, monkeypatch):
    monkeypatch.setattr(importer, "SireneReader", functools.partial(SireneReader, block_size=3200))
    record = import_sirene(sample_zip, programme, communes=COMMUNES)
    assert record.rows_kept == 11 == Establishment.objects.filter(programme=programme).count()
    assert live(programme)["90000000600010"].name == "PATISSERIE NOUVELLE"


def test_reimport_replaces_the_rows_and_the_current_import(programme, sample_zip):
    first = import_sirene(sample_zip, programme, communes=COMMUNES)
    second = import_sirene(sample_zip, programme, communes={LILLE, TOURCOING})
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert set(live(programme)) == {"90000000500012", "90000001600014", "90000000800016",
                                    "90000001700012"}
    assert SireneImport.objects.filter(programme=programme, is_current=True).get() == second


def test_programmes_are_kept_apart(programme, sample_zip):
    other = Programme.objects.create(name="Autre métropole")
    import_sirene(sample_zip, programme, communes=COMMUNES)
    import_sirene(sample_zip, other, communes={LILLE})
    assert len(live(programme)) == 11 and len(live(other)) == 2


def test_a_failure_during_the_swap_leaves_the_previous_rows(programme, sample_zip, monkeypatch):
    first = import_sirene(sample_zip, programme, communes=COMMUNES)
    before = {siret: e.name for siret, e in live(programme).items()}

    save = SireneImport.save

    def save_or_fail(self, *args, **kwargs):
        if self.status == ImportStatus.SUCCEEDED:
            raise RuntimeError("disque plein")
        return save(self, *args, **kwargs)

    # Saved as succeeded inside the swap's transaction, after the live rows were replaced.
    monkeypatch.setattr(SireneImport, "save", save_or_fail)
    with pytest.raises(RuntimeError):
        import_sirene(sample_zip, programme, communes={LILLE})
    failed = SireneImport.objects.latest("pk")
    assert failed.status == ImportStatus.FAILED and not failed.is_current
    assert "disque plein" in failed.error and "conservés" in failed.error
    assert {siret: e.name for siret, e in live(programme).items()} == before
    first.refresh_from_db()
    assert first.is_current
    assert not StagedEstablishment.objects.exists()


def test_a_file_without_a_required_column_fails_and_keeps_the_rows(programme, sample_zip, tmp_path):
    import_sirene(sample_zip, programme, communes=COMMUNES)
    broken = write_csv_without(tmp_path, "siret")
    with pytest.raises(SireneFormatError):
        import_sirene(broken, programme, communes=COMMUNES)
    failed = SireneImport.objects.latest("pk")
    assert failed.status == ImportStatus.FAILED
    assert "colonne(s) obligatoire(s) absente(s) : siret" in failed.error
    assert len(live(programme)) == 11


def test_the_programme_communes_are_used_by_default(programme, sample_zip, monkeypatch):
    monkeypatch.setattr(Programme, "commune_codes", lambda self: {LILLE, " ", ""})
    record = import_sirene(sample_zip, programme)
    assert record.rows_kept == 2


def test_no_commune_no_import(programme, sample_zip, monkeypatch):
    monkeypatch.setattr(Programme, "commune_codes", lambda self: set())
    with pytest.raises(SireneFormatError, match="Aucune commune"):
        import_sirene(sample_zip, programme)
    assert not SireneImport.objects.exists()


def test_a_file_with_nothing_in_the_communes_is_refused(programme, sample_zip):
    import_sirene(sample_zip, programme, communes=COMMUNES)
    with pytest.raises(SireneFormatError, match="Aucun établissement valide"):
        import_sirene(sample_zip, programme, communes={"62041"})
    assert SireneImport.objects.latest("pk").status == ImportStatus.FAILED
    assert len(live(programme)) == 11
