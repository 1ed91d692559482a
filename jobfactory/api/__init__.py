"""The JSON API (django-ninja, OpenAPI): one router per domain app, scoped exactly like the pages."""
