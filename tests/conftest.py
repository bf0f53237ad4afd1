"""Shared fixtures: real temporary corpora and databases built from real (gold) documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db.serve import stop  # noqa: F401  (the tests stop their servers with it)

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "dev.jsonl"
PROJECT_GOLD = ROOT / "tests" / "gold" / "project.jsonl"
SHARED = ROOT.parent / "shared"


def gold_records(path: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def labels(text: str, title: str = "", **meta) -> dict:
    """The annotator's labels for one (invented) document: the real pipeline, as `casebook annotate` runs it."""
    from annotate.pipeline import annotate_records

    return next(annotate_records([{"id": "t", "title": title, "text": text, **meta}]))["labels"]


def defendant_names(text: str, title: str = "", **meta) -> list[str]:
    """The names of the defendants the annotator finds in one (invented) document, in order."""
    return [d["name"] for d in labels(text, title, **meta)["defendants"]]


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def small_jsonl(tmp_path) -> Path:
    """Eight real gold documents as an import file (their labels are ignored by import)."""
    return write_jsonl(tmp_path / "small.jsonl", gold_records()[:8])


@pytest.fixture
def small_corpus(tmp_path, small_jsonl) -> Path:
    from ingest.importer import import_file

    corpus = tmp_path / "corpus"
    import_file(small_jsonl, corpus)
    return corpus


def running_datasette(db_path: Path):
    """A real Datasette on a free 127.0.0.1 port, serving db_path with the project's metadata: (process, base URL)."""
    from db.serve import start_in_background

    return start_in_background(db_path, ROOT / "metadata.yml")


@pytest.fixture
def datasette_server(tmp_path, small_corpus):
    """A real Datasette serving a database freshly built from eight gold documents."""
    from db.build import build

    db_path = tmp_path / "casebook.db"
    build(small_corpus, db_path)
    proc, base = running_datasette(db_path)
    yield base, db_path
    stop(proc)


@pytest.fixture(scope="session")
def shipped_server(tmp_path_factory):
    """A real Datasette serving the database built from the shipped corpus (documents, cases, Clinton)."""
    from db.build import build

    db_path = tmp_path_factory.mktemp("shipped") / "casebook.db"
    build(ROOT / "corpus", db_path)
    proc, base = running_datasette(db_path)
    yield base, db_path
    stop(proc)
