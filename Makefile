# 巫山县招商引资考核系统 — two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test venv sysdeps lint check clean bench loadtest

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

venv: $(VENV)/.installed

sysdeps:
	scripts/system-deps runtime

# Environment, dependencies, migrations, the 2023 plan and demo accounts, then the server on http://$(HOST)
run: venv sysdeps
	mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py runserver $(HOST)

# The whole suite (on SQLite unless DATABASE_URL points at PostgreSQL), on every core (pytest-xdist)
PYTEST_ARGS ?= -n auto
test: venv
	scripts/system-deps test
	$(PY) -m pytest $(PYTEST_ARGS)

# Benchmarks (numbers in the README); they use a scratch PostgreSQL database, never the app's
BENCH_DB ?= postgres://postgres@127.0.0.1:5432/wushan_bench
bench: venv sysdeps
	scripts/ensure-postgres
	psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'wushan_bench'" | grep -q 1 || \
		createdb -h 127.0.0.1 -U postgres wushan_bench
	DATABASE_URL=$(BENCH_DB) $(PY) bench/score_bench.py
	DATABASE_URL=$(BENCH_DB) $(PY) bench/dashboard_bench.py
	DATABASE_URL=$(BENCH_DB) $(PY) bench/bulletin_bench.py -o var/bulletin-2023-12.pdf
	DATABASE_URL=$(BENCH_DB) $(PY) bench/five_colour_bench.py
	$(PY) bench/pdf_bench.py

# The month-end load test (locust, gunicorn, PostgreSQL database wushan_load): prints a summary table
loadtest: venv sysdeps
	scripts/ensure-postgres
	bench/load_test.sh

# ruff, and import-linter's layer contracts of pyproject.toml (docs/architecture.md)
lint: venv
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache

check: venv
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=1 $(PY) manage.py check

clean:
	rm -rf $(VENV) var/db.sqlite3
