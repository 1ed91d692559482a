"""The OpenAPI schema is served, valid, and documents every route; the docs page works offline."""

import re

from django.contrib.staticfiles import finders
from django.urls import URLPattern, URLResolver, get_resolver
from openapi_spec_validator import validate

from jobfactory.api.api import api

# ninja's own routes: the schema, the docs page and a root that always answers 404.
NOT_OPERATIONS = {"openapi-json", "openapi-view", "api-root"}
EXPECTED_PATHS = {
    "/api/territories",
    "/api/territories/{territory_id}",
    "/api/territories/{territory_id}/people",
    "/api/territories/{territory_id}/waiting-list",
    "/api/territories/{territory_id}/series",
    "/api/programmes/{programme_id}/series",
    "/api/territories/{territory_id}/activities",
    "/api/people/{public_id}",
}


def _api_routes() -> set[str]:
    """Every route the API serves, in OpenAPI's spelling, but the schema and the docs page."""
    resolver = next(p for p in get_resolver().url_patterns
                    if isinstance(p, URLResolver) and p.namespace == "api")
    routes = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name not in NOT_OPERATIONS:
                route = prefix + str(pattern.pattern)
                routes.add("/api/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))

    walk(resolver.url_patterns, "")
    return routes


def test_schema_is_served_and_valid(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["info"]["title"] == "jobfactory"
    assert schema["info"]["version"] == "1"
    assert set(schema["paths"]) == EXPECTED_PATHS


def test_every_route_is_documented(client):
    schema = client.get("/api/openapi.json").json()
    assert _api_routes() == set(schema["paths"])
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
            assert operation.get("description"), (method, path)
            assert "200" in operation["responses"], (method, path)
            # Every operation asks for the token or the session.
            assert {next(iter(s)) for s in operation["security"]} == {"TokenAuth", "BrowserSessionAuth"}


def test_every_field_is_described(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    for name, schema in schemas.items():
        for field, spec in schema.get("properties", {}).items():
            if name.startswith("Paged"):
                continue
            assert spec.get("description"), (name, field)


def test_security_schemes(client):
    schemes = client.get("/api/openapi.json").json()["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["BrowserSessionAuth"]["in"] == "cookie"


def test_session_auth_checks_csrf():
    session = next(a for a in api.auth if type(a).__name__ == "BrowserSessionAuth")
    assert session.csrf is True


def test_docs_page_works_offline(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui.css" in html
    # Nothing fetched from outside: no absolute URL in any src or href.
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert '"validatorUrl": null' in html
    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css", "ninja/swagger-ui-init.js"):
        assert finders.find(name), name
