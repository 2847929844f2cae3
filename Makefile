# Service Evaluation Platform — developer entry points.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi.py

.PHONY: run test lint fmt bench install install-dev pwa db demo clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt

install-dev: $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt

pwa:
	# npm ci refuses this lock (npm 11 records only this platform's optional rollup binaries);
	# npm install with the committed lock installs exactly the locked versions.
	cd pwa && npm install --no-audit --no-fund && npm run build

db: install
	$(BIN)/flask db upgrade

demo: db
	$(BIN)/flask demo

## run: the product with demo data on SQLite at http://127.0.0.1:5000
run: install pwa demo
	$(BIN)/flask run --host 127.0.0.1 --port 5000

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

clean:
	rm -rf $(VENV) pwa/node_modules pwa/dist
