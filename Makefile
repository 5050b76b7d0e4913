# Two commands for a new user: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
CELERY := $(VENV)/bin/celery
HOST ?= 127.0.0.1
PORT ?= 8000
# -n 2: the machine the portal is built for has two cores.
PYTEST_ARGS ?= -n 2

.PHONY: install run test lint bench bench-load messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# The portal on http://$(HOST):$(PORT) with a Celery worker and beat beside it; Ctrl-C stops all three.
run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Portal: http://$(HOST):$(PORT)  (demo accounts and password: see README.md)"
	@trap 'kill 0' INT TERM; \
	$(CELERY) -A batxat_portal worker --loglevel=INFO --concurrency=1 --without-mingle --without-gossip & \
	$(CELERY) -A batxat_portal beat --loglevel=INFO & \
	$(PY) manage.py runserver $(HOST):$(PORT); \
	kill 0

test: install
	mkdir -p var
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# ruff, migrations in step with the models, and the import contracts of .importlinter (docs/architecture.md).
lint: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	mkdir -p var
	$(VENV)/bin/lint-imports --no-logo --cache-dir var/import-linter-cache

# Province-size data in its own database (var/bench.sqlite3 unless DATABASE_URL is set), then timings beside their
# SQL floors; the pages whose cost may grow with the staff are measured again at BENCH_SCALES, each in its own database.
# The public pages are loaded by locust for BENCH_LOAD_SECONDS a scenario (`make bench-load` alone, on the demo data:
# `make bench-load BENCH_LOAD_SECONDS=10` for a quick run).
BENCH_SCALES ?= 90000,300000
BENCH_LOAD_SECONDS ?= 60
bench: install
	mkdir -p var
	DATABASE_URL=$${DATABASE_URL:-sqlite:///var/bench.sqlite3} DJANGO_DEBUG=false \
	  BENCH_LOAD_SECONDS=$(BENCH_LOAD_SECONDS) sh -c \
	  '$(PY) manage.py migrate --noinput -v0 && $(PY) manage.py bench --scales "$(BENCH_SCALES)"'

bench-load: install
	mkdir -p var
	DATABASE_URL=$${DATABASE_URL:-sqlite:///var/bench.sqlite3} DJANGO_DEBUG=false \
	  BENCH_LOAD_SECONDS=$(BENCH_LOAD_SECONDS) sh -c \
	  '$(PY) manage.py migrate --noinput -v0 && $(PY) manage.py seed_demo >/dev/null && \
	   $(PY) manage.py bench --only "public pages" --no-seed'


# Refresh the Vietnamese catalogue after changing strings, then translate what is new.
messages: install
	$(PY) manage.py makemessages --locale vi --no-obsolete --ignore '.venv/*' --ignore 'static/*' --ignore 'var/*'
	$(PY) manage.py compilemessages --locale vi --ignore '.venv/*'

clean:
	rm -rf var staticfiles .pytest_cache
