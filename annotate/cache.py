"""Incremental annotation of a corpus: results cached per (document hash, pipeline version), misses annotated on every core.

The cache is a small SQLite file inside the corpus folder (``.cache/annotations.db``,
git-ignored). An unchanged corpus with an unchanged pipeline costs no annotation at all.
Documents stream through in windows, so a corpus of any size is never held in memory at once.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable, Iterator

import sqlite_utils

from annotate.version import PIPELINE_VERSION

WINDOW = 256        # documents looked up (and annotated) together
CHUNK = 16          # documents one worker annotates per task
MIN_PARALLEL = 48   # fewer misses than this are annotated here: a worker costs ~1 s to start


def cache_path(corpus_dir: Path) -> Path:
    return Path(corpus_dir) / ".cache" / "annotations.db"


def _open(corpus_dir: Path) -> sqlite_utils.Database:
    path = cache_path(corpus_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    if "annotations" not in db.table_names():
        db["annotations"].create(
            {"id": str, "content_sha256": str, "pipeline_version": str, "labels": str, "evidence": str},
            pk=("id", "content_sha256", "pipeline_version"),
        )
    return db


def default_jobs() -> int:
    """Worker processes for annotation: every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def annotate_records_plain(records: list[dict]) -> list[tuple[str, dict, list]]:
    """(id, labels, evidence) for each record: plain data, so it crosses process boundaries."""
    from annotate.pipeline import annotate_record_labels, load_nlp

    return [(r["id"], labels, evidence) for r, labels, evidence in annotate_record_labels(records, load_nlp())]


def _slim(doc: dict) -> dict:
    return {k: doc.get(k) for k in ("id", "title", "text", "publisher", "source_kind", "url")}


def annotate_stream(docs: Iterable[dict], corpus_dir: Path, jobs: int | None = None,
                    counter: Callable[[int], None] | None = None) -> Iterator[tuple[dict, dict]]:
    """(document, {"labels", "evidence"}) in input order, annotating only what the cache lacks.

    Misses are spread over `jobs` processes (default: every core); `counter(n)` is told how many
    documents each window annotated.
    """
    db = _open(corpus_dir)
    with db.conn:  # results of another pipeline version are never read again
        db["annotations"].delete_where("pipeline_version != ?", [PIPELINE_VERSION])
    jobs = jobs or default_jobs()
    pool = None
    try:
        window: list[dict] = []
        for doc in docs:
            window.append(doc)
            if len(window) >= WINDOW:
                pool = yield from _window(db, window, jobs, pool, counter)
                window = []
        if window:
            pool = yield from _window(db, window, jobs, pool, counter)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        db.close()


def _window(db, window: list[dict], jobs: int, pool, counter):
    found = {}
    ids = [d["id"] for d in window]
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        marks = ",".join("?" * len(part))
        for row in db.execute(f"select id, content_sha256, labels, evidence from annotations where pipeline_version = ? "
                              f"and id in ({marks})", [PIPELINE_VERSION, *part]):
            found[(row[0], row[1])] = {"labels": json.loads(row[2]), "evidence": json.loads(row[3])}
    todo = [_slim(d) for d in window if (d["id"], d["content_sha256"]) not in found]
    if todo:
        if jobs > 1 and len(todo) >= MIN_PARALLEL:
            if pool is None:
                import multiprocessing

                pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
            chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
            results = [r for part in pool.map(annotate_records_plain, chunks) for r in part]
        else:
            results = annotate_records_plain(todo)
        sha = {d["id"]: d["content_sha256"] for d in window}
        rows = []
        for doc_id, labels, evidence in results:
            found[(doc_id, sha[doc_id])] = {"labels": labels, "evidence": evidence}
            rows.append({"id": doc_id, "content_sha256": sha[doc_id], "pipeline_version": PIPELINE_VERSION,
                         "labels": json.dumps(labels, ensure_ascii=False, sort_keys=True),
                         "evidence": json.dumps(evidence, ensure_ascii=False)})
        with db.conn:
            db["annotations"].upsert_all(rows, pk=("id", "content_sha256", "pipeline_version"))
    if counter:
        counter(len(todo))
    for d in window:
        yield d, found[(d["id"], d["content_sha256"])]
    return pool


def annotate_corpus(docs: list[dict], corpus_dir: Path, progress: Callable | None = None,
                    jobs: int | None = None) -> tuple[dict, int]:
    """{doc id: {"labels", "evidence"}} for every document, annotating only what the cache lacks.

    Returns the results and how many documents were annotated this time.
    """
    annotated = [0]
    stream = annotate_stream(docs, corpus_dir, jobs, counter=lambda n: annotated.__setitem__(0, annotated[0] + n))
    if progress:
        stream = progress(stream, total=len(docs))
    results = {d["id"]: ann for d, ann in stream}
    return results, annotated[0]
