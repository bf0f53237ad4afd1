"""Shared fixtures: real temporary corpora and databases built from real (gold) documents."""

from __future__ import annotations

import json
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "dev.jsonl"
PROJECT_GOLD = ROOT / "tests" / "gold" / "project.jsonl"
SHARED = ROOT.parent / "shared"


def gold_records(path: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def running_datasette(db_path: Path):
    """Start a real Datasette process on a free 127.0.0.1 port; poll until it answers. Returns (process, base URL)."""
    from db.serve import datasette_args

    port = free_port()
    # its log goes to a file: a pipe nobody reads fills up and blocks the server
    log = open(Path(db_path).with_suffix(".log"), "wb")
    proc = subprocess.Popen(datasette_args(db_path, ROOT / "metadata.yml", "127.0.0.1", port), stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if httpx.get(base + "/-/versions.json", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("datasette did not start: " + Path(db_path).with_suffix(".log").read_text(errors="replace")[-2000:])


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


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
