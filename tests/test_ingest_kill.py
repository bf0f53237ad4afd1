"""kill -9 an ingest at random moments; the rerun must converge to the corpus of an uninterrupted run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fakeweb import FakeWeb, example
from tests.ingest_helpers import doj_site, documents, fast_config, run

ROOT = Path(__file__).resolve().parent.parent


def content(corpus: Path) -> dict:
    """What must match: each document's id, content hash, native id and version (not fetch times)."""
    return {k: (d["content_sha256"], d["provenance"]["native_id"], d["provenance"]["native_version"])
            for k, d in documents(corpus).items()}


@pytest.fixture
def web():
    w = FakeWeb()
    doj_site(w)
    # a slow release page keeps the run busy after the first document is written
    w.route("/usao-sdex/pr/detention-officer-pleads-guilty-smuggling-contraband-county-jail",
            example("doj", "release_current.html", delay=0.6))
    yield w
    w.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_9_mid_run_then_rerun_converges(web, tmp_path, seed):
    cfg = fast_config(tmp_path)
    reference = tmp_path / "reference"
    run("doj", reference, web, cfg)
    expected = content(reference)
    assert len(expected) == 2

    corpus = tmp_path / "corpus"
    rng = random.Random(seed)
    cmd = [sys.executable, "-m", "casebook", "ingest", "doj", "--base-url", web.base_url, "--corpus", str(corpus),
           "--config", str(cfg), "--no-progress"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not list((corpus / "documents").glob("*/*.json")):
        time.sleep(0.02)
    time.sleep(rng.uniform(0, 0.5))  # somewhere in the slow page fetch, or in writing
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    rerun = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert content(corpus) == expected  # nothing lost, nothing duplicated
    assert not list(corpus.rglob("*.tmp"))  # no half-written file left behind
    natives = [d["provenance"]["native_id"] for d in documents(corpus).values()]
    assert len(natives) == len(set(natives))
    summary = rerun.stdout.strip().splitlines()[0]
    assert summary.startswith("doj: ") and "0 failed" in summary
