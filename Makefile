# The two commands of the README:
#   make run   – set up and serve the app on SQLite with the Long Biên data and demo accounts
#   make test  – set up and run the whole test suite (lint, migrations, translations, pytest)
# Both need only Python 3.11+; browser tests also need Debian's chromium (/usr/bin/chromium).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# make test runs the suite in one process per core (pytest-xdist); PYTEST_WORKERS=0 for one.
PYTEST_WORKERS ?= auto

.PHONY: run test lint format messages clean bench backup restore serve worker migrate \
	collectstatic load load-smoke

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_longbien
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py seed_demo_evaluations
	DEBUG=1 $(BIN)/python manage.py seed_demo_commitments
	DEBUG=1 $(BIN)/python manage.py collectstatic --noinput -v0
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

test: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=longbien_eval.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	@if command -v msgfmt >/dev/null; then $(BIN)/python scripts/i18n.py check; \
	else echo "gettext is not installed: translation check skipped (CI runs it)"; fi
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

# The report benchmark (benchmarks/reports_bench.py) on PostgreSQL; builds its data when the
# database does not hold PEOPLE people and CYCLES cycles yet, e.g. make bench PEOPLE=2000 CYCLES=2
PEOPLE ?= 200000
CYCLES ?= 3
RUNS ?= 7
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/longbien_bench

bench: $(VENV)/.dev-installed
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python benchmarks/reports_bench.py --create-database
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python benchmarks/reports_bench.py \
		--people $(PEOPLE) --cycles $(CYCLES) --runs $(RUNS)

# The load test (benchmarks/load/): gunicorn with the production settings + PostgreSQL
# (+ Redis and the task worker when configured) against locust on loopback. Builds the data
# once into LOAD_DATABASE (PEOPLE people), then the wave, the floor and the saturation ratio.
# load-smoke: 20 s with 10 users on a small data set; fails on any error (CI runs it).
LOAD_DATABASE ?= longbien_load
SMOKE_PEOPLE ?= 2000
SMOKE_DATABASE ?= longbien_ci_load

load: $(VENV)/.dev-installed
	$(BIN)/python benchmarks/load/run.py --people $(PEOPLE) --cycles $(CYCLES) \
		--database $(LOAD_DATABASE)

load-smoke: $(VENV)/.dev-installed
	$(BIN)/python benchmarks/load/run.py --smoke --people $(SMOKE_PEOPLE) --cycles 2 \
		--database $(SMOKE_DATABASE)

messages: $(VENV)/.dev-installed
	$(BIN)/python scripts/i18n.py update $(wildcard /tmp/translations/*.json)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache test-artifacts

# Backups (core/backup.py): the database and MEDIA_ROOT into $(BACKUP_DIR)/longbien-<UTC time>/,
# with a manifest; restore asks before it replaces anything, and refuses a corrupt or
# mismatching backup. Use the site's settings, e.g. DJANGO_SETTINGS_MODULE=…production.
BACKUP_DIR ?= backups

backup: $(VENV)/.run-installed
	$(BIN)/python manage.py backup --output "$(BACKUP_DIR)"

restore: $(VENV)/.run-installed
	@test -n "$(FILE)" || { echo "usage: make restore FILE=$(BACKUP_DIR)/longbien-<time>"; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)"

# Production (docs/deploy.md): the settings come from the environment (SECRET_KEY,
# ALLOWED_HOSTS, DATABASE_URL, REDIS_URL …; deploy/env.example). `make serve` only serves:
# run `make migrate` and `make collectstatic` first, after each upgrade.
PROD_SETTINGS ?= longbien_eval.settings.production

serve: $(VENV)/.run-installed
	DJANGO_SETTINGS_MODULE=$(PROD_SETTINGS) $(BIN)/gunicorn -c deploy/gunicorn.conf.py

worker: $(VENV)/.run-installed
	DJANGO_SETTINGS_MODULE=$(PROD_SETTINGS) $(BIN)/python manage.py worker --queue-name '*'

migrate: $(VENV)/.run-installed
	DJANGO_SETTINGS_MODULE=$(PROD_SETTINGS) $(BIN)/python manage.py migrate --noinput

collectstatic: $(VENV)/.run-installed
	DJANGO_SETTINGS_MODULE=$(PROD_SETTINGS) $(BIN)/python manage.py collectstatic --noinput -v0
