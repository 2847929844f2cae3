# Service Evaluation Platform — developer entry points.
#
# Every step is a file target that depends on its inputs, so a second `make run` with nothing
# changed skips pip, npm and the PWA build:
#   .venv/.installed        <- requirements.txt            (pip install)
#   .venv/.installed-dev    <- requirements*.txt           (pip install, dev tools)
#   pwa/node_modules/.installed <- pwa/package-lock.json   (npm ci: the lock, exactly)
#   pwa/dist/index.html         <- pwa sources, pages, config, node_modules
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi.py

PWA_SOURCES := $(shell find pwa/src pwa/public -type f 2>/dev/null) \
	pwa/index.html pwa/customer.html pwa/vite.config.js pwa/package.json

.PHONY: run test lint fmt bench install install-dev pwa db demo clean i18n audit

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

pwa/node_modules/.installed: pwa/package-lock.json pwa/package.json
	cd pwa && npm ci --no-audit --no-fund
	touch $@

pwa/dist/index.html: pwa/node_modules/.installed $(PWA_SOURCES)
	cd pwa && npm run build
	touch $@

pwa: pwa/dist/index.html

db: install
	$(BIN)/flask db upgrade

# `demo --upgrade` = `db upgrade` + `demo` in one process (one app start less per make run)
demo: install
	$(BIN)/flask demo --upgrade

## run: the product with demo data on SQLite at http://$(HOST):$(PORT) (default 127.0.0.1:5000)
## plus one task-queue consumer (flask worker); Ctrl-C stops both (scripts/run.py)
run: install pwa demo
	$(BIN)/python scripts/run.py --host $(HOST) --port $(PORT)

## test: the whole suite (unit, API, PostgreSQL when TEST_DATABASE_URL is set, browser)
test: install-dev pwa
	cd pwa && npm test
	$(BIN)/pytest -q -n 2

lint: install-dev
	$(BIN)/ruff check server tests bench
	$(BIN)/ruff format --check server tests bench
	$(BIN)/mypy

fmt: install-dev
	$(BIN)/ruff format server tests bench
	$(BIN)/ruff check --fix server tests bench

## bench: every benchmark, one table at the end
bench: install-dev pwa
	$(BIN)/python bench/run_all.py

## audit: Lighthouse on the field app and the HR console (a fresh demo, Debian chromium; prints
## the category scores; goals: accessibility >= 95, performance >= 90) (scripts/audit.py)
audit: install pwa
	$(BIN)/python scripts/audit.py

clean:
	rm -rf $(VENV) pwa/node_modules pwa/dist

# The msgid keywords of the server: N_/P_ marks, `localize`, the CLI's `say`, `Term`s, ApiError (3rd argument), the
# error kinds of server/domain_errors.py (2nd), sync outcomes. tests/test_translations.py
# reads this line.
BABEL_KEYWORDS := -k N_ -k P_:1c,2 -k Term:1 -k localize:1 -k say:1 -k ApiError:3 -k DomainError:2 \
	-k BadRequest:2 -k Unauthenticated:2 -k Forbidden:2 -k NotFound:2 -k Conflict:2 -k Gone:2 \
	-k TooLarge:2 -k UnsupportedMedia:2 -k Invalid:2 -k TooManyRequests:2 -k Unavailable:2 -k Outcome:4 \
	-k forbidden:3 -k CliError:1

## i18n: extract the server's msgids, update every catalogue, compile them (commit .po and .mo)
i18n: install-dev
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-wrap --sort-by-file \
		--omit-header -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-wrap \
		--no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d translations --statistics
