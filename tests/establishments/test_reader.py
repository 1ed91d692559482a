import pyarrow as pa
import pytest

from jobfactory.establishments.reader import (
    DUPLICATE_REASON,
    SIRENE_COLUMNS,
    SireneFormatError,
    SireneReader,
    read_report,
)

from .conftest import COMMUNES, LILLE, LOOS, SAMPLE, write_csv_without


def read_all(path, communes=COMMUNES, **options):
    """(report, the rows as the importer would keep them, the batches)."""
    with SireneReader(path, communes, **options) as reader:
        batches = list(reader)
    final = {}
    for batch in batches:
        for siret in batch.superseded:
            del final[siret]
        final.update((row["siret"], row) for row in batch.table.to_pylist())
    table = pa.Table.from_pylist(list(final.values()), schema=batches[0].table.schema) if batches else None
    return reader.report, table, batches


def by_siret(table):
    return {row["siret"]: row for row in table.to_pylist()}


def test_the_sample_has_the_full_real_header():
    header = SAMPLE.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert tuple(header) == SIRENE_COLUMNS
    assert len(SIRENE_COLUMNS) == len(set(SIRENE_COLUMNS)) == 54


def test_counts_and_reasons_of_the_zipped_sample(sample_zip):
    report, table, _batches = read_all(sample_zip)
    assert report.rows_read == 20
    assert report.rows_kept == 11 == table.num_rows
    # A short line, a 13-digit SIRET, a NAF code without its dot, an unknown state, a repeated SIRET.
    assert report.rows_malformed == 5
    reasons = {sample["reason"]: sample for sample in report.samples}
    assert reasons["nombre de champs incorrect : 11 au lieu de 54"]["line"] == 6
    assert reasons["SIRET invalide (14 chiffres attendus) : « 9000000090001 »"]["line"] == 11
    assert reasons["code NAF rév. 2 invalide : « 1071C »"]["line"] == 14
    assert reasons["état administratif inconnu (A ou F attendu) : « X »"]["line"] == 17
    assert reasons[DUPLICATE_REASON]["siret"] == "90000000600010"
    # The bad SIRET in Paris is outside the programme: not checked, not counted.
    assert not any("ABC" in sample["reason"] for sample in report.samples)


def test_rows_are_filtered_by_commune(sample_zip):
    _report, table, _ = read_all(sample_zip)
    assert set(table.column("commune_code").to_pylist()) == COMMUNES
    report, table, _ = read_all(sample_zip, communes={LILLE})
    assert set(table.column("siret").to_pylist()) == {"90000000500012", "90000001600014"}
    assert report.rows_kept == 2
    assert report.rows_malformed == 2  # the short line and the unknown state in Lille


def test_both_naf_codes_and_the_flags(sample_zip):
    _report, table, _ = read_all(sample_zip)
    rows = by_siret(table)
    bakery = rows["90000000100011"]
    assert (bakery["naf_rev2"], bakery["naf_2025"]) == ("10.71C", "10.71G")
    assert bakery["is_active"] and bakery["is_micro"] and bakery["address_is_public"]
    assert bakery["name"] == "LE FOURNIL DE LOOS"
    assert bakery["street"] == "12 RUE DU MARECHAL FOCH"
    assert bakery["postcode"] == "59120"
    assert str(bakery["created_on"]) == "2015-03-01"
    assert bakery["headcount_band"] == "01"
    # An establishment coded in NAF rev. 1 keeps no rev. 2 code; a closed one is kept, inactive.
    cobbler = rows["90000001300011"]
    assert cobbler["naf_rev2"] == "" and not cobbler["is_active"]
    # Unknown band: not micro. 10 to 19 employees: not micro. NN and 00: micro.
    assert not rows["90000000600010"]["is_micro"]
    assert not rows["90000001600014"]["is_micro"]
    assert rows["90000000300017"]["is_micro"] and rows["90000001100015"]["is_micro"]
    # The name falls back on the usual name when there is no sign.
    assert rows["90000001600014"]["name"] == "REPAR'TOUT"


