# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
FLASK  := $(BIN)/flask --app jobboard

.PHONY: run test lint format translations catalogs clean

# Re-install only when pyproject.toml changed, so a second `make run` starts at once.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

catalogs: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d jobboard/translations -D messages >/dev/null

instance/config.py:
	@$(BIN)/python -c "import secrets; print('# Written by make run. Keep secret; never commit.\nSECRET_KEY = ' + repr(secrets.token_hex(32)))" > $@
	@echo "Wrote $@ with a new random SECRET_KEY."

run: $(VENV)/.installed catalogs instance/config.py
	$(FLASK) db upgrade
	JOBBOARD_DEMO_MODE=true $(FLASK) demo --if-empty
	$(FLASK) search sync
	JOBBOARD_DEMO_MODE=true JOBBOARD_MAIL_BACKEND=console $(FLASK) run --host 127.0.0.1 --port $(PORT)

# Unit, HTTP and browser tests. JOBBOARD_TEST_DATABASE_URL selects PostgreSQL.
test: $(VENV)/.installed catalogs
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract strings and merge them into the catalogs (run after changing texts).
translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o jobboard/translations/messages.pot --no-location --sort-output --project jobboard .
	$(BIN)/pybabel update -i jobboard/translations/messages.pot -d jobboard/translations --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
