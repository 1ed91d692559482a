"""SIRENE import benchmark: a national-sized establishment file, streamed, filtered and loaded.

Run by `make bench` (`.venv/bin/python benchmarks/sirene_import.py [--rows N]`; SIRENE_BENCH_ROWS
overrides the default of 5,000,000 for quick runs). Writes a zipped CSV in the real StockEtablissement
format to a temp dir (about 2 % of the rows in the programme's communes, like the national file), reads
it once without the database (the filter's own speed), then imports it for real into a throwaway SQLite
file, or the empty database given as BENCH_DATABASE_URL. Writes var/bench/sirene_import.json with rows,
seconds, rows_per_second and peak_mb (and more).

Peak memory is the process's peak resident set (getrusage ru_maxrss), which, unlike tracemalloc, sees
Arrow's buffers; the file is generated in a child process so that its generation does not count.
pyarrow's own pool peak is reported beside it.
"""

import argparse
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _django import ROOT, redacted, setup_django  # siblings: benchmarks run as scripts
from _results import peak_mb

BENCH_DIR = ROOT / "var" / "bench"
DEFAULT_ROWS = 5_000_000
# The programme's communes, weighted roughly by their number of establishments: Lille, Loos, Tourcoing,
# Roubaix, Villeneuve-d'Ascq, Wattrelos, Mons-en-Barœul, Haubourdin, Hellemmes (Lille), Croix.
COMMUNES = {"59350": 40, "59360": 4, "59599": 12, "59512": 12, "59009": 9, "59650": 5, "59410": 3,
            "59286": 2, "59328": 1, "59163": 3}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=int(os.environ.get("SIRENE_BENCH_ROWS", DEFAULT_ROWS)))
    parser.add_argument("--seed", type=int, default=20_261_121)
    parser.add_argument("--malformed", type=int, default=300)
    args = parser.parse_args()
    if args.rows < args.malformed + 1:
        parser.error("--rows must exceed --malformed")
    return args






def generate(path: str, rows: int, seed: int, malformed: int, queue):
    from jobfactory.establishments.synthetic import write_synthetic_file

    started = time.perf_counter()
    summary = write_synthetic_file(path, rows, communes=COMMUNES, seed=seed, malformed=malformed)
    queue.put((time.perf_counter() - started, summary.local_rows))


def current_rss_mb() -> float | None:
    """The resident set now (Linux), to tell the import's own memory from Django's and the libraries'."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    line = next((line for line in status.splitlines() if line.startswith("VmRSS:")), None)
    return int(line.split()[1]) / 1024 if line else None


def main() -> int:
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    data_dir = tempfile.mkdtemp(prefix="jobfactory-sirene-")
    url, tmp_dir = None, None
    try:
        path = Path(data_dir) / "StockEtablissement_utf8.zip"
        print(f"Generating {args.rows:,} rows in the StockEtablissement format...")
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        child = context.Process(target=generate, args=(str(path), args.rows, args.seed, args.malformed,
                                                       queue))
        child.start()
        generate_s, local_rows = queue.get()
        child.join()
        if child.exitcode:
            print("Generation failed.", file=sys.stderr)
            return 1
        file_mb = path.stat().st_size / 1e6
        print(f"Generated in {generate_s:.1f} s: {file_mb:,.0f} MB zipped, {local_rows:,} rows in the "
              f"programme's {len(COMMUNES)} communes")
        url, tmp_dir = setup_django("sirene")
        return run(args, url, path, generate_s, file_mb)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
        if tmp_dir:
            shutil.rmtree(tmp_dir, ignore_errors=True)


def run(args, url: str, path: Path, generate_s: float, file_mb: float) -> int:
    import pyarrow as pa
    from django.core.management import call_command
    from django.db import connection

    from jobfactory.establishments.importer import import_sirene
    from jobfactory.establishments.models import Establishment
    from jobfactory.establishments.reader import read_report
    from jobfactory.territories.models import Programme

    print(f"Database: {connection.vendor} ({redacted(url)})")
    call_command("migrate", interactive=False, verbosity=0)
    if Establishment.objects.exists():
        print("The benchmark needs an empty database: BENCH_DATABASE_URL already holds data.",
              file=sys.stderr)
        return 2

    baseline_mb = current_rss_mb()
    started = time.perf_counter()
    report = read_report(path, COMMUNES)
    filter_s = time.perf_counter() - started
    print(f"Filter only (no database): {report.rows_read:,} rows in {filter_s:.2f} s, "
          f"{report.rows_read / filter_s:,.0f} rows/s; {report.rows_kept:,} kept, "
          f"{report.rows_malformed:,} malformed")

    programme = Programme.objects.create(name="Métropole de référence (benchmark SIRENE)")
    started = time.perf_counter()
    record = import_sirene(path, programme, communes=set(COMMUNES))
    seconds = time.perf_counter() - started
    live = Establishment.objects.filter(programme=programme).count()
    print(f"Import (read, filter, stage, swap): {record.rows_read:,} rows in {seconds:.2f} s, "
          f"{record.rows_read / seconds:,.0f} rows/s; {live:,} establishments live")

    peak = peak_mb()
    arrow_peak_mb = pa.default_memory_pool().max_memory() / 2**20
    result = {
        "rows": record.rows_read, "seconds": round(seconds, 2),
        "rows_per_second": round(record.rows_read / seconds), "peak_mb": round(peak, 1),
        "rows_kept": record.rows_kept, "rows_malformed": record.rows_malformed,
        "filter_only_seconds": round(filter_s, 2),
        "filter_only_rows_per_second": round(report.rows_read / filter_s),
        "generate_seconds": round(generate_s, 1), "file_mb": round(file_mb, 1),
        "arrow_pool_peak_mb": round(arrow_peak_mb, 1),
        "baseline_rss_mb": round(baseline_mb, 1) if baseline_mb else None, "database": connection.vendor,
    }
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    out = BENCH_DIR / "sirene_import.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"Peak RSS {peak:.0f} MB, of which {baseline_mb or 0:.0f} MB before reading (Django, "
          f"libraries); Arrow pool peak {arrow_peak_mb:.0f} MB. "
          f"Wrote {out.relative_to(ROOT)}: {json.dumps(result)}")

    problems = []
    if record.rows_read != args.rows:
        problems.append(f"{record.rows_read:,} rows read, {args.rows:,} written")
    if not live == record.rows_kept == report.rows_kept:
        problems.append(f"{live:,} live rows, {record.rows_kept:,} kept by the import, "
                        f"{report.rows_kept:,} by the dry run")
    if record.rows_malformed != args.malformed:
        problems.append(f"{record.rows_malformed:,} malformed rows found, {args.malformed:,} written")
    if problems:
        print("FAILED sanity check: " + "; ".join(problems), file=sys.stderr)
        return 1
    print("Sanity check: every row read, every malformed row found, live rows = rows kept.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