def test_non_public_establishments_keep_no_detail(sample_zip):
    _report, table, _ = read_all(sample_zip)
    hidden = by_siret(table)["90000000300017"]
    assert not hidden["address_is_public"]
    assert (hidden["name"], hidden["street"], hidden["postcode"]) == ("", "", "")
    assert hidden["commune_code"] == LOOS and hidden["naf_rev2"] == "10.71C" and hidden["is_active"]
    assert hidden["created_on"] is None


def test_the_last_row_of_a_repeated_siret_wins(sample_zip):
    _report, table, _ = read_all(sample_zip)
    assert table.column("siret").to_pylist().count("90000000600010") == 1
    assert by_siret(table)["90000000600010"]["name"] == "PATISSERIE NOUVELLE"


def test_a_repeat_in_a_later_block_is_reported_as_superseded(sample_zip):
    report, table, batches = read_all(sample_zip, block_size=3200)
    assert len(batches) >= 2
    superseded = set().union(*(batch.superseded for batch in batches))
    assert superseded == {"90000000600010"}
    assert report.rows_malformed == 5 and report.rows_kept == 11 == table.num_rows
    assert by_siret(table)["90000000600010"]["name"] == "PATISSERIE NOUVELLE"
    # Line numbers stay exact across blocks.
    lines = {sample["reason"][:12]: sample.get("line") for sample in report.samples}
    assert lines["SIRET invali"] == 11 and lines["code NAF rév"] == 14


def test_plain_csv_and_parquet_give_the_same_rows(sample_csv, sample_zip, sample_parquet):
    _r, zipped, _ = read_all(sample_zip)
    plain_report, plain, _ = read_all(sample_csv)
    parquet_report, parquet, _ = read_all(sample_parquet)
    assert plain.to_pylist() == zipped.to_pylist()
    assert sorted(parquet.to_pylist(), key=lambda row: row["siret"]) == \
        sorted(zipped.to_pylist(), key=lambda row: row["siret"])
    assert plain_report.rows_malformed == 5
    # The Parquet copy lost the short line: 19 rows read, 4 malformed; rows are numbered, not lines.
    assert (parquet_report.rows_read, parquet_report.rows_malformed) == (19, 4)
    assert all("row" in sample for sample in parquet_report.samples if "siret" in sample
               and sample["reason"] != DUPLICATE_REASON)


def test_progress_is_told_in_bytes_of_the_csv_member(sample_zip):
    calls = []
    read_all(sample_zip, progress=lambda done, total: calls.append((done, total)))
    size = SAMPLE.stat().st_size
    assert calls and calls[-1] == (size, size)


def test_progress_is_told_in_row_groups_for_parquet(sample_parquet):
    calls = []
    read_all(sample_parquet, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (3, 3)  # 19 rows in groups of 8


def test_a_missing_required_column_is_named_in_french(tmp_path):
    path = write_csv_without(tmp_path, "codeCommuneEtablissement")
    with pytest.raises(SireneFormatError, match="colonne\\(s\\) obligatoire\\(s\\) absente\\(s\\) : "
                                                "codeCommuneEtablissement"):
        read_report(path, COMMUNES)


def test_a_file_without_the_naf_2025_column_still_reads(tmp_path):
    path = write_csv_without(tmp_path, "activitePrincipaleNAF25Etablissement")
    with SireneReader(path, COMMUNES) as reader:
        table = pa.concat_tables([batch.table for batch in reader])
    assert set(table.column("naf_2025").to_pylist()) == {""}
    assert "10.71C" in table.column("naf_rev2").to_pylist()


def test_unknown_format_and_missing_file(tmp_path):
    with pytest.raises(SireneFormatError, match="Format de fichier non reconnu"):
        SireneReader(tmp_path / "stock.txt", COMMUNES)
    with pytest.raises(SireneFormatError, match="Fichier introuvable"):
        SireneReader(tmp_path / "absent.zip", COMMUNES)
