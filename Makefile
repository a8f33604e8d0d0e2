# The few commands people type. `make serve` and `make test` work on a fresh machine.
PY ?= python3
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: install install-test chromium test-tools build serve test lint bench

install:
	$(PY) -m pip install -q -e .

install-test: chromium test-tools
	$(PY) -m pip install -q -e '.[test]'

# Debian's Chromium for the browser tests (never `playwright install`).
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# Page checkers for the tests: the Nu HTML Checker (Java) and axe-core, pinned in tests/tools/package-lock.json.
test-tools:
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless >/dev/null; }
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq npm >/dev/null; }
	cd tests/tools && npm ci --no-audit --no-fund --ignore-scripts --silent

build: install
	$(PY) build.py

serve: install
	$(PY) build.py serve

test: install-test
	$(PY) -m pytest

lint:
	$(PY) -m ruff check archive tests build.py

bench:
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) bench/run.py
