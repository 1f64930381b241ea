# The two commands a newcomer needs: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: run test lint bench soak migrations-check screenshots install messages clean

RUNTIME := $(VENV)/.runtime

# `make run` needs only what the product runs on; tests, lint and bench add the dev extras.
$(RUNTIME): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## run: install the runtime, migrate, load the demo, serve on http://$(HOST) with the task worker
run: $(RUNTIME)
	$(BIN)/revmen migrate --noinput
	$(BIN)/revmen demo
	SITE_URL="$${SITE_URL:-http://$(HOST)}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost,$(firstword $(subst :, ,$(HOST)))}" \
	$(BIN)/revmen serve $(HOST)

## test: the whole suite (browser tests too when chromium is installed)
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## lint: ruff, formatting, mypy (django-stubs; strict on the pure cores), import layers, missing migrations
lint: $(STAMP) migrations-check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

migrations-check: $(STAMP)
	$(BIN)/revmen makemigrations --check --dry-run

## bench: benchmarks with ratios against baselines measured in the same run
bench: $(STAMP)
	$(BIN)/python -m revmen.bench

## soak: answers and page views at 300 req/s on gunicorn + a throwaway PostgreSQL, with a worker
## killed and PostgreSQL restarted (SOAK_SECONDS, default 600); exit 1 if an answer is lost
soak: $(STAMP)
	$(BIN)/python -m revmen.bench.soak

## screenshots: refresh docs/*.png (needs chromium)
screenshots: $(STAMP)
	$(BIN)/python -m revmen.bench.screenshots

## messages: refresh and compile translations (needs gettext)
messages: $(STAMP)
	cd revmen && ../$(BIN)/revmen makemessages -l id -l en --no-obsolete
	cd revmen && ../$(BIN)/revmen compilemessages

clean:
	rm -rf $(VENV) db.sqlite3 media
