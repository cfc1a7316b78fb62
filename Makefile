# Cocreate — `make run` serves the platform with demo data; `make test` runs the whole quality gate.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# An interpreter that really runs (pyenv shims exist even for versions that are not active): $PYTHON if set,
# else python3.13 / python3.12 on PATH, else the newest 3.12+ under ~/.pyenv/versions/.
PYTHON_FOUND := $(shell \
	for p in "$$PYTHON" python3.13 python3.12 $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
		[ -n "$$p" ] || continue; \
		if "$$p" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then echo "$$p"; break; fi; \
	done)

.PHONY: help python venv run test lint audit axe lock messages openapi clean

help:
	@echo "make run   — set up a virtual environment, migrate, load demo data and serve http://$(HOST):$(PORT)"
	@echo "make test  — install the test dependencies and run the whole quality gate and test suite"

python:
	@if [ -z "$(PYTHON_FOUND)" ]; then echo "Cocreate needs Python 3.12 or newer: install python3.12 or python3.13, or set PYTHON=/path/to/python3.12." >&2; exit 1; fi

$(BIN)/.installed: requirements.lock pyproject.toml | python
	@test -x $(BIN)/python || $(PYTHON_FOUND) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

venv: $(BIN)/.installed

# Links in e-mails point at the server make run starts, unless COCREATE_BASE_URL says otherwise.
run: export COCREATE_BASE_URL ?= http://$(HOST):$(PORT)
run: venv
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py seed_demo
	@echo "Starting the background worker and the server at http://$(HOST):$(PORT)/ (Ctrl-C stops both)"
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker --interval 1 & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

audit: venv
	$(BIN)/python scripts/audit_dependencies.py

test: venv
	@bash scripts/test.sh

# axe-core on every page reachable from home, signed out and as each demo role, against the server make run started.
axe: venv
	$(BIN)/python scripts/axe_crawl.py http://$(HOST):$(PORT)/

# Re-pin every dependency after changing pyproject.toml (needs network access to the package index).
lock: venv
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.12 --universal --generate-hashes -q -o requirements.lock

messages: venv
	$(BIN)/python manage.py makemessages -l de -l es --ignore=.venv --ignore=var --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

openapi: venv
	$(BIN)/python -c "import django, json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup(); from config.api import api; print(json.dumps(api.get_openapi_schema(path_prefix='/api/v1/'), indent=2, sort_keys=True))" > docs/openapi.json

clean:
	rm -rf $(VENV) var/test-*
