# `make` sets up a fresh machine (once) and builds the default PDFs into output/;
# `make test` sets up and runs the test suite.
VENV := .venv
PYTHON := $(VENV)/bin/python

.PHONY: pdf test lint clean references
pdf: $(VENV)/.installed
	$(PYTHON) build.py

test: $(VENV)/.installed
	$(PYTHON) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

$(VENV)/.installed: pyproject.toml scripts/setup.sh
	sh scripts/setup.sh

clean:
	rm -rf output

# After an intended layout change: re-render the visual references, then review them in git.
references: $(VENV)/.installed
	BROSUR_REFRESH_REFERENCES=1 $(PYTHON) -m pytest tests/test_visual.py -k "pages_match or personalised"
