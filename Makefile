# Two commands for a new user (see README.md):  make demo   and   make test
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
OUT    ?= out/demo

.PHONY: demo test lint bench eval app clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,ocr]'
	touch $@

install: $(VENV)/.installed

## Review the bundled sample documents, fully offline; writes $(OUT)/review.json and $(OUT)/审核意见.md
demo: $(VENV)/.installed
	$(VENV)/bin/docreview review \
	  --policy samples/policy_目标表.docx \
	  --report samples/report_自评表.pdf --report samples/report_自评报告.txt \
	  --out $(OUT)

## Run the test suite (pytest)
test: $(VENV)/.installed
	$(PY) -m pytest -q

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check src tests app eval
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

eval: $(VENV)/.installed
	$(VENV)/bin/docreview eval corpus --markdown eval/reports/corpus.md --json eval/reports/corpus.json

bench: $(VENV)/.installed
	$(PY) eval/bench.py

app: $(VENV)/.installed
	$(VENV)/bin/docreview app

clean:
	rm -rf $(VENV) out .docreview
