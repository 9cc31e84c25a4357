# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test fuzz lint typecheck docs bench sample serve schemas clean

$(STAMP): pyproject.toml Makefile
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,pandas,notebooks,dask,docs,serve]'
	@touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/pfmatch match examples/family-spanish-no-car.json -k 8

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m pytest -q
	@$(MAKE) --no-print-directory fuzz

# The family and weights entry points with 10,000 generated inputs each (issue 13); part of
# `make test`, so CI runs it (about 4-10 minutes on 2 cores).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=thorough $(PY) -m pytest -q tests/test_robust.py -k "json_value_as or any_value_anywhere or numbers_as_weights"

lint: $(STAMP)
	$(VENV)/bin/ruff check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

# The documentation site from docs/ and the docstrings; warnings are errors. Offline.
docs: $(STAMP)
	$(VENV)/bin/mkdocs build --strict --site-dir build/site

bench: $(STAMP)
	$(PY) benchmarks/bench_load.py
	$(PY) benchmarks/bench_match.py

# The HTTP service on http://127.0.0.1:8000 over the bundled sample, open on loopback
# only (no keys); see docs/http.md for keys, a directory and workers.
serve: $(STAMP)
	$(VENV)/bin/pfmatch serve --open --host 127.0.0.1 --port 8000

# Regenerate the published contract (schemas/*.json, schemas/openapi.json).
schemas: $(STAMP)
	$(PY) tools/write_schemas.py

sample: $(STAMP)
	$(PY) tools/make_sample_directory.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .mypy_cache .hypothesis
