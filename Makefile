# The two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
DEMO_STAFF ?= 2500
DEMO_SEED ?= 1
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install install-test release serve lint bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Browser tests need Chromium at $(CHROMIUM): sudo apt-get install chromium"; exit 1; fi; }

# Migrate, load the catalogue and (once) the demo place and a first draft rota to solve.
release: install
	$(BIN)/flask --app webapp migrate
	$(BIN)/flask --app webapp load-catalogue
	$(BIN)/flask --app webapp demo-place --if-empty --seed $(DEMO_SEED) --staff $(DEMO_STAFF)
	$(BIN)/flask --app webapp demo-rota

# Serve on http://127.0.0.1:$(PORT) with a job worker beside it; Ctrl-C stops both.
run: release
	@echo "Serving http://127.0.0.1:$(PORT)  (demo sign-ins: see README.md)"
	@$(BIN)/huey_consumer webapp.jobs.huey --workers 1 --logfile instance/worker.log & \
	  worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://127.0.0.1:$(PORT)/} $(BIN)/gunicorn -c python:webapp.serving --workers 2 --bind 127.0.0.1:$(PORT) --access-logfile - 'webapp:create_app()'

test: install-test
	$(BIN)/lint-imports
	$(BIN)/pytest -q

lint: install-test
	$(BIN)/ruff check webapp optimizer tests bench migrations

bench: install
	$(BIN)/python bench/web_passport.py

clean:
	rm -rf $(VENV) instance tests/screenshots .pytest_cache
