"""Debian's chromium driven by Playwright against pytest-django's live server.

One browser for the session, one fresh context (cookies, downloads) per test. Outside CI a machine
without chromium skips these tests and says why; in CI (CI or JOBFACTORY_CI set) it fails them, so
that a green run never hides journeys nobody clicked.
"""

import os
from pathlib import Path

import pytest
from django.db import connections

from tests.browser.pages import screenshot

CHROMIUM = os.environ.get("JOBFACTORY_CHROMIUM", "/usr/bin/chromium")
# --no-sandbox: CI runs as root, where chromium refuses its sandbox. The networking flags keep it
# from calling Google's services, which a closed network answers with nothing but timeouts.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# A slow CI machine serving a page while computing figures: generous, but a hang still ends.
TIMEOUT_MS = 20_000


def in_ci() -> bool:
    return any(os.environ.get(name, "").lower() not in ("", "0", "false", "no")
               for name in ("CI", "JOBFACTORY_CI"))


def _unavailable(reason: str):
    if in_ci():
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason} (CI fails instead)")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file():
        _unavailable(f"no chromium at {CHROMIUM} (Debian: apt-get install chromium, "
                     "or set JOBFACTORY_CHROMIUM)")
    from playwright.sync_api import sync_playwright
    # Playwright's sync API keeps an asyncio loop running in this thread, so Django takes every ORM
    # call the test makes (building data, reading it back) for a call from async code and refuses
    # it. Nothing here is async: allowed while the browser is open (the browser tests run last
    # among the database tests), restored when it closes.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # With that loop running, Django's connections are no longer per thread but per context: the
    # ORM opens new ones, which lack the database's contents serialized at setup (when setup came
    # first, as in a whole run). Carried over, so that each journey starts again from the migrated
    # data (rule sets, rates, communes) after the one before was flushed.
    serialized = {alias: connections[alias]._test_serialized_contents for alias in connections
                  if hasattr(connections[alias], "_test_serialized_contents")}
    playwright = sync_playwright().start()
    for alias, contents in serialized.items():
        connections[alias]._test_serialized_contents = contents
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(request, browser, live_server):
    """A page on the live server, as a French user in Lille sees it, with its JavaScript errors kept
    in ``page.errors`` (the journeys check them) and a screenshot kept when the test fails."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", timezone_id="Europe/Paris",
                                  viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(f"exception: {error}"))
    # A refused resource is reported below with its address; the console only says that one was.
    tab.on("console", lambda message: message.type == "error"
           and not message.text.startswith("Failed to load resource")
           and tab.errors.append(f"console: {message.text}"))
    tab.on("response", lambda response: _refused(response) and tab.errors.append(
        f"{response.status} {response.request.resource_type} {response.url}"))
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        screenshot(tab, f"failed-{request.node.name}")
    context.close()


def _refused(response) -> bool:
    # The browser asks every site for /favicon.ico on its own; the site has none, and says so.
    return (response.status >= 400 and response.request.resource_type != "document"
            and not response.url.endswith("/favicon.ico"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.report_call = report
    return report

