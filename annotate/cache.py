"""Incremental annotation of a corpus: results cached per (document hash, pipeline version).

The cache is a small SQLite file inside the corpus folder (``.cache/annotations.db``,
git-ignored). An unchanged corpus with an unchanged pipeline costs no annotation at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import sqlite_utils

from annotate.pipeline import PIPELINE_VERSION, annotate_record_labels, load_nlp


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


def annotate_corpus(docs: list[dict], corpus_dir: Path, progress: Callable | None = None) -> tuple[dict, int]:
    """{doc id: {"labels", "evidence"}} for every document, annotating only what the cache lacks.

    Returns the results and how many documents were annotated this time.
    """
    db = _open(corpus_dir)
    results, todo = {}, []
    for doc in docs:
        row = db.execute(
            "select labels, evidence from annotations where id = ? and content_sha256 = ? and pipeline_version = ?",
            [doc["id"], doc["content_sha256"], PIPELINE_VERSION],
        ).fetchone()
        if row:
            results[doc["id"]] = {"labels": json.loads(row[0]), "evidence": json.loads(row[1])}
        else:
            todo.append(doc)
    if todo:
        nlp = load_nlp()
        rows = []
        iterator = annotate_record_labels(todo, nlp)
        if progress:
            iterator = progress(iterator, total=len(todo))
        for record, labels, evidence in iterator:
            results[record["id"]] = {"labels": labels, "evidence": evidence}
            rows.append({
                "id": record["id"], "content_sha256": record["content_sha256"], "pipeline_version": PIPELINE_VERSION,
                "labels": json.dumps(labels, ensure_ascii=False, sort_keys=True),
                "evidence": json.dumps(evidence, ensure_ascii=False),
            })
        with db.conn:
            db["annotations"].delete_where("pipeline_version != ?", [PIPELINE_VERSION])
            db["annotations"].upsert_all(rows, pk=("id", "content_sha256", "pipeline_version"))
    return results, len(todo)
