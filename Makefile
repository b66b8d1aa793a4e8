# Two commands set everything up on a fresh machine: `make demo` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test bench clean

demo: $(STAMP)
	$(VENV)/bin/respack build

# Fast first: the linter (seconds), the type checker, then the tests, in one process per core
# (pytest-xdist), a test file's tests in one process, so a module's builds are made once; each
# session build is made once for the run (tests/conftest.py).
test: $(STAMP)
	$(VENV)/bin/ruff check generator tests bench scripts
	$(VENV)/bin/mypy
	$(PY) -m pytest -n auto --dist loadfile --no-loadscope-reorder

bench: $(STAMP)
	$(PY) bench/run.py

# The environment: a virtualenv with the project, the fast font subsetter when the
# machine can install it, and the print fonts prepared once (about 15 s, cached).
$(STAMP): pyproject.toml scripts/setup-system.sh
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	sh scripts/setup-system.sh
	$(PY) -m generator.render.fonts
	touch $(STAMP)

clean:
	rm -rf $(VENV) output
