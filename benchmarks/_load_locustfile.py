"""The load benchmark's simulated users (locust), started by load.py. Not a benchmark itself.

Each user logs in through the Django login form (/connexion/, with its CSRF token) as one of the
role accounts of the plan, in rotation (with a login of its own for the roles with a second factor,
whose TOTP code it gives at /connexion/second-facteur/: _load_totp.py), then requests that role's
pages in turn, one a second (`constant(1)`), grouped by URL name. Every request's time is recorded raw, so
that load.py computes exact percentiles after the warm-up rather than locust's rounded ones.

The measured window opens `warmup` seconds after the last user has logged in (twenty logins at
once take a while: password hashing is slow on purpose), lasts `seconds`, then locust stops.

The plan is a JSON file named by LOAD_BENCH_PLAN:
    {"accounts": [{"role", "username", "password", "pages": [{"name", "urls": [...]}],
                   "logins": [{"username", "totp_key": hex or null}: the first for load.py]}],
     "clients": 20, "warmup": 15, "seconds": 60,
     "samples": "path of the JSON file this writes at the end"}
"""

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

import gevent
from _load_totp import code
from locust import FastHttpUser, constant, events, task

PLAN = json.loads(Path(os.environ["LOAD_BENCH_PLAN"]).read_text())
ACCOUNTS = PLAN["accounts"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGIN = "login"
_turn = itertools.count()
_samples: list = []  # [name, start (epoch s), response time (ms), ok]
_window = {"started_at": None, "logged_in_at": None, "opened_at": None, "closed_at": None}
_logged_in: list = []


def _timer(environment):
    deadline = time.time() + 300
    while len(_logged_in) < PLAN["clients"] and time.time() < deadline:
        gevent.sleep(0.2)
    _window["logged_in_at"] = time.time()
    gevent.sleep(PLAN["warmup"])
    _window["opened_at"] = time.time()
    gevent.sleep(PLAN["seconds"])
    _window["closed_at"] = time.time()
    environment.runner.quit()


@events.test_start.add_listener
def _test_start(environment, **_kwargs):
    _window["started_at"] = time.time()
    gevent.spawn(_timer, environment)


@events.request.add_listener
def _record(name, response_time, exception=None, start_time=None, **_kwargs):
    start = start_time if start_time is not None else time.time() - response_time / 1000
    _samples.append([name, start, response_time, exception is None])


@events.test_stop.add_listener
@events.quitting.add_listener
def _dump(**_kwargs):
    Path(PLAN["samples"]).write_text(json.dumps({**_window, "samples": _samples}))


class RoleUser(FastHttpUser):
    wait_time = constant(1)

    def on_start(self):
        turn = next(_turn)
        self.account = ACCOUNTS[turn % len(ACCOUNTS)]
        # Login 0 served load.py's warm-up: a device accepts each code once.
        self.login_as = self.account["logins"][1 + turn // len(ACCOUNTS)]
        self.pages = self.account["pages"]
        # Users of the same role do not all ask for the same page at the same second.
        self.turn = random.randrange(len(self.pages)) if self.pages else 0
        self.url_turn = {page["name"]: 0 for page in self.pages}
        self.login()

    def login(self):
        self.post_form("/connexion/", {"username": self.login_as["username"],
                                       "password": self.account["password"]})
        if self.login_as["totp_key"]:
            key = self.login_as["totp_key"]
            self.post_form("/connexion/second-facteur/", {"otp_token": lambda: code(key)})
        _logged_in.append(self.login_as["username"])

    def post_form(self, path, fields):
        """Posts with the CSRF token of the form's page; a failure unless it redirects out of
        /connexion/ (a login refused, or a second factor still asked for)."""
        response = self.client.get(path, name=LOGIN)
        found = CSRF.search(response.text or "")
        # A TOTP code is computed at the last moment: the page may have been slow to come.
        data = {key: value() if callable(value) else value for key, value in fields.items()}
        with self.client.post(path, name=LOGIN, allow_redirects=False, catch_response=True,
                              data={**data, "csrfmiddlewaretoken": found.group(1) if found else ""}
                              ) as answer:
            if answer.status_code != 302 or "/connexion/" in (answer.headers.get("Location") or ""):
                answer.failure(f"{path} refused {self.login_as['username']} (HTTP {answer.status_code})")

    @task
    def visit(self):
        if not self.pages:
            return
        page = self.pages[self.turn % len(self.pages)]
        self.turn += 1
        url = page["urls"][self.url_turn[page["name"]] % len(page["urls"])]
        self.url_turn[page["name"]] += 1
        with self.client.get(url, name=page["name"], allow_redirects=False, catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"HTTP {answer.status_code}")
