import zipfile

import pyarrow.parquet as pq

from jobfactory.establishments.reader import SIRENE_COLUMNS, SireneReader
from jobfactory.establishments.synthetic import CSV_MEMBER, naf_subclass_codes, write_synthetic_file

COMMUNES = {"59360": 3, "59350": 1}


def read(path, communes=COMMUNES):
    with SireneReader(path, communes) as reader:
        tables = [batch.table for batch in reader]
    return reader.report, tables


def test_naf_codes_come_from_the_package():
    codes = naf_subclass_codes()
    assert len(codes) == 732 and "95.29Z" in codes and "88.99B" in codes


def test_a_zipped_csv_in_the_real_format(tmp_path):
    path = tmp_path / "stock.zip"
    summary = write_synthetic_file(path, 40_000, communes=COMMUNES, seed=3, malformed=9,
                                   ensure_codes=[("95.29Z", "59360", 4)], chunk_rows=15_000)
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == [CSV_MEMBER]
        with archive.open(CSV_MEMBER) as stream:
            assert stream.readline().decode().rstrip("\n").split(",") == list(SIRENE_COLUMNS)
    report, tables = read(path)
    assert report.rows_read == 40_000
    assert report.rows_malformed == 9
    # About 2 % of the rows are in the programme's communes, like the national file.
    assert 600 <= summary.local_rows <= 1_000
    assert report.rows_kept == summary.local_rows - 6  # the 3 short lines are not local rows
    rows = [row for table in tables for row in table.to_pylist()]
    assert sum(row["naf_rev2"] == "95.29Z" and row["commune_code"] == "59360" and row["is_active"]
               and row["address_is_public"] for row in rows) >= 4
    assert any(not row["is_active"] for row in rows) and any(not row["address_is_public"] for row in rows)
    assert any(row["naf_2025"] for row in rows) and any(row["is_micro"] for row in rows)
    assert {row["commune_code"] for row in rows} == set(COMMUNES)


def test_the_same_seed_gives_the_same_file(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    write_synthetic_file(first, 2_000, communes=["59360"], seed=5, fmt="csv")
    write_synthetic_file(second, 2_000, communes=["59360"], seed=5, fmt="csv")
    assert first.read_bytes() == second.read_bytes()


def test_parquet(tmp_path):
    path = tmp_path / "stock.parquet"
    write_synthetic_file(path, 10_000, communes=["59360"], seed=1, fmt="parquet", malformed=4,
                         local_share=0.1, chunk_rows=4_000)
    assert pq.ParquetFile(path).schema_arrow.names == list(SIRENE_COLUMNS)
    report, _tables = read(path, ["59360"])
    assert report.rows_read == 10_000 and report.rows_malformed == 4
