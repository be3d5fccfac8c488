# `make` sets up a fresh machine (once) and builds the default PDFs into output/;
# `make test` sets up and runs the test suite but for its slow tests; `make test-all` runs
# all of it (as CI does). Both spread the tests over every core (pytest-xdist, a file each).
VENV := .venv
PYTHON := $(VENV)/bin/python
PYTEST := $(PYTHON) -m pytest -n auto --dist loadfile

.PHONY: pdf test test-all lint clean references docs
pdf: $(VENV)/.installed
	$(PYTHON) build.py

test: $(VENV)/.installed
	$(PYTEST) -m "not slow"

test-all: $(VENV)/.installed
	$(PYTEST)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/mypy

$(VENV)/.installed: pyproject.toml scripts/setup.sh
	sh scripts/setup.sh

clean:
	rm -rf output

# After an intended layout change: re-render the visual references, then review them in git.
references: $(VENV)/.installed
	BROSUR_REFRESH_REFERENCES=1 $(PYTHON) -m pytest -n auto tests/pdf/test_visual.py tests/pdf/test_copyfit.py tests/pdf/test_profile_pages.py -k "pages_match or personalised or content_rich or mostly_empty"

# After changing the schema or brosur/content/fields.yml: write the field reference again
# (docs/fields.en.md, docs/fields.id.md); a test fails while it is out of date.
docs: $(VENV)/.installed
	$(PYTHON) -m brosur.content.reference
