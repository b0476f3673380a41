# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install run test lint audit bench vendor lock browser clean

install: $(STAMP)

$(STAMP): requirements/dev.txt requirements/build.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/build.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	mkdir -p var
	touch $(STAMP)

run: install
	DEBUG=$${DEBUG:-1} $(BIN)/borgerraadgiver migrate --no-input
	DEBUG=$${DEBUG:-1} $(BIN)/borgerraadgiver demo --if-empty
	DEBUG=$${DEBUG:-1} $(BIN)/borgerraadgiver runserver 127.0.0.1:$(PORT)

# Debian's chromium drives the browser tests (Playwright never downloads one);
# poppler-utils' pdftotext reads generated PDFs back in the report tests.
browser:
	@{ command -v chromium && command -v pdftotext; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq chromium poppler-utils >/dev/null; }

# The suite tests the production settings (headers, cookies): a DEBUG=1 left
# in the shell from a `make run` session must not turn them off.
test: install browser lint audit
	TESTING=1 $(BIN)/borgerraadgiver makemigrations --check --dry-run
	env -u DEBUG $(BIN)/pytest

# Known vulnerabilities in the locked dependencies (PyPI's advisory feed) and
# high-severity findings in our own code fail the build. pip-audit names every
# package it could not look up; AUDIT_STRICT=1 makes that a failure as well.
audit: install
	$(BIN)/pip-audit --disable-pip --progress-spinner off $(if $(AUDIT_STRICT),--strict) \
	  -r requirements/build.txt -r requirements/dev.txt
	@# bandit logs a warning for every reviewed "# nosec" on a line it no longer
	@# flags; shown only when it fails, so a passing run is not a wall of noise.
	@mkdir -p var
	$(BIN)/bandit -q -c pyproject.toml -r src --severity-level high 2> var/bandit.log \
	  || { cat var/bandit.log; exit 1; }

lint: install
	$(BIN)/ruff check src tests e2e
	$(BIN)/ruff format --check src tests e2e

bench: install
	$(BIN)/python -m borgerraadgiver.bench

vendor:
	./scripts/vendor.sh

# uv is pinned among the dev tools, so re-locking needs nothing but `make install`;
# it keeps every pin already in the files unless pyproject.toml asks otherwise.
lock: install
	$(BIN)/uv pip compile requirements/build.in --python-version 3.11 --generate-hashes -q -o requirements/build.txt
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -q -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -q -o requirements/dev.txt

clean:
	rm -rf $(VENV) var
