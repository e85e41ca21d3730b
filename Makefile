# The two commands a newcomer types: `make demo` and `make test`.
# Both create the virtual environment .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: $(STAMP)
	$(BIN)/iku-excel demo

# LibreOffice (an independent spreadsheet engine) and poppler are Debian
# packages; the script installs them when they are missing and we are root.
system-deps:
	bash scripts/install-system-deps

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info
