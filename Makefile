# Every target sets itself up on first use: a virtual environment from the exact pins in
# requirements.txt and, for the targets that need them, the Debian packages the tests use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# pytest-xdist workers for `make check` and `make test` (the real site is built once and shared).
JOBS ?= 2
export NO_MKDOCS_2_WARNING := 1
# Compiled Python and pytest's rewritten test modules are kept (in __pycache__/, which git ignores): without them
# every pytest-xdist worker compiles the hooks and rewrites the tests again, 2.5 s each.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help serve check test build offline bench clean venv

help:
	@echo "make serve    live preview at http://127.0.0.1:$(PORT)/ (rebuilds on save)"
	@echo "make check    the fast tier: unit tests, fixture sites, the real site's strict build (no PDFs, no browser)"
	@echo "make test     every test (unit, build, browser, PDF, offline copy, search sets, LinkChecker)"
	@echo "make build    the complete deployable site in site/"
	@echo "make offline  a copy that works from file:// in site-offline/ and site-offline.zip"
	@echo "make bench    build, weight, search and PDF figures against baselines (bench/results.json)"

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt scripts/setup-venv.sh
	@PYTHON="$(PYTHON)" VENV="$(VENV)" bash scripts/setup-venv.sh
	@touch $@

serve: venv
	$(BIN)/python -m mkdocs serve --dev-addr 127.0.0.1:$(PORT)

build: venv
	@bash scripts/system-deps.sh build
	$(BIN)/python -m mkdocs build --clean --site-dir site

check: venv
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup --no-loadscope-reorder --prebuild site -m "not browser and not slow"

test: venv
	@bash scripts/system-deps.sh test
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup --no-loadscope-reorder --prebuild site,offline,handbook

offline: venv
	@bash scripts/system-deps.sh build
	OFFLINE=true $(BIN)/python -m mkdocs build --clean --site-dir site-offline
	rm -f site-offline.zip && $(BIN)/python -m zipfile -c site-offline.zip site-offline/
	@echo "Open site-offline/index.html in a browser (or unzip site-offline.zip on a USB stick)."

bench: venv bench/node_modules/.installed
	@bash scripts/system-deps.sh test
	$(BIN)/python scripts/bench.py

bench/node_modules/.installed: bench/package.json bench/package-lock.json
	@bash scripts/system-deps.sh node
	cd bench && npm ci --no-audit --no-fund
	@touch $@

clean:
	rm -rf site site-offline site-offline.zip bench/results.json .pytest_cache
