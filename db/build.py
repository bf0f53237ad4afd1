"""`casebook build`: the SQLite database, written with sqlite-utils to a temp file and renamed into place.

Tables: documents (FTS5 on title and text), sources, annotations (one row per document),
defendants, document_misconduct / document_contraband / document_statutes (many-to-many,
with misconduct and contraband vocabulary tables), evidence (verbatim quotes with offsets),
and build_info. Rows are inserted in a fixed order, so the same corpus gives the same rows.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlite_utils

from annotate.pipeline import PIPELINE_VERSION
from casebook.corpus import load_corpus

MISCONDUCT = {
    "sexual_abuse": "Sexual contact or acts with a person in custody (sexual abuse of a ward, institutional sexual assault, custodial sexual misconduct).",
    "inappropriate_relationship": "A relationship, letters, calls or intimacy short of a charged sexual act; the usual UK 'misconduct in public office' case.",
    "contraband_smuggling": "Bringing prohibited items into a prison or jail.",
    "bribery": "Money or goods taken for favours or smuggling.",
    "escape_assistance": "Helping a person in custody to escape.",
    "excessive_force": "Force used on a person in custody beyond what the law allows.",
    "information_leak": "Passing security information.",
    "fraud_other": "Fraud or other dishonesty connected with the job.",
}
CONTRABAND = {
    "phone": "Mobile phones, SIM cards, chargers.",
    "drugs": "Any controlled substance, including Suboxone / buprenorphine strips and synthetic cannabinoids (spice, K2).",
    "tobacco": "Cigarettes, tobacco, vapes.",
    "alcohol": "Alcohol.",
    "weapon": "Knife, firearm, ammunition.",
    "tools": "Hacksaw blades, chisels, screwdriver bits.",
    "cash": "Cash.",
    "other": "Anything else prohibited.",
}


def source_id(publisher: str | None, licence: str) -> str:
    return f"{publisher or 'unknown'} | {licence}"


def build_rows(docs: list[dict], annotations: dict) -> dict[str, list[dict]]:
    """Every table's rows, in a deterministic order."""
    tables: dict[str, list[dict]] = {k: [] for k in (
        "sources", "documents", "annotations", "defendants", "document_misconduct",
        "document_contraband", "document_statutes", "evidence")}
    sources = {}
    for doc in docs:
        sid = source_id(doc["publisher"], doc["licence"])
        src = sources.setdefault(sid, {"id": sid, "publisher": doc["publisher"], "licence": doc["licence"],
                                       "attribution": doc["attribution"], "documents": 0})
        src["documents"] += 1
        tables["documents"].append({
            "id": doc["id"], "title": doc["title"], "published": doc["published"], "url": doc["url"],
            "publisher": doc["publisher"], "source_kind": doc["source_kind"], "licence": doc["licence"],
            "source_id": sid, "attribution": doc["attribution"], "text": doc["text"],
            "text_is_excerpt": int(doc["text_is_excerpt"]), "retrieved": doc["retrieved"],
            "content_sha256": doc["content_sha256"],
        })
        ann = annotations[doc["id"]]
        labels, evidence = ann["labels"], ann["evidence"]
        out = labels.get("outcome") or {}
        fac = labels.get("facility") or {}
        jur = labels.get("jurisdiction") or {}
        defendants = labels.get("defendants") or []
        principal = defendants[0] if defendants else {}
        tables["annotations"].append({
            "document_id": doc["id"], "relevant": int(bool(labels.get("relevant"))),
            "defendant_count": len(defendants), "principal_name": principal.get("name"),
            "role": principal.get("role"), "staff_gender": principal.get("gender") or ("unknown" if defendants else None),
            "inmate_gender": labels.get("inmate_gender"), "gender_dynamic": labels.get("gender_dynamic"),
            "misconduct": ", ".join(labels.get("misconduct") or []) or None,
            "contraband": ", ".join(labels.get("contraband") or []) or None,
            "stage": labels.get("stage"), "disposition": out.get("disposition"),
            "custody_months": out.get("custody_months"), "custody_months_max": out.get("custody_months_max"),
            "suspended": int(bool(out.get("suspended"))), "probation_months": out.get("probation_months"),
            "supervised_release_months": out.get("supervised_release_months"),
            "supervised_release_life": int(bool(out.get("supervised_release_life"))),
            "fine_amount": out.get("fine_amount"), "restitution_amount": out.get("restitution_amount"),
            "currency": out.get("currency"), "facility_name": fac.get("name"), "facility_kind": fac.get("kind"),
            "country": jur.get("country"), "region": jur.get("region"), "system": jur.get("system"),
            "published": doc["published"], "pipeline_version": PIPELINE_VERSION,
        })
        for i, d in enumerate(defendants):
            tables["defendants"].append({"id": f"{doc['id']}#{i}", "document_id": doc["id"], "position": i,
                                         "name": d.get("name"), "age": d.get("age"), "gender": d.get("gender"),
                                         "role": d.get("role")})
        for m in sorted(set(labels.get("misconduct") or [])):
            tables["document_misconduct"].append({"document_id": doc["id"], "misconduct": m})
        for c in sorted(set(labels.get("contraband") or [])):
            tables["document_contraband"].append({"document_id": doc["id"], "contraband": c})
        for s in sorted(set(labels.get("statutes") or [])):
            tables["document_statutes"].append({"document_id": doc["id"], "statute": s})
        for i, e in enumerate(sorted(evidence, key=lambda e: (e["field"], e["start"]))):
            tables["evidence"].append({"id": f"{doc['id']}#{e['field']}", "document_id": doc["id"], "field": e["field"],
                                       "quote": e["quote"], "location": e["location"], "start": e["start"], "end": e["end"]})
    tables["sources"] = [sources[k] for k in sorted(sources)]
    return tables


