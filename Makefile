# Jembatan: every task a developer or CI runs. `make help` lists them.
#
#   make run    set up (virtualenv, database, reference and demo data) and serve
#               http://127.0.0.1:8000
#   make serve  production mode (gunicorn, Celery worker and beat) from the environment
#   make test   lint, types, translations, tests on SQLite and PostgreSQL, browser
#               tests: what CI runs (.ci/run installs the system services first)

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
# Rebuilt whenever a pinned requirements file changes.
INSTALLED := $(VENV)/.installed

PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
PYTEST := JEMBATAN_ENV=test $(BIN)/pytest $(PYTEST_ARGS)
POSTGRES_URL ?= postgres://jembatan:jembatan@127.0.0.1:5432/jembatan
# Only the tests that need a real Celery worker read it (spreadsheets/tests/test_worker.py);
# JEMBATAN_REQUIRE_REDIS makes them fail, not skip, when Redis is missing.
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
HOST_PORT ?= 127.0.0.1:8000
DEMO_PARTICIPANTS ?= 2000
TEMPLATE_DIRS = $(wildcard templates */templates)

TEST_STEPS := lint types messages-check audit-deps test-sqlite test-postgres test-browser

.PHONY: help venv install run serve demo-data messages messages-check compilemessages lint format types audit-deps \
	test $(filter-out lint types messages-check audit-deps,$(TEST_STEPS)) fuzz authz-matrix bench bench-seed bench-import bench-matching bench-deadlines bench-safety bench-reports bench-web bench-faults bench-audit bench-fuzz cluster-start cluster-stop backup restore lock services clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{ printf "  make %-15s %s\n", $$1, $$2 }'

# --- setting up --------------------------------------------------------------

$(PY):
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements/base.txt requirements/dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	@touch $@

venv: $(INSTALLED) ## create .venv and install the pinned requirements (again only when they change)
install: $(INSTALLED)

run: $(INSTALLED) ## set up on a fresh machine and serve the demo on http://127.0.0.1:8000
	@# Translations first, so that the demo logins are the last thing printed before the server.
	@if ! command -v msgfmt >/dev/null; then \
		scripts/services.sh gettext || echo "WARNING: GNU gettext missing; pages are shown untranslated."; \
	fi
	@if command -v msgfmt >/dev/null; then $(MANAGE) compilemessages --ignore='.*' -v 0; fi
	$(MAKE) demo-data
	$(MANAGE) runserver $(HOST_PORT)

serve: $(INSTALLED) ## production mode: migrate, collectstatic, gunicorn + Celery worker + beat (settings from the environment or .env)
	BIN=$(BIN) scripts/serve.sh

# SQLite cannot create the folder of its database file, and var/ is not in git.
demo-data: $(INSTALLED) ## migrate, load the reference data and seed demo data (once), print the demo logins
	mkdir -p "$${JEMBATAN_VAR_DIR:-var}"
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_reference
	$(MANAGE) seed_demo --participants $(DEMO_PARTICIPANTS) --if-empty

services: ## install and start PostgreSQL, Redis, Chromium and gettext (apt-get, needs root)
	scripts/services.sh all

# --- translations ------------------------------------------------------------

messages: $(INSTALLED) ## regenerate locale/*/LC_MESSAGES/django.po from the code, then compile
	VENV_PYTHON=$(PY) scripts/check_messages.sh update

messages-check: $(INSTALLED) ## fail on stale catalogues or untranslated/fuzzy id and ja entries
	VENV_PYTHON=$(PY) scripts/check_messages.sh check

# The test runs depend on this so that they see the same (translated) pages
# whether or not a developer compiled the catalogues before.
compilemessages: $(INSTALLED) ## compile locale/*/LC_MESSAGES/*.po to .mo
	@command -v msgfmt >/dev/null || scripts/services.sh gettext
	$(MANAGE) compilemessages --ignore='.*' -v 0

# --- quality -----------------------------------------------------------------

# Also Django's system checks and missing migrations, on a throwaway in-memory
# database so that neither depends on (or touches) the local var/ database.
lint: $(INSTALLED) ## ruff check, ruff format --check, djhtml --check, system checks, missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(if $(TEMPLATE_DIRS),$(BIN)/djhtml --check $(TEMPLATE_DIRS),@echo "djhtml: no templates yet")
	DATABASE_URL=sqlite://:memory: $(MANAGE) check --fail-level WARNING
	DATABASE_URL=sqlite://:memory: $(MANAGE) makemigrations --check --dry-run

