"""Load benchmark (issue 6): the dashboards and list pages under 20 concurrent clients.

A programme of 61,000 volunteers over 150 territories with 5 years of history, on PostgreSQL,
served by granian (WSGI) on 127.0.0.1; locust runs 20 users, each logged in as a role account
(programme officer, territory team, employer manager, committee member, national fund, in
rotation), giving the TOTP code after the password for the roles that must (_load_totp.py), and
waiting 1 s between requests. Target: p95 under 150 ms on every page, and a number
of SQL queries per page that does not grow with the data.

Environment:
    LOAD_BENCH_PEOPLE (61000), LOAD_BENCH_TERRITORIES (150)  the generated programme
    LOAD_BENCH_SECONDS (60), LOAD_BENCH_WARMUP (15)           measured time, after the warm-up
    LOAD_BENCH_CLIENTS (20)                                   locust users
    LOAD_BENCH_WORKERS (2), LOAD_BENCH_THREADS (4)            granian workers, threads per worker
                              (2 x 4 gave the lowest p95 of 2x2, 2x4, 3x2 and 4x2 on the 2-core
                              machine, at 61,000 people with the same background load)
    LOAD_BENCH_DATABASE_URL   an empty PostgreSQL database to use instead of a throwaway server;
                              a database this benchmark filled before is reused as it is
Writes var/bench/load.json (clients, requests, errors, p50_ms, p95_ms, pages, queries...), and the
server's and locust's logs beside it.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import _load_totp  # noqa: E402
from _django import ROOT, redacted  # noqa: E402
from _pg import throwaway_postgres  # noqa: E402

BIN = Path(sys.executable).parent
OUT_DIR = ROOT / "var" / "bench"
PEOPLE = int(os.environ.get("LOAD_BENCH_PEOPLE", "61000"))
TERRITORIES = int(os.environ.get("LOAD_BENCH_TERRITORIES", "150"))
SECONDS = int(os.environ.get("LOAD_BENCH_SECONDS", "60"))
WARMUP = int(os.environ.get("LOAD_BENCH_WARMUP", "15"))
CLIENTS = int(os.environ.get("LOAD_BENCH_CLIENTS", "20"))
WORKERS = int(os.environ.get("LOAD_BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("LOAD_BENCH_THREADS", "4"))
TARGET_P95_MS = 150
BIG = {"name": "Métropole de charge (benchmark)", "prefix": "charge"}
# The same pages on a small programme, to show whether the number of queries grows with the data.
SMALL = {"name": "Petit programme de référence (benchmark)", "prefix": "reference",
         "people": 120, "territories": 3}

# (page name, what its URL takes): a URL name and its argument, or a literal path.
PAGES = [
    ("reporting:programme", "programme"),
    ("reporting:employer", "employer"),
    ("reporting:territory", "territory"),
    ("territories:list", None),
    ("territories:detail", "territory"),
    ("territories:people", "territory"),
    ("territories:waiting_list", "territory"),
    ("activities:territory", "territory"),
    ("/api/territories", "path"),
]
# What each role may see (DESIGN.md's table): personal files for the team and the employer only,
# aggregates for the others. A page the server still answers 404 to is dropped at the warm-up.
ROLE_PAGES = {
    "programme_officer": ["reporting:programme", "reporting:employer", "reporting:territory",
                          "territories:list", "territories:detail", "activities:territory",
                          "/api/territories"],
    "territory_team": ["reporting:territory", "territories:list", "territories:detail",
                       "territories:people", "territories:waiting_list", "activities:territory",
                       "/api/territories"],
    "employer_manager": ["reporting:employer", "reporting:territory", "territories:list",
                         "territories:detail", "territories:people", "territories:waiting_list",
                         "activities:territory", "/api/territories"],
    "committee_member": ["reporting:territory", "territories:list", "territories:detail",
                         "activities:territory", "/api/territories"],
    "national_fund": ["reporting:programme", "reporting:employer", "reporting:territory",
                      "territories:list", "territories:detail", "/api/territories"],
}


def log(message: str = "") -> None:
    print(message, flush=True)


# ------------------------------------------------------------------------------------------ the plan

def role_scope(dataset, role: str) -> dict:
    """The territories and employers a role's account looks at: its own, or for the roles that see
    a whole programme the largest territory and a spread of the others."""
    ids = dataset.territory_ids  # largest first
    largest = ids[0]
    if role in {"territory_team", "committee_member"}:
        territories = [largest]
        employers = [dataset.employer_of[largest]]
    elif role == "employer_manager":
        employer = dataset.employer_of[largest]
        served = [t for t in ids if dataset.employer_of[t] == employer]
        territories = served[:1] + served[1::max(1, len(served) // 4)][:4]
        employers = [employer]
    else:
        spread = [ids[min(len(ids) - 1, round(q * (len(ids) - 1)))] for q in (0.25, 0.5, 0.75, 1.0)]
        territories = list(dict.fromkeys([largest, *spread]))
        first = dataset.employer_of[largest]
        employers = [first, *[e for e in dataset.employer_ids if e != first][:2]]
    return {"territory": territories, "employer": employers, "programme": [dataset.programme_id]}


def role_pages(dataset, role: str, unresolved: dict) -> dict[str, list[str]]:
    """{page name: [URLs]} for a role; pages without a route yet go to `unresolved`."""
    from django.urls import NoReverseMatch, reverse

    kinds = dict(PAGES)
    scope = role_scope(dataset, role)
    pages = {}
    for name in ROLE_PAGES[role]:
        kind = kinds[name]
        if kind == "path":
            pages[name] = [name]
            continue
        try:
            if kind is None:
                pages[name] = [reverse(name)]
            else:
                pages[name] = [reverse(name, kwargs={f"{kind}_id": pk}) for pk in scope[kind]]
        except NoReverseMatch:
            unresolved[name] = "no such URL name yet (NoReverseMatch)"
    return pages


# ------------------------------------------------------------------------------------------ servers

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "jobfactory.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "PYTHONUNBUFFERED": "1",
    })
    return env


@contextlib.contextmanager
def app_server(database_url: str):
    """granian serving jobfactory.wsgi on a free port of 127.0.0.1; yields the base URL."""
    port = free_port()
    server_log = OUT_DIR / "load-server.log"
    command = [str(BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(WORKERS), "--blocking-threads", str(THREADS), "--no-ws",
               "--log-level", "warning", "--no-access-log", "jobfactory.wsgi:application"]
    log(f"Server: {' '.join(command[1:])}")
    with open(server_log, "w") as output:
        # Its own process group: stopped as a whole at the end, and only it.
        process = subprocess.Popen(command, cwd=ROOT, env=server_env(database_url), stdout=output,  # noqa: S603
                                   stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped (exit {process.returncode}): see {server_log}")
            try:
                with urllib.request.urlopen(f"{base}/connexion/", timeout=5) as answer:  # noqa: S310
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer within 90 s: see {server_log}")
            time.sleep(0.3)
        yield base, process.pid
    finally:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log(f"Server stopped (log: {server_log.relative_to(ROOT)})")


class CpuSampler(threading.Thread):
    """CPU time of process trees (the server, PostgreSQL, locust) and of the whole machine, sampled
    twice a second: the machine is shared, so the report says how much of it others took."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self):
        super().__init__(daemon=True)
        self.roots: dict[str, int] = {}
        self.samples: list[tuple] = []  # (epoch s, {name: cpu s}, machine busy s, machine total s)
        self._halt = threading.Event()

    def watch(self, name: str, pid: int | None) -> None:
        if pid:
            self.roots[name] = pid

    @classmethod
    def _tree_cpu(cls, root: int) -> float:
        total, todo = 0, [root]
        while todo:
            pid = todo.pop()
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                # utime, stime, and those of its children already ended (a database backend)
                total += sum(int(fields[i]) for i in (11, 12, 13, 14))
                with open(f"/proc/{pid}/task/{pid}/children") as children:
                    todo.extend(int(child) for child in children.read().split())
            except (OSError, IndexError, ValueError):
                continue
        return total / cls.TICK

    @classmethod
    def _machine(cls) -> tuple[float, float]:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        idle = values[3] + values[4]  # idle, iowait
        return (sum(values) - idle) / cls.TICK, sum(values) / cls.TICK

    def run(self):
        while not self._halt.is_set():
            busy, total = self._machine()
            self.samples.append((time.time(), {name: self._tree_cpu(pid) for name, pid in
                                               list(self.roots.items())}, busy, total))
            self._halt.wait(0.5)

    def stop(self):
        self._halt.set()
        self.join()

    def between(self, opened: float, closed: float, requests: int) -> dict:
        """CPU used between two moments: per request for our processes, in cores for the machine."""
        inside = [s for s in self.samples if opened <= s[0] <= closed]
        if len(inside) < 2:
            return {}
        first, last = inside[0], inside[-1]
        seconds = last[0] - first[0]
        ours = {name: last[1].get(name, 0) - first[1].get(name, 0) for name in last[1]}
        busy = last[2] - first[2]
        cores = (last[3] - first[3]) / seconds
        result = {"seconds": round(seconds, 1),
                  "machine_busy_cores": round(busy / seconds, 2), "machine_cores": round(cores, 2),
                  "others_busy_cores": round((busy - sum(ours.values())) / seconds, 2)}
        for name, used in ours.items():
            result[f"{name}_cores"] = round(used / seconds, 2)
            if requests:
                result[f"{name}_cpu_ms_per_request"] = round(1000 * used / (requests * seconds / (
                    closed - opened)), 1)
        return result


