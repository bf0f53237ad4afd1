"""`casebook build`: the SQLite database, written with sqlite-utils to a temp file and renamed into place.

Tables: documents (FTS5 on title and text), sources, annotations (one row per document),
defendants, document_misconduct / document_contraband / document_statutes (many-to-many,
with misconduct and contraband vocabulary tables), evidence (verbatim quotes with offsets),
cases (FTS5) with case_documents (the timeline), case_misconduct / case_contraband /
case_statutes and case_warning_signs (db/cases.py), corrections (reviewers' changes), the
coverage view, and build_info. Rows are inserted in a fixed order, so the same corpus gives the same rows.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from annotate.pipeline import PIPELINE_VERSION
from casebook.corpus import load_corpus
from casebook.errors import CasebookError, InvalidRecord
from casebook.vocabulary import CONTRABAND, MISCONDUCT
from db.redact import check_published, redact_documents
from db.summaries import create_summaries


def source_id(publisher: str | None, licence: str) -> str:
    return f"{publisher or 'unknown'} | {licence}"


def corrected_annotations(annotations: dict, corrections: list[dict]) -> tuple[dict, list[dict]]:
    """Annotations with the reviewers' document corrections applied; returns (annotations, applied corrections)."""
    from casebook.corrections import apply_document_corrections

    by_doc: dict[str, list[dict]] = {}
    for c in corrections:
        if c["target_type"] == "document":
            if c["target_id"] not in annotations:
                raise InvalidRecord(c["file"], c["line"], "document", f"no document {c['target_id']!r} in the corpus")
            by_doc.setdefault(c["target_id"], []).append(c)
    out, applied = dict(annotations), []
    for doc_id, items in by_doc.items():
        labels, done = apply_document_corrections(annotations[doc_id]["labels"], items)
        fields = {c["field"] for c in items}
        out[doc_id] = {**annotations[doc_id], "labels": labels, "corrected_fields": sorted(fields),
                       # a quote supported the annotator's value, not the reviewer's
                       "evidence": [e for e in annotations[doc_id]["evidence"] if not _evidence_of(e["field"], fields)]}
        applied += done
    return out, applied


def _evidence_of(evidence_field: str, corrected: set[str]) -> bool:
    groups = {"outcome": {"disposition", "custody_months", "custody_months_max", "suspended", "fine_amount",
                          "restitution_amount", "currency"},
              "facility": {"facility_name", "facility_kind"}, "jurisdiction": {"country", "region", "system"},
              "role": {"role"}, "gender": {"staff_gender"}}
    return evidence_field in corrected or bool(groups.get(evidence_field, set()) & corrected)


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
            "content_sha256": doc["content_sha256"], "names_withheld": doc.get("names_withheld", 0),
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
            "corrected_fields": ", ".join(ann.get("corrected_fields") or []) or None,
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


def check_unique_ids(tables: dict[str, list[dict]]) -> None:
    """Every row id of a table is unique; otherwise name the table, the id and the documents behind it."""
    for table, rows in tables.items():
        seen: dict = {}
        for row in rows:
            if "id" in row:
                seen.setdefault(row["id"], []).append(row)
        twice = {k: v for k, v in seen.items() if len(v) > 1}
        if twice:
            key, rows_ = next(iter(twice.items()))
            docs = sorted({str(r.get("document_id")) for r in rows_ if r.get("document_id")})
            raise CasebookError(
                f"{table}: {len(twice)} id(s) used by more than one row, e.g. {key!r} ({len(rows_)} rows"
                + (f"; documents {', '.join(docs)}" if docs else "") + ")",
                hint="a fault in the build, not in the disk or the data: please report it with those documents. "
                     "Nothing was published; the previous database is untouched.")


