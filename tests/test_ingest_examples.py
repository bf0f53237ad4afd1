"""Every source ships saved example responses and golden expected output (as juriscraper does).

A parser change that alters what a saved response yields fails here. After a deliberate change,
regenerate the goldens with `CASEBOOK_UPDATE_GOLDEN=1 pytest tests/test_ingest_examples.py`
and read the diff before committing it.
"""

from __future__ import annotations

import importlib
import json
import os

import pytest

from ingest.config import SOURCES
from tests.fakeweb import EXAMPLES

CASES = [(s, name) for s in SOURCES for name in importlib.import_module(f"ingest.{s}").EXAMPLES]


@pytest.mark.parametrize("source", SOURCES)
def test_every_source_ships_examples_with_goldens(source):
    module = importlib.import_module(f"ingest.{source}")
    assert module.EXAMPLES, f"ingest/{source}.py has no EXAMPLES"
    for name in module.EXAMPLES:
        assert (EXAMPLES / source / name).is_file(), f"missing example response ingest/examples/{source}/{name}"
        assert (EXAMPLES / source / f"{name}.expected.json").is_file() or os.environ.get("CASEBOOK_UPDATE_GOLDEN"), \
            f"missing golden ingest/examples/{source}/{name}.expected.json"
    assert (EXAMPLES / source / "robots.txt").is_file() or source == "url", f"ingest/examples/{source} needs a robots.txt"


@pytest.mark.parametrize("source, name", CASES)
def test_example_parses_to_its_golden(source, name):
    parse = importlib.import_module(f"ingest.{source}").EXAMPLES[name]
    got = json.loads(json.dumps(parse((EXAMPLES / source / name).read_bytes())))
    golden = EXAMPLES / source / f"{name}.expected.json"
    if os.environ.get("CASEBOOK_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))
