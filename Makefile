# The two commands: `make run` (start the platform with demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# As in the Dockerfile: daphne passes frames up to 1 MiB (its limit applies to what the server
# sends too); the chat consumer refuses browser frames over 64 KiB. Idle sockets are pinged.
DAPHNE_LIMITS := --websocket-max-message-size 1048576 --websocket-max-frame-size 1048576 --ping-interval 20 --ping-timeout 30
# Quiet pip: no version nagging, and no warnings about this machine's optional local indexes.
PIP := PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_FIND_LINKS= $(BIN)/pip

.PHONY: run test setup translations messages lint format clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed translations

translations: $(VENV)/.installed
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=var -v0

run: setup
	DEBUG=1 $(BIN)/python manage.py migrate --noinput -v0
	DEBUG=1 $(BIN)/python manage.py collectstatic --noinput -v0
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Platforma WZK: http://$(HOST):$(PORT)/   (administracja: http://$(HOST):$(PORT)/admin/)"
	@echo ""
	DEBUG=1 $(BIN)/daphne -b $(HOST) -p $(PORT) $(DAPHNE_LIMITS) config.asgi:application

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	@echo "== pytest on SQLite (in-memory channel layer unless REDIS_URL is set) =="
	env -u DATABASE_URL $(BIN)/pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== pytest on PostgreSQL ($$TEST_DATABASE_URL) =="; \
		DATABASE_URL="$$TEST_DATABASE_URL" $(BIN)/pytest; \
	else \
		echo "TEST_DATABASE_URL is not set: the PostgreSQL pass is skipped."; \
	fi

messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l pl -l en --ignore=.venv --ignore=var --ignore=tests --ignore=bench

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf var/static var/db.sqlite3 var/media
