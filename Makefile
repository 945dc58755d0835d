# Two commands set everything up on a fresh machine:
#   make demo   - create .venv, install polish, clean samples/ into editions/
#   make test   - same set-up plus test and translation extras, run the whole suite
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
# argostranslate pulls torch; this exact pin takes the CPU wheel this machine
# kind keeps on disk instead of several GB of CUDA packages.
TORCH_PIN ?= torch==2.13.0

.PHONY: demo test install install-test bench clean-venv

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e .
	@touch $@

$(VENV)/.test: pyproject.toml $(VENV)/.base
	$(PIP) install "$(TORCH_PIN)"
	$(PIP) install -e ".[test,translate,lingua]"
	@touch $@

install: $(VENV)/.base

install-test: $(VENV)/.test

demo: install
	@# the samples include an empty file on purpose: the run reports it and exits 1
	@$(VENV)/bin/polish clean samples -o editions/ --edition html \
	  || echo "(exit $$?: expected, samples/empty.txt is empty on purpose)"
	@echo
	@echo "Editions written to editions/ (open editions/index.html); report: editions/polish-report.json"

test: install-test
	$(PY) -m pytest

bench: install-test
	$(PY) benchmarks/run_all.py

clean-venv:
	rm -rf $(VENV)
