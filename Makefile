# Quick start: `make demo` (serve the demo on 127.0.0.1:$PORT) and `make test` (the whole suite).
# Each brings what it needs: Debian packages (scripts/system-packages), the virtualenv and the
# Python packages (pyproject.toml), and for the tests axe-core (npm).
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Two workers: the machines have two cores. The order is random (pytest-randomly prints the
# seed; replay a run with PYTEST_ARGS="-n 2 -p randomly --randomly-seed=N").
PYTEST_ARGS ?= -n 2
AXE := tests/browser/node_modules/axe-core/axe.min.js
step = @printf '\n==> %s\n' "$(1)"

.PHONY: demo test system-demo system-test lint format clean

system-demo:
	$(call step,System packages for the product)
	@scripts/system-packages demo

system-test:
	$(call step,System packages for the tests)
	@scripts/system-packages test

$(BIN)/python:
	$(call step,Python virtual environment ($(VENV)))
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(call step,Python packages (pip install -e .))
	$(BIN)/pip install --progress-bar off -e . | (grep -E '^(Collecting|Successfully|ERROR)' || true)
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(call step,Python packages with the test extras (pip install -e '.[test]'))
	$(BIN)/pip install --progress-bar off -e '.[test]' | (grep -E '^(Collecting|Successfully|ERROR)' || true)
	touch $(VENV)/.installed $@

$(AXE): tests/browser/package-lock.json
	$(call step,axe-core for the accessibility checks (npm ci))
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $@

demo: system-demo $(VENV)/.installed
	$(call step,Demo: migrate, load the demo data, check, serve on 127.0.0.1:$(PORT))
	PORT=$(PORT) $(BIN)/gongkai demo

test: system-test $(VENV)/.installed-test $(AXE)
	$(call step,Test suite (pytest $(PYTEST_ARGS)))
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache tests/browser/node_modules
