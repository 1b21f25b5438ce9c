# Haven: the two commands of the README are `make demo` and `make test`.
#
# Both start from `setup`, which installs everything from the lock files and builds the static
# assets. Each step leaves a stamp, so a second run skips what is already done and only redoes a
# step whose inputs changed (pyproject.toml/uv.lock, package-lock.json, the Sass and scripts).
#
# Expects: Python 3.13 from pyenv (.python-version), Node 20, and, for PostgreSQL runs, a server on
# 127.0.0.1:5432. Nothing is downloaded from anywhere but the package registries.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# pyenv's shim picks 3.13 from .python-version; uv is run as a module of that interpreter
# because the `uv` shim only exists where .python-version names the interpreter it lives in.
PYTHON ?= python3
UV_VERSION := 0.13.8
UV := UV_PYTHON_DOWNLOADS=never $(PYTHON) -m uv
VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
# Each install step's stamp lives inside what it builds, so deleting .venv, node_modules or
# static_build makes the next run rebuild it.
PYTHON_STAMP := $(VENV)/.haven-synced
NPM_STAMP := node_modules/.haven-installed
ASSETS := static_build/haven.css
DEVELOPMENT_MARKER := .haven-development
DEMO_CASES ?= 250
DEMO_SEED ?= 2026
DEMO_ADDRESS ?= 127.0.0.1:8000

# Demo runs on its own SQLite database under var/ whatever the shell's DATABASE_URL says.
DEMO_ENV := HAVEN_ENV=demo DATABASE_URL=

.PHONY: help setup install demo test lint bench totp clean-demo

help:
	@echo "make demo   install everything, seed demo data and serve Haven (and its task worker) on http://$(DEMO_ADDRESS)"
	@echo "make test   install everything and run the whole test suite"
	@echo "make lint   ruff check, ruff format --check and mypy"
	@echo "make bench  run the benchmarks in bench/"
	@echo "make totp EMAIL=...  print the current sign-in code of a demo user"
	@echo "make install PYTHON=/path/to/python3.13  production install (docs/deployment.md)"

setup: $(PYTHON_STAMP) $(ASSETS) $(DEVELOPMENT_MARKER)

# This checkout is for development: Haven may then start without HAVEN_ENV, in development mode.
# A production install never runs `make setup` and so never has it: there a missing HAVEN_ENV
# stops Haven instead of quietly serving in development mode (docs/decisions/0005).
$(DEVELOPMENT_MARKER):
	@echo "This checkout is used for development: without HAVEN_ENV, Haven runs in development mode (make setup made this file; see docs/decisions/0005-fail-closed-settings.md)." > $@

