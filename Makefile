# OecherLab Co-Creation — the two commands that matter: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HANDLER_COVERAGE := 70

.PHONY: run test lint fmt bench chaos install browser-deps clean

$(STAMP): requirements.lock pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==26.0.1
	$(BIN)/pip install --quiet --require-virtualenv -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e . 2>/dev/null || $(BIN)/pip install --quiet --no-deps -e .
	ln -sf $(CURDIR)/scripts/kcat $(BIN)/kcat
	@touch $(STAMP)

install: $(STAMP)

## Start the whole system (embedded broker + database, all services, demo data) until Ctrl-C.
run: $(STAMP)
	$(BIN)/python -m devstack

## The whole suite: lint, unit (with the handlers' coverage gate), integration, security,
## end-to-end and browser tests.
test: $(STAMP) browser-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m coverage run --source=services -m pytest tests/unit
	@echo "Unit coverage of the services' handler modules (at least $(HANDLER_COVERAGE) %):"
	$(BIN)/python -m coverage report --include='services/*/handlers*.py' --fail-under=$(HANDLER_COVERAGE)
	$(BIN)/python -m pytest --ignore=tests/unit --durations=20

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Benchmarks (not part of `make test`): prints figures and writes bench/results/*.json.
bench: $(STAMP)
	$(BIN)/python -m bench $(SCENARIO)

## Chaos run (not part of `make test`): phones vote while processes are SIGKILLed at random.
chaos: $(STAMP)
	$(BIN)/python -m chaos $(ARGS)

## Headless Chromium and axe-core for the browser tests.
browser-deps:
	@(command -v chromium && command -v kcat) >/dev/null || ./scripts/install-system-packages.sh
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund --silent

clean:
	rm -rf $(VENV) node_modules .pytest_cache
