# The two commands of the README:
#   make run   – set up and serve the app on SQLite with the Long Biên data and demo accounts
#   make test  – set up and run the whole test suite (lint, migrations, translations, pytest)
# Both need only Python 3.11+; browser tests also need Debian's chromium (/usr/bin/chromium).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test lint format messages clean

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
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

messages: $(VENV)/.dev-installed
	$(BIN)/python scripts/i18n.py update $(wildcard /tmp/translations/*.json)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache test-artifacts
