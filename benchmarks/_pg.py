"""A throwaway PostgreSQL server for the benchmarks, the way .ci/run starts one: initdb in a temporary
directory, pg_ctl on a free port of 127.0.0.1, durability off, removed at the end. Not a benchmark
itself (`make bench` runs only the files that do not start with an underscore).

    with throwaway_postgres() as url:
        ...  # postgres://jobfactory:...@127.0.0.1:PORT/jobfactory
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

PG_ROLE = "jobfactory"
PG_DB = "jobfactory"


def pg_bin() -> Path:
    """The newest PostgreSQL binaries installed the Debian way (/usr/lib/postgresql/*/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda p: [int(x) for x in p.split("/")[4].split(".") if x.isdigit()])
    if not found:
        raise RuntimeError("PostgreSQL is not installed (Debian: apt-get install postgresql), or set "
                           "LOAD_BENCH_DATABASE_URL to an empty database")
    return Path(found[-1]).parent


def free_port(start: int = 54400) -> int:
    for port in range(start, start + 500):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port for PostgreSQL")


class _Runner:
    """Runs PostgreSQL's tools as the postgres user when we are root (PostgreSQL refuses root)."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.as_root = os.geteuid() == 0

    def __call__(self, *args, **kwargs) -> subprocess.CompletedProcess:
        command = [str(a) for a in args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        # Its tools complain when they cannot read the current directory: run from one it owns.
        return subprocess.run(command, cwd=self.workdir, check=True, text=True,  # noqa: S603 - our own arguments
                              capture_output=True, **kwargs)


@contextlib.contextmanager
def throwaway_postgres(log=print, settings: dict | None = None):
    """Yield the URL of a fresh, empty database on a server of our own; stop and remove it after."""
    bin_dir = pg_bin()
    # Under /tmp: the postgres user must be able to reach it.
    tmp = Path(tempfile.mkdtemp(prefix="jobfactory-bench-pg.", dir="/tmp"))
    run = _Runner(tmp)
    if run.as_root:
        shutil.chown(tmp, "postgres", "postgres")
    tmp.chmod(0o700)
    data = tmp / "data"
    started = False
    try:
        run(bin_dir / "initdb", "-D", data, "-U", "postgres", "--encoding=UTF8", "--no-locale",
            "--auth-local=trust", "--auth-host=scram-sha-256")
        port = free_port()
        # Durability off: the data is thrown away at the end (as in .ci/run).
        options = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
                   **(settings or {})}
        opts = f"-h 127.0.0.1 -p {port} -k {tmp} " + " ".join(f"-c {k}={v}" for k, v in options.items())
        log(f"PostgreSQL ({bin_dir.parent.name}) starting on 127.0.0.1:{port}, data in {data}")
        try:
            run(bin_dir / "pg_ctl", "-D", data, "-l", tmp / "server.log", "-w", "-t", "60", "-o", opts,
                "start")
        except subprocess.CalledProcessError:
            with contextlib.suppress(OSError):
                log((tmp / "server.log").read_text())
            raise
        started = True
        password = secrets.token_hex(16)
        psql = [bin_dir / "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", tmp, "-p", port,
                "-U", "postgres", "-d", "postgres", "-c"]
        run(*psql, f"CREATE ROLE {PG_ROLE} LOGIN CREATEDB PASSWORD '{password}'")
        run(*psql, f"CREATE DATABASE {PG_DB} OWNER {PG_ROLE}")
        yield f"postgres://{PG_ROLE}:{password}@127.0.0.1:{port}/{PG_DB}"
    finally:
        if started:
            log("Stopping PostgreSQL")
            with contextlib.suppress(subprocess.CalledProcessError):
                run(bin_dir / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
        shutil.rmtree(tmp, ignore_errors=True)
