# Two commands do all set-up on a fresh machine that has Python 3.11:
#   make build   install, dbt deps, dbt build on the bundled demo data
#   make test    install, then every check: dbt build (data + unit tests), pytest, sqlfluff lint
#                (pytest skips the long scenarios marked `slow`; `make test-all` runs them too)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: install deps build test test-all dbt-test pytest pytest-all lint demo-data docs clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,bi]'
	touch $@

install: $(BIN)/.installed

dbt_packages/.installed: packages.yml $(BIN)/.installed
	$(DBT) deps
	touch $@

deps: dbt_packages/.installed

build: deps
	$(DBT) build

dbt-test: deps
	$(DBT) build

pytest: deps
	$(BIN)/python -m pytest -m "not slow"

pytest-all: deps
	$(BIN)/python -m pytest

lint: deps
	$(BIN)/sqlfluff lint

test: dbt-test pytest lint

test-all: dbt-test pytest-all lint

# Regenerate the bundled demo data (deterministic: same seed, same bytes).
demo-data: install
	$(BIN)/python -m customer360.generate --customers 2000 --seed 42 --out data/demo

docs: deps
	$(DBT) docs generate

clean:
	rm -rf target dbt_packages logs customer360.duckdb customer360.duckdb.wal .duckdb_tmp