format: $(INSTALLED) ## apply ruff's fixes and formatting, re-indent the templates
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(if $(TEMPLATE_DIRS),$(BIN)/djhtml $(TEMPLATE_DIRS),@true)

types: $(INSTALLED) ## mypy --strict (configured in pyproject.toml)
	$(BIN)/mypy .

# Every pin of requirements/*.txt against the registry's advisories, allowing only what
# requirements/audit-allowlist.txt accepts. Where the advisory source cannot be reached
# (or answers for no pin) it prints "AUDIT SKIPPED" and make test's summary says skipped,
# never ok; JEMBATAN_REQUIRE_AUDIT=1 turns that into a failure. AUDIT_SERVICE=osv asks OSV.
audit-deps: $(INSTALLED) ## check the pinned requirements against the registry's advisories (pip-audit, with the allow-list)
	$(PY) -m lib.dependency_audit requirements/base.txt requirements/dev.txt

# --- tests -------------------------------------------------------------------

# DATABASE_URL is cleared so that a developer's exported setting cannot turn the
# SQLite run into a second PostgreSQL run.
test-sqlite: $(INSTALLED) compilemessages ## the test suite on SQLite (PYTEST_ARGS="-k name" to narrow)
	scripts/services.sh redis
	env -u DATABASE_URL JEMBATAN_TEST_REDIS_URL=$(TEST_REDIS_URL) JEMBATAN_REQUIRE_REDIS=1 \
		$(PYTEST) -n $(PYTEST_WORKERS) -m "not browser"

test-postgres: $(INSTALLED) compilemessages ## the test suite on PostgreSQL (started by scripts/services.sh)
	scripts/services.sh postgres redis
	DATABASE_URL=$(POSTGRES_URL) JEMBATAN_TEST_REDIS_URL=$(TEST_REDIS_URL) JEMBATAN_REQUIRE_REDIS=1 \
		$(PYTEST) -n $(PYTEST_WORKERS) -m "not browser"

# One process: the browser and the live server are shared by every browser test.
test-browser: $(INSTALLED) compilemessages ## browser tests in Debian's Chromium through Playwright
	scripts/services.sh chromium
	env -u DATABASE_URL $(PYTEST) -p no:xdist -m browser

