# Two front doors: `make run` opens the app on an example project, `make test` runs the whole
# suite (ruff, mypy, the import contracts, pytest). Both create .venv on first use with only Python 3.11+ installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE ?= examples/three-tier-web.srm

.PHONY: run test clean bench

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "srm-desktop needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/srm-desktop $(EXAMPLE)

test: $(STAMP)
	$(BIN)/ruff check srm_desktop tests benchmarks docs
	$(BIN)/ruff format --check srm_desktop tests benchmarks docs
	$(BIN)/mypy
	$(BIN)/lint-imports
	@echo "core tests with Qt blocked (the domain, formats and CLI must not need it):"
	SRM_BLOCK_QT=1 $(BIN)/python -m pytest -q -p no:pytest-qt -W ignore::pytest.PytestConfigWarning tests/domain tests/formats tests/test_cli*.py
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(BIN)/python -m pytest

# The scale benchmarks (benchmarks/README.md): ~3-4 minutes, needs the bench extra.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
