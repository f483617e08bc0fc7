# Two commands do all set-up on a fresh machine with Python 3.11+ and make:
#   make run    – creates .venv, installs, migrates the database and serves the bot; without Slack
#                 tokens it starts the sandbox instead (a small Slack in the browser, no Slack needed)
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
	@if [ -n "$$SLACK_BOT_TOKEN$$SLACK_APP_TOKEN" ]; then \
		$(PY) -m bot serve --migrate; \
	else \
		echo "make run: inga Slack-variabler satta – startar sandlådan (python -m bot sandbox)."; \
		$(PY) -m bot sandbox; \
	fi

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info

# Benchmarks (not tests): figures and targets in bench-results/summary.md. PostgreSQL figures
# come from TEST_DATABASE_URL or this machine's 127.0.0.1:5432, and are skipped without it.
bench: $(STAMP)
	$(PY) -m tests.bench