test: $(INSTALLED) ## everything CI runs; every step runs, then a summary with timings
	@failed=(); noted=(); summary=(); \
	for step in $(TEST_STEPS); do \
		echo; echo "==> make $$step"; start=$$SECONDS; note=$$(mktemp); \
		if JEMBATAN_STEP_NOTE=$$note $(MAKE) $$step; then result=$$(cat "$$note"); result=$${result:-ok}; \
		else result=FAILED; failed+=("$$step"); fi; rm -f "$$note"; \
		case $$result in ok|FAILED) ;; *) noted+=("$$step ($$result)");; esac; \
		summary+=("$$(printf '  %-15s %-7s %4ds' "$$step" "$$result" $$((SECONDS - start)))"); \
	done; \
	echo; echo "==> make test summary"; printf '%s\n' "$${summary[@]}"; \
	if [ $${#noted[@]} -gt 0 ]; then echo "NOT RUN IN FULL (see each step's output): $${noted[*]}"; fi; \
	if [ $${#failed[@]} -gt 0 ]; then echo "FAILED: $${failed[*]}"; exit 1; fi; \
	if [ $${#noted[@]} -gt 0 ]; then echo "passed, except what was not run in full"; else echo "all passed"; fi

# The same property-based test the suite runs with a few examples per page, at length.
FUZZ_EXAMPLES ?= 300
fuzz: $(INSTALLED) compilemessages ## arbitrary query strings at every list and search page, FUZZ_EXAMPLES per page and persona
	env -u DATABASE_URL JEMBATAN_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PYTEST) -p no:xdist -q tests/test_query_strings.py

# The declarations next to the views as one table for a security review (the suite checks every cell).
AUTHZ_FORMAT ?= markdown
authz-matrix: $(INSTALLED) ## write the authorization matrix (every route and API operation × every kind, role, participant, anonymous) to var/authorization-matrix.md (AUTHZ_FORMAT=csv for .csv)
	@mkdir -p var
	$(MANAGE) authorization_matrix --format $(AUTHZ_FORMAT) --output var/authorization-matrix.$(if $(filter csv,$(AUTHZ_FORMAT)),csv,md)

# --- benchmarks --------------------------------------------------------------

# DEBUG off: Django's query log would otherwise be part of what is measured.
bench: $(INSTALLED) ## run every bench/bench_*.py; each ends with its "BENCH name key=value ..." line(s)
	@scripts/services.sh postgres >/dev/null  # bench_import.py measures PostgreSQL too
	@mkdir -p bench-results; shopt -s nullglob; scripts=(bench/bench_*.py); \
	if [ $${#scripts[@]} -eq 0 ]; then echo "no benchmarks in bench/"; exit 0; fi; \
	for script in "$${scripts[@]}"; do \
		name=$$(basename "$$script" .py); echo "==> $$script"; \
		DEBUG=false PYTHONPATH=$(CURDIR) $(PY) "$$script" | tee "bench-results/$$name.log"; \
	done; \
	echo; echo "==> results"; for script in "$${scripts[@]}"; do \
		grep '^BENCH ' "bench-results/$$(basename "$$script" .py).log"; \
	done

bench-seed: $(INSTALLED) ## seeding benchmark at 100,000 participants
	@mkdir -p bench-results
	DEBUG=false PYTHONPATH=$(CURDIR) $(PY) bench/bench_seed.py --participants 100000 | tee bench-results/bench_seed-100000.log

# Both databases: scripts/services.sh starts PostgreSQL first. The baseline
# (django-import-export) takes several minutes per database.
bench-import: $(INSTALLED) ## import benchmark: 100,000-row XLSX on SQLite and PostgreSQL vs django-import-export
	@mkdir -p bench-results
	scripts/services.sh postgres
	DEBUG=false PYTHONPATH=$(CURDIR) $(PY) bench/bench_import.py --rows 100000 | tee bench-results/bench_import.log

# No database: the data are generated as the engine's columns (see the script's docstring).
bench-matching: $(INSTALLED) ## matching benchmark: 200,000 participants × 20,000 job orders vs a Python loop and scipy
	@mkdir -p bench-results
	DEBUG=false PYTHONPATH=$(CURDIR) $(PY) bench/bench_matching.py | tee bench-results/bench_matching.log

# PostgreSQL, as in production: scripts/services.sh starts it. The baseline (a loop over
# model instances on a tenth of the companies) takes about ten minutes.
bench-deadlines: $(INSTALLED) ## deadline sweep benchmark: 300,000 placements in Japan, swept twice, vs a loop over instances
	@mkdir -p bench-results
	scripts/services.sh postgres
	DEBUG=false PYTHONPATH=$(CURDIR) $(PY) bench/bench_deadlines.py --placements 300000 | tee bench-results/bench_deadlines.log

# PostgreSQL, as in production. The baseline (one insert per worker) takes about half a minute.
bench-safety: $(INSTALLED) ## safety check benchmark: 20,000 workers in one prefecture of 300,000 placements, created and its board loaded
	@mkdir -p bench-results
	scripts/services.sh postgres
	DEBUG=false PYTHONPATH=$(CURDIR) $(PY) bench/bench_safety.py --placements 300000 --in-prefecture 20000 | tee bench-results/bench_safety.log

# PostgreSQL, as in production. Seeding a million participants with their history and
# the refresh take minutes each; the baseline (the funnel read per participant) about as long.
bench-web: $(INSTALLED) ## load test: 50 users, 2 minutes of the day's mix through the balancer at 1,000,000 participants (starts and stops scripts/cluster.sh)
	@mkdir -p bench-results
	PYTHONPATH=$(CURDIR) $(PY) bench/bench_web.py --participants $${BENCH_WEB_PARTICIPANTS:-1000000} --users 50 --seconds 120 | tee bench-results/bench_web.log

bench-reports: $(INSTALLED) ## reports benchmark: every dashboard over 1,000,000 participants, 300,000 placements, 50,000 grievances
	@mkdir -p bench-results
	scripts/services.sh postgres
	DEBUG=false PYTHONPATH=$(CURDIR) $(PY) bench/bench_reports.py --participants 1000000 --placements 300000 --grievances 50000 | tee bench-results/bench_reports.log

# PostgreSQL, as in production: its own throw-away database (BENCH_AUDIT_DATABASE), dropped afterwards.
BENCH_AUDIT_DATABASE ?= jembatan_s_audit_bench
bench-audit: $(INSTALLED) ## audit chains: 1,000,000 entries, one altered, found by verify_audit (target < 60 s)
	@mkdir -p bench-results
	scripts/services.sh postgres
	DEBUG=false PYTHONPATH=$(CURDIR) $(PY) bench/bench_audit.py --entries 1000000 --days 100 --database $(BENCH_AUDIT_DATABASE) | tee bench-results/bench_audit.log

# SQLite, in process: the API through WSGI, the forms and imports through the test client.
# The API and form runs go side by side. FUZZ_MINUTES=n stops the runs after n minutes (a busy machine)
# and reports what they did.
FUZZ_MINUTES ?= 0
bench-fuzz: $(INSTALLED) compilemessages ## fuzzing at length: >= 10,000 schemathesis calls and >= 10,000 form posts, generated spreadsheets for every import kind
	@mkdir -p bench-results
	env -u DATABASE_URL DEBUG=false PYTHONPATH=$(CURDIR) $(PY) bench/bench_fuzz.py --minutes $(FUZZ_MINUTES) | tee bench-results/bench_fuzz.log

cluster-start: $(INSTALLED) ## start the loopback production set: PostgreSQL primary 5440 + replica 5441, Redis 6390, gunicorn 8001/8002, nginx 8080, 2 Celery workers, beat
	scripts/cluster.sh start

cluster-stop: ## stop the loopback production set
	scripts/cluster.sh stop

# Root is needed for the disk-full fault only (a tmpfs mounted on the media folder).
bench-faults: $(INSTALLED) ## faults under load on the cluster: kill an app server, restart the primary, kill workers mid-task, fill the media disk
	@mkdir -p bench-results
	$(PY) bench/bench_faults.py | tee bench-results/bench_faults.log

# --- maintenance ---------------------------------------------------------------

# The database of DATABASE_URL (default: the embedded SQLite) and the uploaded files.
BACKUP ?=
backup: $(INSTALLED) ## back up the database and uploaded files with a manifest of checksums (BACKUP=folder, default var/backups/jembatan-<time>)
	$(MANAGE) backup $(BACKUP)

restore: $(INSTALLED) ## restore BACKUP=folder into the EMPTY database of DATABASE_URL and empty media folders, checked
	@test -n "$(BACKUP)" || { echo "name the backup: make restore BACKUP=var/backups/jembatan-..."; exit 2; }
	$(MANAGE) restore $(BACKUP)


# Run from requirements/ so the "via" comments and headers stay as committed.
# uv keeps the current pins that still satisfy the .in files; LOCK_ARGS=--upgrade
# (or --upgrade-package django) moves them. Every pin carries the sha256 of each
# of its files on the registry, and the installs above require them
# (--require-hashes): a file replaced on the registry, or on the way, is refused.
LOCK_ARGS ?=
# --no-strip-extras keeps a pin's extras (cachecontrol[filecache]==…): pip in hash-checking mode
# treats a dependency's "cachecontrol[filecache]>=0.13" as a requirement of its own, and fails
# as unpinned once the registry holds a newer release than the pin.
lock: | $(PY) ## re-pin requirements/*.txt from requirements/*.in with uv, with hashes (LOCK_ARGS=--upgrade)
	@test -x $(BIN)/uv || $(PY) -m pip install --quiet --disable-pip-version-check uv
	cd requirements && ../$(BIN)/uv pip compile base.in -o base.txt --python-version 3.11 --generate-hashes --no-strip-extras --quiet $(LOCK_ARGS)
	cd requirements && ../$(BIN)/uv pip compile dev.in -o dev.txt --python-version 3.11 --generate-hashes --no-strip-extras --quiet $(LOCK_ARGS)
	@echo "pinned; 'make venv' installs the new pins"

clean: ## remove the virtualenv, caches, compiled translations and collected static files (keeps var/)
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache staticfiles bench-results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -path ./.git -prune -o -name '*.mo' -path '*/locale/*' -type f -print -exec rm -f {} +
