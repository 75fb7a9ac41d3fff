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

# make run: the port first (before installing or migrating), then every setup step's output
# into $(RUN_LOG); the screen shows the address, the demo logins and what needs attention.
RUN_LOG := $(or $(VAR_DIR),var)/setup.log
SITE_URL ?= http://$(HOST):$(PORT)
RUN_ENV := DEBUG=1 SITE_URL=$(SITE_URL)

run:
	@$(PYTHON) config/port_free.py $(HOST) $(PORT)
	@mkdir -p $(dir $(RUN_LOG)) && : > $(RUN_LOG)
	@echo "Przygotowanie (instalacja, tłumaczenia, migracje, dane demo) / setting up: log in $(RUN_LOG)"
	@$(MAKE) --no-print-directory setup >> $(RUN_LOG) 2>&1 || { tail -n 30 $(RUN_LOG); echo "make run: setup failed, see $(RUN_LOG)"; exit 1; }
	@$(RUN_ENV) $(BIN)/python manage.py migrate --noinput -v0 >> $(RUN_LOG) 2>&1 || { tail -n 30 $(RUN_LOG); echo "make run: migrate failed, see $(RUN_LOG)"; exit 1; }
	@$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput -v0 >> $(RUN_LOG) 2>&1 || { tail -n 30 $(RUN_LOG); echo "make run: collectstatic failed, see $(RUN_LOG)"; exit 1; }
	@$(RUN_ENV) $(BIN)/python manage.py seed_demo 2>> $(RUN_LOG) || { tail -n 30 $(RUN_LOG); echo "make run: seed_demo failed, see $(RUN_LOG)"; exit 1; }
	@echo ""
	@echo "  Platforma WZK: $(SITE_URL)/   (administracja: $(SITE_URL)/admin/)"
	@if [ -z "$$EMAIL_URL" ]; then echo "  E-maile są wypisywane tutaj / e-mails are printed here (EMAIL_URL not set)"; fi
	@if [ -z "$$REDIS_URL" ]; then echo "  Bez Redis: jeden proces, zadania od razu / no Redis: one process, tasks run at once"; fi
	@echo "  Ctrl+C zatrzymuje / stops the server"
	@echo ""
	@$(RUN_ENV) $(BIN)/daphne -b $(HOST) -p $(PORT) $(DAPHNE_LIMITS) config.asgi:application

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	@# With PostgreSQL, the browser tests run once, in its pass (production's database);
	@# without it, in the SQLite pass.
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== pytest on SQLite, browser tests in the PostgreSQL pass =="; \
		env -u DATABASE_URL $(BIN)/pytest -m "not browser" && \
		echo "== pytest on PostgreSQL ($$TEST_DATABASE_URL) ==" && \
		DATABASE_URL="$$TEST_DATABASE_URL" $(BIN)/pytest; \
	else \
		echo "== pytest on SQLite (in-memory channel layer unless REDIS_URL is set) =="; \
		env -u DATABASE_URL $(BIN)/pytest && \
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
