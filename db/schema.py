"""The published database's tables, full-text indexes, indexes and view: created once, then kept up to date by the build.

Tables: documents (FTS5 on title and text), sources, annotations (one row per document),
defendants, document_misconduct / document_contraband / document_statutes (many-to-many, with
misconduct and contraband vocabulary tables), evidence (verbatim quotes with offsets), cases (FTS5)
with case_documents (the timeline), case_misconduct / case_contraband / case_statutes and
case_warning_signs (db/cases.py), corrections (reviewers' changes), and build_info; the summary tables
(coverage, summary_*) are remade from these at the end of every build (db/summaries.py).
The full-text indexes keep themselves in step through triggers, so an incremental build only
deletes and inserts rows.
"""

from __future__ import annotations

import sqlite_utils

from casebook.vocabulary import CONTRABAND, MISCONDUCT

# Rows derived from one document, in the order they are written; each has a document_id column.
DOCUMENT_TABLES = ("documents", "annotations", "defendants", "document_misconduct", "document_contraband",
                   "document_statutes", "evidence")
CASE_TABLES = ("cases", "case_documents", "case_misconduct", "case_contraband", "case_statutes", "case_warning_signs")
INDEXES = (("annotations", ["relevant", "role", "stage", "disposition", "gender_dynamic", "facility_kind", "country", "region", "published"]),
           ("documents", ["source_kind", "licence", "published", "publisher", "source_id"]),
           ("defendants", ["document_id", "role", "gender"]),
           ("document_misconduct", ["misconduct"]), ("document_contraband", ["contraband"]),
           ("document_statutes", ["statute"]), ("evidence", ["document_id", "field"]),
           ("cases", ["status", "current_stage", "role", "gender_dynamic", "facility_kind", "country", "first_date"]),
           ("case_documents", ["case_id", "document_id", "date"]), ("case_misconduct", ["misconduct"]),
           ("case_contraband", ["contraband"]), ("case_statutes", ["statute"]), ("case_warning_signs", ["case_id"]),
           ("corrections", ["target_id"]))


def create_tables(db: sqlite_utils.Database) -> None:
    """Every table, empty, with its keys; the vocabulary tables filled."""
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
    db["misconduct"].insert_all([{"id": k, "description": v} for k, v in MISCONDUCT.items()])
    db["contraband"].insert_all([{"id": k, "description": v} for k, v in CONTRABAND.items()])


def create_case_tables(db: sqlite_utils.Database) -> None:
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


def create_indexes(db: sqlite_utils.Database) -> None:
    """Full-text indexes kept in step by triggers (filled from the rows already there) and column indexes."""
    db["documents"].enable_fts(["title", "text"], create_triggers=True, tokenize="porter")
    db["cases"].enable_fts(["name", "summary", "facility_name", "region", "misconduct"], create_triggers=True, tokenize="porter")
    for table, cols in INDEXES:
        for col in cols:
            db[table].create_index([col], if_not_exists=True)
