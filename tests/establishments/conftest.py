import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest

from jobfactory.establishments.reader import SIRENE_COLUMNS

SAMPLE = Path(__file__).parent / "data" / "StockEtablissement_sample.csv"
# Loos is the territory; Lille and Tourcoing are around it. Roubaix and Paris are outside.
LOOS, LILLE, TOURCOING, ROUBAIX = "59360", "59350", "59599", "59512"
COMMUNES = {LOOS, LILLE, TOURCOING}


@pytest.fixture
def sample_csv():
    return SAMPLE


@pytest.fixture
def sample_zip(tmp_path):
    path = tmp_path / "StockEtablissement_utf8.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(SAMPLE, "StockEtablissement_utf8.csv")
    return path


@pytest.fixture
def sample_parquet(tmp_path):
    """The sample as Parquet; the line with a wrong number of fields cannot be carried over."""
    table = pcsv.read_csv(SAMPLE, parse_options=pcsv.ParseOptions(invalid_row_handler=lambda row: "skip"),
                          convert_options=pcsv.ConvertOptions(
                              column_types=dict.fromkeys(SIRENE_COLUMNS, pa.string())))
    path = tmp_path / "StockEtablissement.parquet"
    pq.write_table(table, path, row_group_size=8)
    return path


def write_csv_without(tmp_path, column: str) -> Path:
    """The sample with one column dropped, zipped."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    position = header.index(column)
    table = pcsv.read_csv(SAMPLE, parse_options=pcsv.ParseOptions(invalid_row_handler=lambda row: "skip"),
                          convert_options=pcsv.ConvertOptions(
                              column_types=dict.fromkeys(SIRENE_COLUMNS, pa.string())))
    table = table.remove_column(position)
    path = tmp_path / "incomplete.zip"
    with zipfile.ZipFile(path, "w") as archive, archive.open("StockEtablissement_utf8.csv", "w") as stream:
        pcsv.write_csv(table, stream)
    return path
