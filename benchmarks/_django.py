"""Shared by the benchmarks that need Django: their own throwaway database. Not a benchmark itself
(`make bench` runs only the files that do not start with an underscore)."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def database_url(db_name: str) -> tuple[str, str | None]:
    """BENCH_DATABASE_URL, else a throwaway SQLite file: (url, its temp dir to remove, or None)."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url, None
    tmp_dir = tempfile.mkdtemp(prefix="jobfactory-bench-")
    return f"sqlite:///{tmp_dir}/{db_name}.sqlite3", tmp_dir


def setup_django(db_name: str):
    """Point Django at the benchmark's own database, then start it. Returns (url, tmp dir)."""
    url, tmp_dir = database_url(db_name)
    # settings.py reads these at import time, so they must be set before django.setup().
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobfactory.settings")
    # With DEBUG on, Django keeps every query in memory, which would skew peak_mb.
    os.environ["DJANGO_DEBUG"] = "0"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return url, tmp_dir


def redacted(url: str) -> str:
    """The database URL without its password, for printing."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        rest = "***@" + rest.split("@", 1)[1]
    return scheme + sep + rest
