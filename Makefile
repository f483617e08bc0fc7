# Two commands do all set-up on a fresh machine with Python 3.11+ and make:
#   make run    – creates .venv with the runtime dependencies only, migrates the database and serves
#                 the bot (SLACK_BOT_TOKEN, SLACK_APP_TOKEN or, for many workspaces, SLACK_CLIENT_ID);
#                 without Slack tokens it starts the sandbox instead (a small Slack in the
#                 browser, no Slack needed). Ctrl+C stops it.
#   make test   – adds the development tools (pytest, ruff, playwright, …) and runs the whole suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint bench clean messages

$(RUNTIME_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $(RUNTIME_STAMP)

$(DEV_STAMP): $(RUNTIME_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(DEV_STAMP)

# exec: the bot is make's own child, so Ctrl+C ends it quietly (exit 0) instead of killing a shell.
run: $(RUNTIME_STAMP)
	@if [ -n "$$SLACK_BOT_TOKEN$$SLACK_APP_TOKEN$$SLACK_CLIENT_ID" ]; then \
		exec $(PY) -m bot serve --migrate; \
	else \
		echo "make run: inga Slack-variabler satta – startar sandlådan (python -m bot sandbox)."; \
		exec $(PY) -m bot sandbox; \
	fi

test: $(DEV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info

# Benchmarks (not tests): figures and targets in bench-results/summary.md. PostgreSQL figures
# come from TEST_DATABASE_URL or this machine's 127.0.0.1:5432, and are skipped without it.
bench: $(DEV_STAMP)
	$(PY) -m tests.bench

# The texts: compile bot/locale/{sv,en}/LC_MESSAGES/orat.po into the orat.mo files the bot loads
# (checked in; tests/unit/test_catalogue.py fails while a .mo is not what its .po compiles to).
messages: $(RUNTIME_STAMP)
	$(VENV)/bin/pybabel compile --domain orat --directory bot/locale