def write_database(path: Path, tables: dict[str, list[dict]], corpus_sha: str, extra_info: dict | None = None) -> None:
    """Create every table in a fresh SQLite file at path (which must not exist)."""
    db = sqlite_utils.Database(path)
    db["sources"].create({"id": str, "publisher": str, "licence": str, "attribution": str, "documents": int}, pk="id")
    db["documents"].create({
        "id": str, "title": str, "published": str, "url": str, "publisher": str, "source_kind": str, "licence": str,
        "source_id": str, "attribution": str, "text": str, "text_is_excerpt": int, "retrieved": str, "content_sha256": str,
        "names_withheld": int,
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
        "corrected_fields": str,
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
    create_case_tables(db)
    with db.conn:
        db["misconduct"].insert_all([{"id": k, "description": v} for k, v in MISCONDUCT.items()])
        db["contraband"].insert_all([{"id": k, "description": v} for k, v in CONTRABAND.items()])
        for name in ("sources", "documents", "annotations", "defendants", "document_misconduct",
                     "document_contraband", "document_statutes", "evidence"):
            db[name].insert_all(tables[name])
        for name in CASE_TABLES:
            db[name].insert_all(tables[name])
        db["build_info"].insert_all([
            {"key": "pipeline_version", "value": PIPELINE_VERSION},
            {"key": "corpus_sha256", "value": corpus_sha},
            {"key": "documents", "value": str(len(tables["documents"]))},
            *({"key": k, "value": v} for k, v in (extra_info or {}).items()),
        ])
    db["documents"].enable_fts(["title", "text"], create_triggers=False, tokenize="porter")
    db["cases"].enable_fts(["name", "summary", "facility_name", "region", "misconduct"], create_triggers=False, tokenize="porter")
    db.create_view("coverage", COVERAGE_VIEW)
    create_summaries(db)  # db/summaries.py: summary tables and serving indexes (coverage becomes a table)
    for table, cols in (("annotations", ["relevant", "role", "stage", "disposition", "gender_dynamic", "facility_kind", "country", "region", "published"]),
                        ("documents", ["source_kind", "licence", "published", "publisher"]),
                        ("defendants", ["document_id", "role", "gender"]),
                        ("document_misconduct", ["misconduct"]), ("document_contraband", ["contraband"]),
                        ("document_statutes", ["statute"]), ("evidence", ["document_id", "field"]),
                        ("cases", ["status", "current_stage", "role", "gender_dynamic", "facility_kind", "country", "first_date"]),
                        ("case_documents", ["case_id", "document_id", "date"]), ("case_misconduct", ["misconduct"]),
                        ("case_contraband", ["contraband"]), ("case_statutes", ["statute"]), ("case_warning_signs", ["case_id"]),
                        ("corrections", ["target_id"])):
        for col in cols:
            db[table].create_index([col], if_not_exists=True)
    db.conn.execute("PRAGMA foreign_key_check")
    db.vacuum()
    db.close()


CASE_TABLES = ("cases", "case_documents", "case_misconduct", "case_contraband", "case_statutes", "case_warning_signs",
               "corrections")
# Documents per source per month: what a user audits first (where does the data come from, and when?).
COVERAGE_VIEW = """
select d.source_kind, d.publisher, substr(d.published, 1, 7) as month, count(*) as documents,
       sum(a.relevant) as relevant_documents
from documents d join annotations a on a.document_id = d.id
group by d.source_kind, d.publisher, month
order by month desc, d.source_kind, d.publisher
"""


def create_case_tables(db) -> None:
    db["cases"].create({
        "id": str, "name": str, "status": str, "status_note": str, "last_date": str, "role": str, "staff_gender": str,
        "inmate_gender": str, "gender_dynamic": str, "facility_name": str, "facility_kind": str, "country": str,
        "region": str, "system": str, "misconduct": str, "contraband": str, "current_stage": str, "disposition": str, "custody_months": int,
        "custody_months_max": int, "suspended": int, "fine_amount": float, "currency": str, "first_date": str,
        "documents": int, "sources": int, "latest_document_id": str, "summary": str,
        "disagreements": str, "origin": str, "corrected_fields": str, "outcome_quote": str, "outcome_source_url": str,
        "outcome_source_date": str, "outcome_source_publisher": str, "citation": str,
    }, pk="id", foreign_keys=[("latest_document_id", "documents", "id")])
    db["case_documents"].create({
        "id": str, "case_id": str, "document_id": str, "date": str, "stage": str, "disposition": str,
        "custody_months": int, "fact": str, "quote": str, "source_url": str, "publisher": str, "origin": str,
    }, pk="id", foreign_keys=[("case_id", "cases", "id"), ("document_id", "documents", "id")])
    db["case_misconduct"].create({"case_id": str, "misconduct": str}, pk=("case_id", "misconduct"),
                                 foreign_keys=[("case_id", "cases", "id"), ("misconduct", "misconduct", "id")])
    db["case_contraband"].create({"case_id": str, "contraband": str}, pk=("case_id", "contraband"),
                                 foreign_keys=[("case_id", "cases", "id"), ("contraband", "contraband", "id")])
    db["case_statutes"].create({"case_id": str, "statute": str}, pk=("case_id", "statute"),
                               foreign_keys=[("case_id", "cases", "id")])
    db["case_warning_signs"].create({"id": str, "case_id": str, "kind": str, "quote": str, "document_id": str,
                                     "source_url": str, "origin": str}, pk="id",
                                    foreign_keys=[("case_id", "cases", "id"), ("document_id", "documents", "id")])
    db["corrections"].create({"id": int, "target_type": str, "target_id": str, "field": str, "annotator_value": str,
                              "reviewer_value": str, "reviewer": str, "date": str, "reason": str}, pk="id")


def case_tables(docs: list[dict], annotations: dict, corrections: list[dict], applied: list[dict], corpus_dir: Path,
                case_takedowns: list[dict] = (), taken: list[dict] | None = None) -> tuple[dict, set[str]]:
    """Cases linked from the documents and the manual records, with case corrections applied.

    A case taken down goes with its timeline, its manual record and every document about it;
    returns (tables, ids of the documents taken down with it).
    """
    import json

    from casebook.case_records import load_case_records
    from casebook.corrections import CASE_FIELDS
    from casebook.vocabulary import case_status
    from db.cases import case_rows, link, mentions_from_documents, mentions_from_records
    from db.redact import redact_case_records

    labels = {d: a["labels"] for d, a in annotations.items()}
    evidence = {d: a["evidence"] for d, a in annotations.items()}
    records = redact_case_records(load_case_records(corpus_dir))
    mentions = mentions_from_documents(docs, labels) + mentions_from_records(records)
    tables = case_rows(link(mentions), evidence)
    dropped_docs: set[str] = set()
    if case_takedowns:
        by_case = {}
        for row in tables["case_documents"]:
            by_case.setdefault(row["case_id"], set()).update({row["document_id"]} - {None})
        gone_cases = set()
        for t in case_takedowns:
            if t["value"] in by_case or any(c["id"] == t["value"] for c in tables["cases"]):
                gone_cases.add(t["value"])
                dropped_docs |= by_case.get(t["value"], set())
                if taken is not None:
                    taken.append({**t, "removed": [f"case {t['value']}"] + [f"document {d}" for d in sorted(by_case.get(t['value'], ()))]})
            elif taken is not None:
                taken.append({**t, "removed": []})
        mentions = [m for m in mentions if m.get("document_id") not in dropped_docs and m.get("case_id") not in gone_cases]
        tables = case_rows(link(mentions), evidence)
    cases = {c["id"]: c for c in tables["cases"]}
    for c in corrections:
        if c["target_type"] != "case":
            continue
        if c["target_id"] not in cases and any(t["value"] == c["target_id"] for t in case_takedowns):
            continue  # the case was taken down
        if c["target_id"] not in cases:
            raise InvalidRecord(c["file"], c["line"], "case", f"no case {c['target_id']!r} in this build")
        row = cases[c["target_id"]]
        value = ", ".join(c["value"]) if CASE_FIELDS[c["field"]][0] is list and c["value"] else c["value"]
        applied.append({**c, "annotator_value": row[c["field"]]})
        row[c["field"]] = value
        row["corrected_fields"] = ", ".join(sorted(set(filter(None, (row["corrected_fields"] or "").split(", "))) | {c["field"]}))
        if c["field"] == "current_stage":
            row["status"] = case_status(value)

    def text(v):
        return None if v is None else (v if isinstance(v, str) else json.dumps(v))
    tables["corrections"] = [{"id": i + 1, "target_type": c["target_type"], "target_id": c["target_id"], "field": c["field"],
                              "annotator_value": text(c["annotator_value"]), "reviewer_value": text(c["value"]),
                              "reviewer": c["reviewer"], "date": c["date"], "reason": c["reason"]}
                             for i, c in enumerate(applied)]
    return tables, dropped_docs


def corpus_digest(docs: list[dict]) -> str:
    import hashlib

    h = hashlib.sha256()
    for d in docs:
        h.update(f"{d['id']}\0{d['content_sha256']}\0".encode())
    return h.hexdigest()


def build(corpus_dir: Path, db_path: Path, progress=None) -> dict:
    """Annotate what is new, then write db_path atomically: a failure leaves the old database untouched."""
    from annotate.cache import annotate_corpus

    from casebook.corrections import load_corrections
    from casebook.takedowns import load_takedowns, split_takedowns

    corpus_dir, db_path = Path(corpus_dir), Path(db_path)
    # takedowns first: a suppressed document is not even annotated, and no row of it is ever written
    docs, taken, case_takedowns = split_takedowns(load_corpus(corpus_dir), load_takedowns(corpus_dir))
    gone = {r.split(" ", 1)[1] for t in taken for r in t["removed"]}
    corrections = [c for c in load_corrections(corpus_dir) if not (c["target_type"] == "document" and c["target_id"] in gone)]
    try:
        annotations, annotated = annotate_corpus(docs, corpus_dir, progress=progress)
    except (sqlite3.Error, OSError) as e:
        raise CasebookError(f"{corpus_dir}/.cache: could not update the annotation cache: {e}",
                            hint="is the disk full or read-only? Nothing was published; the previous database is untouched.") from None
    annotations, applied = corrected_annotations(annotations, corrections)
    # from here on only published (redacted) text: victims of sexual offences are never named
    docs, annotations, redaction = redact_documents(docs, annotations)
    cases, dropped = case_tables(docs, annotations, corrections, applied, corpus_dir, case_takedowns, taken)
    if dropped:
        docs = [d for d in docs if d["id"] not in dropped]
        annotations = {k: v for k, v in annotations.items() if k not in dropped}
    tables = build_rows(docs, annotations)
    tables.update(cases)
    check_published(tables, redaction)
    check_unique_ids(tables)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for stale in db_path.parent.glob(f".{db_path.name}.*.tmp"):  # left by a build that was killed
        stale.unlink(missing_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    try:
        write_database(tmp, tables, corpus_digest(docs), extra_info={"takedowns_applied": str(len(taken))})
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, db_path)
    except sqlite3.IntegrityError as e:
        raise CasebookError(f"{db_path}: the build made rows that break a constraint: {e}",
                            hint="a fault in the build, not in the disk: please report it with the corpus. "
                                 "The previous database is untouched.") from None
    except (sqlite3.Error, OSError) as e:
        raise CasebookError(f"{db_path}: could not write the new database: {e}",
                            hint="is the disk full or read-only? The previous database is untouched.") from None
    finally:
        tmp.unlink(missing_ok=True)
    log_takedowns(db_path, taken)
    return {"documents": len(docs), "annotated": annotated, "relevant": sum(r["relevant"] for r in tables["annotations"]),
            "cases": len(tables["cases"]), "corrections": len(tables["corrections"]), "takedowns": taken, "db": str(db_path)}


def log_takedowns(db_path: Path, taken: list[dict]) -> None:
    """One line per takedown applied in this build, with its reason, next to the database (not in it)."""
    import datetime as dt
    import json

    if not taken:
        return
    with open(Path(db_path).with_suffix(".takedowns.log"), "a", encoding="utf-8") as f:
        for t in taken:
            f.write(json.dumps({"built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                                "target": f"{t['kind']}: {t['value']}", "removed": t["removed"], "reason": t["reason"],
                                "requested_by": t.get("requested_by"), "date": t["date"]}, ensure_ascii=False) + "\n")
