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


@pytest.fixture
def datasette_server(tmp_path, small_corpus):
    """A real Datasette process on 127.0.0.1 serving a freshly built database; polled until it answers."""
    from db.build import build
    from db.serve import datasette_args

    db_path = tmp_path / "casebook.db"
    build(small_corpus, db_path)
    port = free_port()
    proc = subprocess.Popen(datasette_args(db_path, ROOT / "metadata.yml", "127.0.0.1", port),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if httpx.get(base + "/-/versions.json", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError("datasette did not start: " + proc.stdout.read().decode(errors="replace")[-2000:])
    yield base, db_path
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
