# Tsunagu: `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench prod-check lint format install catalogs migrate demo clean vendor

# The virtualenv and the project's dependencies, reinstalled when pyproject.toml changes.
$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Tsunagu needs Python 3.11 or newer; run make PYTHON=python3.12 ...")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed vendor

# Front-end libraries from npm, copied into static folders so that we serve them (no CDN).
# Both are enhancements: without npm the site works, the ibasho list has no map, and the
# check-in page scans codes with the browser's own BarcodeDetector where there is one, and
# always takes them typed or from a hand-held scanner. (The PDFs' Japanese font comes from PyPI.)
# npm ci also installs axe-core, a dev dependency that the accessibility tests read from
# node_modules/: it is not copied, so never served. leaflet.js names its source map, and the
# production static storage (ManifestStaticFilesStorage) fails collectstatic without it.
VENDOR := cms/directory/static/vendor
SCANNER := events/static/vendor/jsqr
vendor: $(VENDOR)/leaflet/leaflet.js

$(VENDOR)/leaflet/leaflet.js: package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --silent && \
		mkdir -p $(VENDOR)/leaflet $(SCANNER) && \
		cp -R node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map \
			node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images \
			node_modules/leaflet/LICENSE $(VENDOR)/leaflet/ && \
		cp node_modules/jsqr/dist/jsQR.js node_modules/jsqr/LICENSE $(SCANNER)/; \
	else echo "npm not found: no ibasho map, no jsQR for scanning with the camera (the pages work without them)"; fi

catalogs: install
	$(PY) manage.py compile_catalogs

migrate: catalogs
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# The web server and a django-q2 worker together; Ctrl-C stops both.
run: demo
	$(PY) manage.py demo_admin
	@echo "Tsunagu: http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	@$(PY) manage.py qcluster & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# On every core (pytest-xdist, grouped as tests/conftest.py says); PYTEST_ARGS="-n 0" runs the
# tests one after another, in one process. First, how much of each language is translated.
test: catalogs
	$(PY) manage.py catalog_coverage
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

bench: catalogs
	$(PY) -m pytest tests/bench -o python_files='bench_*.py' -s $(PYTEST_ARGS)

# The README's Production section run for real (tests/system): PostgreSQL's server binaries,
# redis-server and npm on this machine; the suite's own database is the PostgreSQL at
# PROD_CHECK_DATABASE_URL (the system test starts a PostgreSQL server of its own besides).
PROD_CHECK_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tsunagu_prod_check
prod-check: catalogs
	DATABASE_URL=$(PROD_CHECK_DATABASE_URL) $(PY) -m pytest tests/system -m system -s $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules $(VENDOR) $(SCANNER)
	find . -name '*.mo' -path '*/locale/*' -not -path './node_modules/*' -delete