def write_database(path: Path, tables: dict[str, list[dict]], corpus_sha: str) -> None:
    """Create every table in a fresh SQLite file at path (which must not exist)."""
    db = sqlite_utils.Database(path)
    db["sources"].create({"id": str, "publisher": str, "licence": str, "attribution": str, "documents": int}, pk="id")
    db["documents"].create({
        "id": str, "title": str, "published": str, "url": str, "publisher": str, "source_kind": str, "licence": str,
        "source_id": str, "attribution": str, "text": str, "text_is_excerpt": int, "retrieved": str, "content_sha256": str,
    }, pk="id", foreign_keys=[("source_id", "sources", "id")])
    db["misconduct"].create({"id": str, "description": str}, pk="id")
    db["contraband"].create({"id": str, "description": str}, pk="id")
    db["annotations"].create({
        "document_id": str, "relevant": int, "defendant_count": int, "principal_name": str, "role": str,
        "staff_gender": str, "inmate_gender": str, "gender_dynamic": str, "misconduct": str, "contraband": str,
        "stage": str, "disposition": str, "custody_months": int, "custody_months_max": int, "suspended": int,
        "probation_months": int, "supervised_release_months": int, "supervised_release_life": int,
        "fine_amount": float, "restitution_amount": float, "currency": str, "facility_name": str,
        "facility_kind": str, "country": str, "region": str, "system": str, "published": str, "pipeline_version": str,
    }, pk="document_id", foreign_keys=[("document_id", "documents", "id")])
    db["defendants"].create({"id": str, "document_id": str, "position": int, "name": str, "age": int, "gender": str, "role": str},
                            pk="id", foreign_keys=[("document_id", "documents", "id")])
    db["document_misconduct"].create({"document_id": str, "misconduct": str}, pk=("document_id", "misconduct"),
                                     foreign_keys=[("document_id", "documents", "id"), ("misconduct", "misconduct", "id")])
    db["document_contraband"].create({"document_id": str, "contraband": str}, pk=("document_id", "contraband"),
                                     foreign_keys=[("document_id", "documents", "id"), ("contraband", "contraband", "id")])
    db["document_statutes"].create({"document_id": str, "statute": str}, pk=("document_id", "statute"),
                                   foreign_keys=[("document_id", "documents", "id")])
    db["evidence"].create({"id": str, "document_id": str, "field": str, "quote": str, "location": str, "start": int, "end": int},
                          pk="id", foreign_keys=[("document_id", "documents", "id")])
    db["build_info"].create({"key": str, "value": str}, pk="key")
    with db.conn:
        db["misconduct"].insert_all([{"id": k, "description": v} for k, v in MISCONDUCT.items()])
        db["contraband"].insert_all([{"id": k, "description": v} for k, v in CONTRABAND.items()])
        for name in ("sources", "documents", "annotations", "defendants", "document_misconduct",
                     "document_contraband", "document_statutes", "evidence"):
            db[name].insert_all(tables[name])
        db["build_info"].insert_all([
            {"key": "pipeline_version", "value": PIPELINE_VERSION},
            {"key": "corpus_sha256", "value": corpus_sha},
            {"key": "documents", "value": str(len(tables["documents"]))},
        ])
    db["documents"].enable_fts(["title", "text"], create_triggers=False, tokenize="porter")
    for table, cols in (("annotations", ["relevant", "role", "stage", "disposition", "gender_dynamic", "facility_kind", "country", "region", "published"]),
                        ("documents", ["source_kind", "licence", "published", "publisher"]),
                        ("defendants", ["document_id", "role", "gender"]),
                        ("document_misconduct", ["misconduct"]), ("document_contraband", ["contraband"]),
                        ("document_statutes", ["statute"]), ("evidence", ["document_id", "field"])):
        for col in cols:
            db[table].create_index([col], if_not_exists=True)
    db.conn.execute("PRAGMA foreign_key_check")
    db.vacuum()
    db.close()


def corpus_digest(docs: list[dict]) -> str:
    import hashlib

    h = hashlib.sha256()
    for d in docs:
        h.update(f"{d['id']}\0{d['content_sha256']}\0".encode())
    return h.hexdigest()


def build(corpus_dir: Path, db_path: Path, progress=None) -> dict:
    """Annotate what is new, then write db_path atomically: a failure leaves the old database untouched."""
    from annotate.cache import annotate_corpus

    corpus_dir, db_path = Path(corpus_dir), Path(db_path)
    docs = load_corpus(corpus_dir)
    annotations, annotated = annotate_corpus(docs, corpus_dir, progress=progress)
    tables = build_rows(docs, annotations)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        write_database(tmp, tables, corpus_digest(docs))
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, db_path)
    finally:
        tmp.unlink(missing_ok=True)
    return {"documents": len(docs), "annotated": annotated, "relevant": sum(r["relevant"] for r in tables["annotations"]),
            "db": str(db_path)}