$(PYTHON_STAMP): pyproject.toml uv.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 13) else "Haven needs Python 3.13: install it with pyenv (see .python-version).")'
	@if [ "$$($(PYTHON) -m uv --version 2>/dev/null | cut -d' ' -f2)" != "$(UV_VERSION)" ]; then \
		echo "Installing uv $(UV_VERSION) into $$($(PYTHON) -c 'import sys; print(sys.prefix)')"; \
		$(PYTHON) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION); \
	fi
	$(UV) sync --frozen
	@touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(ASSETS): $(NPM_STAMP) scripts/build-assets.mjs $(wildcard scss/*.scss static_src/*)
	node scripts/build-assets.mjs

# --- Production install (docs/deployment.md) ----------------------------------------------------
#
#   sudo -u haven make install PYTHON=/opt/pyenv/versions/3.13.5/bin/python3
#
# The service user has no login shell, so pyenv's shims never load for it: PYTHON names the 3.13
# interpreter by its path (outside /root and /home, which the systemd units hide). Installs the
# runtime packages only (no pytest, playwright, mypy, ruff, locust, ...), builds the static
# assets with Node 20, and never leaves the development marker: without HAVEN_ENV, this checkout
# refuses to start. collectstatic, migrations and the rest need the environment file and the
# database, so they are steps of their own in docs/deployment.md. Safe to run again (upgrades).
INSTALL_UV_DIR := .tools/uv-$(UV_VERSION)

install:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 13) else 1)' 2>/dev/null || { \
		echo "make install needs Python 3.13, and PYTHON=$(PYTHON) is not: give the interpreter's path,"; \
		echo "e.g. make install PYTHON=/opt/pyenv/versions/3.13.5/bin/python3 (docs/deployment.md, step 1)."; \
		exit 1; }
	@if [ -e $(DEVELOPMENT_MARKER) ]; then \
		echo "This checkout was prepared for development ($(DEVELOPMENT_MARKER) is here): install from a fresh clone."; \
		exit 1; fi
	@node_major=$$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'); \
	if [ -z "$$node_major" ] || [ "$$node_major" -lt 20 ]; then \
		echo "make install needs Node 20 or later (found: $$(node --version 2>/dev/null || echo none)): see docs/deployment.md, step 1."; \
		exit 1; fi
	@# uv from the interpreter if it has the pinned version, otherwise into .tools/ in this
	@# checkout (the service user cannot install into a shared interpreter).
	@if [ "$$($(PYTHON) -m uv --version 2>/dev/null | cut -d' ' -f2)" = "$(UV_VERSION)" ]; then \
		uv="$(PYTHON) -m uv"; \
	else \
		if [ ! -x $(INSTALL_UV_DIR)/bin/uv ]; then \
			echo "Installing uv $(UV_VERSION) into $(INSTALL_UV_DIR)"; \
			$(PYTHON) -m pip install --quiet --disable-pip-version-check --target $(INSTALL_UV_DIR) uv==$(UV_VERSION); \
		fi; \
		uv=$(INSTALL_UV_DIR)/bin/uv; \
	fi; \
	echo "uv sync --frozen --no-dev --python $(PYTHON)"; \
	UV_PYTHON_DOWNLOADS=never $$uv sync --frozen --no-dev --compile-bytecode --python $(PYTHON)
	@$(VENV_PYTHON) -c 'import os, sys; wanted = os.path.realpath(sys.argv[1]); used = os.path.realpath(sys._base_executable); sys.exit(0 if used == wanted else f"The virtualenv runs {used}, not {wanted}: remove $(VENV) and run make install again.")' \
		"$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	npm ci --omit=dev --no-audit --no-fund
	node scripts/build-assets.mjs
	@# The service runs from a read-only checkout (systemd ProtectSystem=strict): compile now.
	$(VENV_PYTHON) -m compileall -q haven manage.py
	@echo
	@echo "Installed with $$($(VENV_PYTHON) --version) ($$(readlink -f $(VENV_PYTHON))), without development packages."
	@echo "Next: collectstatic, the database roles and migrations (docs/deployment.md, step 4)."

# --- The two commands ------------------------------------------------------------------------

demo: setup
	$(DEMO_ENV) $(VENV_PYTHON) manage.py migrate --noinput
	$(DEMO_ENV) $(VENV_PYTHON) manage.py collectstatic --noinput --verbosity 0
	$(DEMO_ENV) $(VENV_PYTHON) manage.py seed_demo --cases $(DEMO_CASES) --seed $(DEMO_SEED)
	@echo
	@echo "Haven is starting on http://$(DEMO_ADDRESS) (use http://localhost:8000 to try passkeys),"
	@echo "with the background-task worker beside it. E-mails are written to var/sent-emails/, never sent."
	@echo "Sign-in codes: make totp EMAIL=<e-mail above>   Stop with Ctrl+C (it stops both)."
	@echo
	@# gunicorn and `manage.py db_worker` together: background tasks (e-mails) are queued in the
	@# database as in production, and Ctrl+C stops both (scripts/serve_demo.py).
	$(DEMO_ENV) HAVEN_TASKS=database exec $(VENV_PYTHON) scripts/serve_demo.py \
		--bind $(DEMO_ADDRESS) --workers 2

# browser first: with Java already there, npm's vnu-jar install never tries to fetch one.
test: browser setup
	@# The static files as production serves them (whitenoise warns on every request without).
	$(VENV_PYTHON) manage.py collectstatic --noinput --verbosity 0
	$(VENV)/bin/pytest

# Browser journeys run on Debian's chromium, PDF tests read back with pdftotext, and the W3C Nu
# HTML checker (npm's vnu-jar) runs on Java; install each only when missing, so a machine that
# has them does not touch apt at all.
.PHONY: browser
browser:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	/sbin/ldconfig -p | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	if [ -n "$$missing" ]; then \
		echo "Installing from Debian for the browser, PDF and HTML tests:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# --- Other tasks -------------------------------------------------------------------------------

# All three run, so one run shows every problem; any failure fails the target.
lint: $(PYTHON_STAMP)
	@status=0; \
	$(VENV)/bin/ruff check . || status=1; \
	$(VENV)/bin/ruff format --check . || status=1; \
	$(VENV)/bin/mypy haven || status=1; \
	exit $$status

bench: setup
	@if [ -f bench/run.py ]; then $(VENV_PYTHON) bench/run.py $(BENCH_ARGS); \
	else echo "bench/run.py is not there yet: nothing to run."; fi

totp: $(PYTHON_STAMP)
	@$(DEMO_ENV) $(VENV_PYTHON) manage.py demo_totp "$(EMAIL)"

# Starts the demo again from an empty database (keys and the Python and npm installs are kept).
clean-demo:
	rm -f var/haven.sqlite3 var/haven.sqlite3-wal var/haven.sqlite3-shm var/demo-credentials.json