def postmaster_pid(database_url: str) -> int | None:
    """The local PostgreSQL server listening on the URL's port, if it runs on this machine."""
    port = urllib.parse.urlsplit(database_url).port or 5432
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv and argv[0].endswith(b"/postgres") and str(port).encode() in argv:
            return int(entry.name)
    return None


class Browser:
    """A logged-in session with urllib, for the warm-up: follows nothing, reports status codes."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()),
                                                  self._NoRedirect())

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=120) as answer:
                return answer.status, answer.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, ""

    def post_form(self, path: str, fields: dict) -> bool:
        """Posts a form with the CSRF token of its page: True on a redirect out of /connexion/."""
        _, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token.group(1) if token else ""})
        try:
            with self.opener.open(self.base + path, data=data.encode(), timeout=60) as answer:
                return answer.status == 302
        except urllib.error.HTTPError as error:
            return error.code == 302 and "/connexion/" not in (error.headers.get("Location") or "")

    def login(self, username: str, password: str, totp_key: str | None = None) -> bool:
        if not self.post_form("/connexion/", {"username": username, "password": password}):
            return False
        return totp_key is None or self.post_form("/connexion/second-facteur/",
                                                  {"otp_token": _load_totp.code(totp_key)})


def warm_up(base: str, accounts: list[dict], skipped: dict) -> tuple[list[dict], dict]:
    """Request every page of every account twice, one request at a time: drop those that do not
    answer 200 for that role (a page still to be written answers 404 to everyone), let the server
    load its code, and time the second pass: {page: median ms of one request alone}."""
    kept = []
    answered: dict[str, dict] = {}
    alone: dict[str, list] = {}
    for account in accounts:
        browser = Browser(base)
        if not browser.login(account["username"], account["password"], account["logins"][0]["totp_key"]):
            raise RuntimeError(f"cannot log in as {account['username']}")
        pages = []
        for page in account["pages"]:
            statuses = {browser.get(url)[0] for url in page["urls"]}
            answered.setdefault(page["name"], {})[account["role"]] = sorted(statuses)
            if statuses == {200}:
                pages.append(page)
                for url in page["urls"]:
                    started = time.perf_counter()
                    browser.get(url)
                    alone.setdefault(page["name"], []).append((time.perf_counter() - started) * 1000)
            else:
                log(f"  {account['role']:18s} {page['name']:26s} skipped: HTTP {sorted(statuses)}")
        kept.append({**account, "pages": pages})
    for name, by_role in answered.items():
        if not any(codes == [200] for codes in by_role.values()):
            skipped[name] = "answers " + ", ".join(f"{role} {codes}" for role, codes in by_role.items())
    return kept, {name: round(statistics.median(times), 1) for name, times in alone.items()}


def run_locust(base: str, accounts: list[dict], sampler: CpuSampler) -> dict:
    with tempfile.TemporaryDirectory(prefix="jobfactory-load-") as tmp:
        plan = Path(tmp) / "plan.json"
        samples = Path(tmp) / "samples.json"
        plan.write_text(json.dumps({"accounts": accounts, "samples": str(samples), "clients": CLIENTS,
                                    "warmup": WARMUP, "seconds": SECONDS}))
        locust_log = OUT_DIR / "load-locust.log"
        command = [str(BIN / "locust"), "-f", str(Path(__file__).with_name("_load_locustfile.py")),
                   "--headless", "--users", str(CLIENTS), "--spawn-rate", str(CLIENTS),
                   # A safety net: the locustfile stops the run itself once the window is measured.
                   "--run-time", f"{WARMUP + SECONDS + 300}s", "--stop-timeout", "10", "--host", base,
                   "--only-summary", "--loglevel", "WARNING"]
        log(f"Locust: {CLIENTS} users, spawn rate {CLIENTS}/s, 1 s between requests; measured for "
            f"{SECONDS} s from {WARMUP} s after the last login (log: {locust_log.relative_to(ROOT)})")
        with open(locust_log, "w") as output:
            process = subprocess.Popen(  # noqa: S603 - fixed arguments
                command, cwd=ROOT, env={**os.environ, "LOAD_BENCH_PLAN": str(plan)}, stdout=output,
                stderr=subprocess.STDOUT, start_new_session=True)
            sampler.watch("locust", process.pid)
            try:
                process.wait(timeout=WARMUP + SECONDS + 400)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                raise RuntimeError("locust did not stop in time") from None
        if not samples.exists():
            raise RuntimeError(f"locust wrote no samples (exit {process.returncode}): see {locust_log}")
        return json.loads(samples.read_text())


# ------------------------------------------------------------------------------------------ figures

def summarise(times: list[float], failures: int) -> dict:
    import numpy as np

    values = np.asarray(times, dtype=float)
    if not len(values):
        return {"requests": 0, "errors": failures, "p50_ms": None, "p95_ms": None}
    return {"requests": len(values), "errors": failures,
            "p50_ms": round(float(np.percentile(values, 50)), 1),
            "p95_ms": round(float(np.percentile(values, 95)), 1),
            "p99_ms": round(float(np.percentile(values, 99)), 1),
            "max_ms": round(float(values.max()), 1),
            "mean_ms": round(float(values.mean()), 1)}


def measured(raw: dict) -> tuple[dict, dict, dict]:
    """(all pages, per page) over the requests started in the measured window; login over the run."""
    opened = raw["opened_at"] or (raw["started_at"] or 0) + WARMUP
    closed = raw["closed_at"] or float("inf")
    by_name: dict[str, list] = {}
    logins = []
    for name, start, ms, ok in raw["samples"]:
        if name == "login":
            logins.append((ms, ok))
        elif opened <= start < closed:
            by_name.setdefault(name, []).append((ms, ok))

    def figures(rows):
        return summarise([ms for ms, _ in rows], sum(1 for _, ok in rows if not ok))

    login = figures(logins)
    pages = {name: figures(rows) for name, rows in sorted(by_name.items())}
    total = figures([row for rows in by_name.values() for row in rows])
    return total, pages, login


def count_queries(pages: list[str], big_accounts: list[dict], small_accounts: dict, skipped: dict) -> dict:
    """SQL queries of one request of each page, with Django's test client, for every role the server
    served it to: on the large programme (the role's first URL: the largest territory) and on the
    small reference one. A page's `large` and `small` are the largest counts over its roles."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    User = get_user_model()

    def queries(username: str, url: str) -> int | str:
        # A page that fails answers 500 here, as on the server, instead of stopping the benchmark.
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        _load_totp.verify_session(client, username)
        client.get(url)  # first request: the process's one-off loads are not the page's
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            return f"HTTP {response.status_code}"
        return len(captured.captured_queries)

    result = {}
    for name in pages:
        if name in skipped:
            continue
        by_role = {}
        for account in big_accounts:
            urls = next((p["urls"] for p in account["pages"] if p["name"] == name), None)
            if not urls:
                continue
            row = {"large": queries(account["username"], urls[0])}
            small_account = small_accounts.get(account["role"])
            small_urls = (small_account or {}).get("pages", {}).get(name)
            if small_urls:
                row["small"] = queries(small_account["username"], small_urls[0])
            by_role[account["role"]] = row
        if not by_role:
            continue
        counts = list(by_role.values())
        result[name] = {
            "large": max((r["large"] for r in counts if isinstance(r["large"], int)), default=None),
            "small": max((r["small"] for r in counts if isinstance(r.get("small"), int)), default=None),
            "grows": any(isinstance(r["large"], int) and isinstance(r.get("small"), int)
                         and r["large"] > r["small"] for r in counts),
            "by_role": by_role}
    return result


def dataset_of(spec: dict, people: int, territories: int, *, national_fund: bool):
    import _load_data

    found = _load_data.existing(spec["name"], spec["prefix"])
    if found is not None:
        log(f"Reusing «{spec['name']}» found in the database ({sum(found.people_by_territory.values()):,} "
            f"people, {len(found.territory_ids)} territories)")
        return found
    log(f"Generating «{spec['name']}»: {people:,} people over {territories} territories, 5 years")
    return _load_data.generate(people=people, territories=territories, name=spec["name"],
                               prefix=spec["prefix"], national_fund=national_fund, log=log)


def accounts_of(dataset, unresolved: dict) -> list[dict]:
    accounts = []
    # One login per simultaneous session of a role: the warm-up's, then each locust user's.
    logins = 1 + math.ceil(CLIENTS / max(1, len(dataset.users)))
    for role, username in dataset.users.items():
        pages = role_pages(dataset, role, unresolved)
        accounts.append({"role": role, "username": username, "password": dataset.password,
                         "logins": _load_totp.ensure_logins(username, logins),
                         "pages": [{"name": name, "urls": urls} for name, urls in pages.items()]})
    return accounts


def print_table(pages: dict, queries: dict) -> None:
    log(f"{'page':28s} {'requests':>8s} {'errors':>6s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} "
        f"{'max ms':>8s} {'alone ms':>8s}  {'queries large/small':>19s}")
    for name, row in pages.items():
        counted = queries.get(name, {})
        q = f"{counted.get('large', '-')}/{counted.get('small', '-')}"
        flag = "" if row["p95_ms"] is None or row["p95_ms"] < TARGET_P95_MS else "  over target"
        log(f"{name:28s} {row['requests']:>8,} {row['errors']:>6,} {row['p50_ms'] or '-':>8} "
            f"{row['p95_ms'] or '-':>8} {row.get('p99_ms') or '-':>8} {row.get('max_ms') or '-':>8} "
            f"{row.get('alone_ms') or '-':>8}  {q:>19s}{flag}")
    log("SQL queries of one request, large/small programme, by role:")
    for name, counted in queries.items():
        log(f"  {name:26s} " + ", ".join(f"{role} {row['large']}/{row.get('small', '-')}"
                                         for role, row in counted["by_role"].items()))


def main() -> int:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    # A stop request must still stop the server and PostgreSQL.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    log(f"Machine: {os.cpu_count()} cores, shared by PostgreSQL, the app server and locust (the load "
        f"generator runs on the same cores); other work on the machine skews the figures.")
    with contextlib.ExitStack() as stack:
        url = os.environ.get("LOAD_BENCH_DATABASE_URL") or stack.enter_context(throwaway_postgres(log=log))
        os.environ.update({k: v for k, v in server_env(url).items()
                           if k in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_DEBUG",
                                    "DJANGO_ALLOWED_HOSTS"}})
        import django

        django.setup()
        import _load_data
        from django.core.management import call_command
        from django.db import connection

        log(f"Database: {connection.vendor} ({redacted(url)})")
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        log(f"Migrated in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        big = dataset_of(BIG, PEOPLE, TERRITORIES, national_fund=True)
        small = dataset_of(SMALL, SMALL["people"], SMALL["territories"], national_fund=False)
        _load_data.refresh_reporting(log=log)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would, after a bulk load
        generation_s = time.perf_counter() - started
        connection.close()

        unresolved: dict[str, str] = {}
        accounts = accounts_of(big, unresolved)
        small_accounts = {a["role"]: {**a, "pages": {p["name"]: p["urls"] for p in a["pages"]}}
                          for a in accounts_of(small, {})}
        for name, reason in unresolved.items():
            log(f"  {name:26s} skipped: {reason}")

        with app_server(url) as (base, server_pid):
            log("Warm-up: every page twice per role, one request at a time")
            skipped = dict(unresolved)
            accounts, alone = warm_up(base, accounts, skipped)
            load_before = os.getloadavg()
            sampler = CpuSampler()
            sampler.watch("server", server_pid)
            sampler.watch("postgres", postmaster_pid(url))
            sampler.start()
            try:
                raw = run_locust(base, accounts, sampler)
            finally:
                sampler.stop()
            load_after = os.getloadavg()
        total, pages, login = measured(raw)
        cpu = sampler.between(raw["opened_at"] or 0, raw["closed_at"] or time.time(), total["requests"])
        for name, row in pages.items():
            row["alone_ms"] = alone.get(name)
        log("Counting SQL queries per page (Django test client, large vs small programme)")
        queries = count_queries([name for name, _ in PAGES], accounts, small_accounts, skipped)
        connection.close()

    import granian

    result = {
        "clients": CLIENTS, "requests": total["requests"], "errors": total["errors"],
        "p50_ms": total["p50_ms"], "p95_ms": total["p95_ms"], "pages": pages,
        "people": sum(big.people_by_territory.values()), "territories": len(big.territory_ids),
        "seconds": SECONDS, "warmup_seconds": WARMUP, "target_p95_ms": TARGET_P95_MS,
        "server": {"name": "granian", "version": granian.__version__, "interface": "wsgi",
                   "workers": WORKERS, "threads_per_worker": THREADS},
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "note": "load generator, server and PostgreSQL share the cores",
                    "load_average_before": [round(x, 2) for x in load_before],
                    "load_average_after": [round(x, 2) for x in load_after],
                    "cpu_during_measure": cpu},
        "queries": queries,
        "queries_scope": {"large": f"{sum(big.people_by_territory.values()):,} people, "
                                   f"{len(big.territory_ids)} territories, largest territory "
                                   f"{big.people_by_territory[big.territory_ids[0]]} people",
                          "small": f"{SMALL['people']} people, {SMALL['territories']} territories"},
        "login": login, "skipped": skipped, "generation_seconds": round(generation_s, 1),
    }
    log()
    log(f"{CLIENTS} clients, {SECONDS} s measured after {WARMUP} s of warm-up; granian {WORKERS} workers "
        f"x {THREADS} threads; {result['people']:,} people, {result['territories']} territories")
    print_table(pages, queries)
    log(f"{'all pages':28s} {total['requests']:>8,} {total['errors']:>6,} {total['p50_ms'] or '-':>8} "
        f"{total['p95_ms'] or '-':>8}")
    log(f"{'(login, whole run, apart)':28s} {login['requests']:>8,} {login['errors']:>6,} "
        f"{login['p50_ms'] or '-':>8} {login['p95_ms'] or '-':>8}")
    if cpu:
        log(f"CPU during the measure: machine {cpu['machine_busy_cores']} of {cpu['machine_cores']} cores "
            f"busy, of which other work {cpu['others_busy_cores']}; server {cpu.get('server_cores', '-')} "
            f"({cpu.get('server_cpu_ms_per_request', '-')} ms a request), PostgreSQL "
            f"{cpu.get('postgres_cores', '-')} ({cpu.get('postgres_cpu_ms_per_request', '-')} ms a request), "
            f"locust {cpu.get('locust_cores', '-')}")
    log("Load average (1, 5, 15 min) before the run: " + ", ".join(f"{x:.2f}" for x in load_before)
        + "; after: " + ", ".join(f"{x:.2f}" for x in load_after) + f" ({os.cpu_count()} cores)")
    for name, reason in skipped.items():
        log(f"skipped {name}: {reason}")
    grows = [name for name, q in queries.items() if q["grows"]]
    slow = [name for name, row in pages.items()
            if row["p95_ms"] is not None and row["p95_ms"] >= TARGET_P95_MS]
    log(f"Pages over {TARGET_P95_MS} ms at p95: {', '.join(slow) or 'none'}; "
        f"more queries on the large programme: {', '.join(grows) or 'none'}")
    out = OUT_DIR / "load.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    log(f"Wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
