"""kill -9 during `casebook build`, and a full disk: the old database keeps being served, intact."""

from __future__ import annotations

import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import ROOT, gold_records, running_datasette, stop, write_jsonl
from tests.test_build import dump


def count_docs(db_path) -> int:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        return conn.execute("select count(*) from documents").fetchone()[0]


def build_cmd(corpus, db):
    return [sys.executable, "-m", "casebook", "build", "--corpus", str(corpus), "--db", str(db)]


@pytest.fixture
def grown_corpus(tmp_path, small_corpus):
    """A corpus with an old database built from it, then two more documents added (the next build has work)."""
    db = tmp_path / "casebook.db"
    subprocess.run(build_cmd(small_corpus, db), cwd=ROOT, check=True, capture_output=True)
    more = write_jsonl(tmp_path / "more.jsonl", gold_records()[8:10])
    from ingest.importer import import_file
    import_file(more, small_corpus)
    return small_corpus, db


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_kill_9_during_build_keeps_the_served_database_and_a_rerun_converges(tmp_path, grown_corpus, seed):
    corpus, db = grown_corpus
    old = count_docs(db)
    proc, base = running_datasette(db)
    try:
        rng = random.Random(seed)
        build = subprocess.Popen(build_cmd(corpus, db), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 3.0))
        killed = build.poll() is None
        if killed:
            os.kill(build.pid, signal.SIGKILL)
        build.wait()
        # the server goes on answering, and what it serves and what is on disk is the old or the complete
        # new database, never a part of one
        served = httpx.get(f"{base}/casebook.json", params={"sql": "select count(*) as n from documents", "_shape": "array"},
                           timeout=10).json()[0]["n"]
        assert served in (old, old + 2)
        assert count_docs(db) in (old, old + 2)
        if killed:
            assert not list(db.parent.glob("casebook.db-*"))  # no journal of a half-written file next to it
    finally:
        stop(proc)
    rerun = subprocess.run(build_cmd(corpus, db), cwd=ROOT, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert count_docs(db) == old + 2
    clean = tmp_path / "clean.db"
    subprocess.run(build_cmd(corpus, clean), cwd=ROOT, check=True, capture_output=True)
    assert dump(db) == dump(clean)  # converged: the same rows as an uninterrupted build
    assert not list(db.parent.glob(".casebook.db.*.tmp"))


def limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))


def test_a_full_disk_fails_cleanly_with_the_old_database_intact(tmp_path, grown_corpus):
    corpus, db = grown_corpus
    subprocess.run([sys.executable, "-m", "casebook", "annotate", "--corpus", str(corpus)], cwd=ROOT, check=True,
                   capture_output=True)  # the cache is warm: only the database write meets the full disk
    before = db.read_bytes()
    result = subprocess.run(build_cmd(corpus, db), cwd=ROOT, capture_output=True, text=True, preexec_fn=limit_file_size)
    assert result.returncode == 1
    assert "could not write the new database" in result.stderr and "Traceback" not in result.stderr
    assert db.read_bytes() == before and count_docs(db) == 8
    assert not list(db.parent.glob(".casebook.db.*.tmp"))
