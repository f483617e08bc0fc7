# Two commands do all set-up on a fresh machine with Python 3.11+ and make:
#   make run    – creates .venv, installs, migrates the database and serves the bot
#   make test   – creates .venv, installs, runs the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m bot serve --migrate

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info

bench: $(STAMP)
	$(PY) -m tests.bench.ack_times
	$(PY) -m tests.bench.ack_times --database-url "$${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"
