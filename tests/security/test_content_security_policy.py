"""The content security policy holds: the header is sent, and no template needs what it forbids
(inline code, event-handler attributes, style attributes or blocks)."""

import re
from pathlib import Path

from django.urls import reverse

import jobfactory

TEMPLATES = sorted(Path(jobfactory.__file__).parent.glob("**/templates/**/*.html"))
# A <script> with a body is code, unless it only carries data (json_script, application/json).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>\s*\S", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE = re.compile(r"<[^>]+\sstyle\s*=|<style\b", re.I)


def test_the_templates_are_found():
    assert len(TEMPLATES) > 20


def test_no_template_has_inline_code_or_styles():
    offending = []
    for path in TEMPLATES:
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offending.append(f"{path.relative_to(Path(jobfactory.__file__).parent)}:{line}: "
                                 f"{match.group(0)[:60]}")
    assert not offending, "\n".join(offending)


def test_the_patterns_catch_what_they_should():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/dashboard.js"></script>')
    assert not INLINE_SCRIPT.search('<script id="d" type="application/json">{"a": 1}</script>')
    assert EVENT_HANDLER.search('<button class="x" onclick="go()">')
    assert STYLE.search('<div style="width: 3%">') and STYLE.search("<style>p {}</style>")
    assert not STYLE.search('<div class="w-3" data-style="x">')


def test_pages_carry_the_policy(client, team_user):
    client.force_login(team_user)
    for url in (reverse("login"), reverse("territories:list")):
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"


def test_the_api_docs_relax_images_only(client, team_user):
    client.force_login(team_user)
    policy = client.get("/api/docs")["Content-Security-Policy"]
    assert "img-src 'self' data:" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
