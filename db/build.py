"""`casebook build`: the SQLite database, brought up to date with the corpus and replaced atomically.

A build works on a copy (a new file for a build from scratch, a copy of the last database for an
incremental one), streams documents through annotation (cached, on every core), corrections,
redaction and the publication checks in windows, relinks only the case blocks the changed documents
touch, then renames the copy into place: a failure leaves the old database untouched. What the last
build saw lives in `<db>.state` beside it (db/state.py). A document that fails a publication check is
left out and listed in `<db>.quarantine.csv`; the rest is published (`strict=True` makes that an error).

A build from scratch and an incremental build give the same rows (tests/test_incremental_build.py).
It starts from scratch when there is no usable state, when the annotator or the build's own code
changed, or when corrections, takedowns or manual case records changed.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import time
from pathlib import Path

from annotate.version import PIPELINE_VERSION, files_digest
from casebook.errors import CasebookError, InvalidRecord
from db import state as st
from db.summaries import create_summaries

HERE = Path(__file__).resolve().parent
BATCH = 500  # documents whose rows are written together


def code_version() -> str:
    """The annotator's version and a hash of the code that turns labels into rows: a change means a build from scratch."""
    root = HERE.parent
    files = [*sorted(HERE.glob("*.py")), *sorted((HERE / "patterns").glob("*")), *sorted((root / "casebook").glob("*.py"))]
    return f"{PIPELINE_VERSION}-{files_digest(files)}"


def inputs_digest(corpus_dir: Path) -> str:
    """A hash of what a build reads besides the documents: corrections, takedowns and manual case records."""
    from casebook.case_records import case_files
    from casebook.corrections import corrections_path
    from casebook.takedowns import takedowns_path

    return files_digest([corrections_path(corpus_dir), takedowns_path(corpus_dir), *case_files(corpus_dir)])


class NeedFullBuild(Exception):
    """An incremental build met a change it cannot apply locally (a case takedown now covers other documents)."""


def build(corpus_dir: Path, db_path: Path, progress=None, full: bool = False, strict: bool = False,
          jobs: int | None = None) -> dict:
    """Bring db_path up to date with the corpus; returns a summary (counts, what was quarantined, taken down)."""
    corpus_dir, db_path = Path(corpus_dir), Path(db_path)
    if not corpus_dir.is_dir():
        raise CasebookError(f"{corpus_dir}: no such corpus folder",
                            hint="pass --corpus with a folder made by `casebook import` or `casebook ingest`")
    started = time.perf_counter()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for stale in db_path.parent.glob(f".{db_path.name}.*.tmp"):  # left by a build that was killed
        stale.unlink(missing_ok=True)
    files = st.scan_files(corpus_dir)
    meta = {"code_version": code_version(), "inputs": inputs_digest(corpus_dir), "corpus": str(corpus_dir.resolve())}
    previous = None if full else usable_state(db_path, meta)
    if previous is not None:
        conn = st.connect(st.state_path(db_path))
        try:
            changed, gone = st.changed_files(conn, files)
        finally:
            conn.close()
        if not changed and not gone:
            return unchanged_summary(db_path, started)
        try:
            return Build(corpus_dir, db_path, files, meta, progress, strict, jobs, incremental=True).run(changed, gone, started)
        except NeedFullBuild:
            pass
    return Build(corpus_dir, db_path, files, meta, progress, strict, jobs, incremental=False).run(sorted(files), [], started)


def usable_state(db_path: Path, meta: dict) -> dict | None:
    """The last build's state, if it belongs to this database, this code and these inputs."""
    saved = st.read_meta(st.state_path(db_path))
    if not saved or not db_path.exists() or any(saved.get(k) != v for k, v in meta.items()):
        return None
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            row = conn.execute("select value from build_info where key = 'build_id'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return saved if row and row[0] == saved.get("build_id") else None


def unchanged_summary(db_path: Path, started: float) -> dict:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        info = dict(conn.execute("select key, value from build_info"))
    finally:
        conn.close()
    return {"db": str(db_path), "mode": "unchanged", "documents": int(info.get("documents", 0)),
            "relevant": int(info.get("relevant_documents", 0)), "cases": int(info.get("cases", 0)),
            "corrections": int(info.get("corrections", 0)), "annotated": 0, "takedowns": [], "quarantined": [],
            "seconds": round(time.perf_counter() - started, 2)}


class Build:
    """One build: a working copy of the database and of its state, filled, checked, then renamed into place."""

    def __init__(self, corpus_dir, db_path, files, meta, progress, strict, jobs, incremental):
        self.corpus_dir, self.db_path, self.files, self.meta = corpus_dir, db_path, files, meta
        self.progress, self.strict, self.jobs, self.incremental = progress, strict, jobs, incremental
        self.annotated = 0
        self.groups: dict[str, list] | None = {} if incremental else None  # linked groups by block, kept between steps
        self.empty_blocks: set[str] = set()
        self.touched_blocks: set[str] = set()

    # ---- the whole build -------------------------------------------------------------------------------------
    def run(self, paths: list[str], gone: list[str], started: float) -> dict:
        import sqlite_utils

        from casebook.corrections import load_corrections
        from casebook.takedowns import load_takedowns

        tag = f"{os.getpid()}"
        self.tmp_db = self.db_path.with_name(f".{self.db_path.name}.{tag}.tmp")
        self.tmp_state = self.db_path.with_name(f".{self.db_path.name}.state.{tag}.tmp")
        takedowns = load_takedowns(self.corpus_dir)
        self.doc_takedowns = {(t["kind"], t["value"]): t for t in takedowns if t["kind"] in ("document", "url")}
        self.case_takedowns = {t["value"]: t for t in takedowns if t["kind"] == "case"}
        self.corrections = load_corrections(self.corpus_dir)
        try:
            if self.incremental:
                shutil.copyfile(self.db_path, self.tmp_db)
                shutil.copyfile(st.state_path(self.db_path), self.tmp_state)
                self.state = st.connect(self.tmp_state)
            else:
                self.state = st.create(self.tmp_state)
            self.db = sqlite_utils.Database(self.tmp_db)
            self.db.conn.execute("pragma journal_mode = off")  # a working copy: the rename publishes it
            self.db.conn.execute("pragma synchronous = off")
            if not self.incremental:
                from db.schema import create_tables
                create_tables(self.db)
            self.everywhere = st.withheld_everywhere(self.state) if self.incremental else set()
            self.state.execute("begin")
            summary = self.fill(paths, gone)
            self.db.conn.commit()
            self.state.execute("commit")
            self.db.close()
            self.state.close()
            self.publish()
        except sqlite3.IntegrityError as e:
            raise CasebookError(f"{self.db_path}: the build made rows that break a constraint: {e}",
                                hint="a fault in the build, not in the disk or the data: please report it with the corpus. "
                                     "The previous database is untouched.") from None
        except sqlite3.Error as e:
            if any(w in str(e).lower() for w in ("disk", "full", "readonly", "read-only", "i/o", "unable to open")):
                raise CasebookError(f"{self.db_path}: could not write the new database: {e}",
                                    hint="is the disk full or the folder read-only? The previous database is untouched.") from None
            raise CasebookError(f"{self.db_path}: the build failed in SQLite: {e}",
                                hint="a fault in the build, not in the disk: please report it with the corpus. "
                                     "The previous database is untouched.") from None
        except OSError as e:
            where = Path(e.filename) if e.filename else None
            if where and self.corpus_dir.resolve() in where.resolve().parents and ".cache" not in where.parts:
                raise CasebookError(f"{where}: could not read it: {e.strerror or e}",
                                    hint="check the file's permissions. The previous database is untouched.") from None
            raise CasebookError(f"{self.db_path}: could not write the new database: {e}",
                                hint="is the disk full or the folder read-only? The previous database is untouched.") from None
        finally:
            for f in (self.tmp_db, self.tmp_state):
                f.unlink(missing_ok=True)
        summary.update({"db": str(self.db_path), "mode": "incremental" if self.incremental else "full",
                        "annotated": self.annotated, "seconds": round(time.perf_counter() - started, 2)})
        self.write_reports(summary)
        if self.strict and summary["quarantined"]:
            raise CasebookError(f"{len(summary['quarantined'])} document(s) quarantined (see {quarantine_path(self.db_path)}); "
                                "the database was published without them",
                                hint="read the reasons; fix the text, add a correction or a takedown; or build without --strict")
        return summary

    def fill(self, paths: list[str], gone: list[str]) -> dict:
        from db.schema import create_indexes

        # documents gone from the corpus, and the old rows of every document about to be read again
        old_ids = st.doc_ids_of_paths(self.state, gone + paths) if self.incremental else {}
        for path in gone:
            if old_ids.get(path):
                self.drop_document(old_ids[path])
            st.record_file(self.state, path, None, None)
        for path in paths:
            if old_ids.get(path):
                self.drop_document(old_ids[path])
        before = self.everywhere_before = set(self.everywhere)
        self.process(paths)
        if not self.incremental:
            create_indexes(self.db)
        # a name newly withheld somewhere is withheld everywhere: documents that hold it (or held a name no
        # longer withheld) are redacted again
        self.everywhere = st.withheld_everywhere(self.state)
        redo = self.published_holding(self.everywhere - before) | st.docs_with_present(self.state, before - self.everywhere)
        if redo:
            redo_paths = []
            for doc_id in sorted(redo):
                info = st.doc_info(self.state, doc_id)
                if info and info["status"] in (st.PUBLISHED, st.QUARANTINED):
                    self.drop_document(doc_id)
                    redo_paths.append(info["path"])
            self.process(redo_paths)
        self.check_everywhere()
        self.relink()
        self.check_case_corrections()
        return self.finish()

    # ---- documents ----------------------------------------------------------------------------------------------
    def drop_document(self, doc_id: str) -> None:
        """Delete a document's rows (if published) and remember its blocks for relinking."""
        info = st.doc_info(self.state, doc_id)
        if info is None:
            return
        self.touched_blocks |= info["blocks"]
        if info["status"] in (st.PUBLISHED, st.CASE_TAKEN_DOWN):
            self.delete_rows(doc_id)
        st.forget_doc(self.state, doc_id)

    def delete_rows(self, doc_id: str) -> None:
        from db.schema import DOCUMENT_TABLES

        for table in reversed(DOCUMENT_TABLES):
            self.db.conn.execute(f"delete from [{table}] where {'id' if table == 'documents' else 'document_id'} = ?", [doc_id])

    def process(self, paths: list[str]) -> None:
        """Read, annotate, correct, redact and check the documents at paths, writing the rows of those that pass."""
        from annotate.cache import annotate_stream

        def counted(n):
            self.annotated += n
        stream = annotate_stream(self.read(paths), self.corpus_dir, self.jobs, counter=counted)
        if self.progress and len(paths) > 50:
            stream = self.progress(stream, total=len(paths))
        batch: dict[str, list[dict]] = {}
        n = 0
        for doc, ann in stream:
            rows = self.publishable_rows(doc, ann)
            for table, table_rows in (rows or {}).items():
                batch.setdefault(table, []).extend(table_rows)
            n += 1
            if n % BATCH == 0:
                self.write(batch)
                batch = {}
        self.write(batch)

    def read(self, paths: list[str]):
        """Validated documents at paths; a taken-down one is recorded and not passed on (it is not even annotated)."""
        from casebook.corpus import read_document

        seen: dict[str, str] = {}
        for path in paths:
            doc = read_document(self.corpus_dir / path)
            if doc["id"] in seen or self.id_elsewhere(doc["id"], path):
                raise InvalidRecord(self.corpus_dir / path, None, "id",
                                    f"{doc['id']!r} is also used by {seen.get(doc['id']) or self.id_elsewhere(doc['id'], path)}")
            seen[doc["id"]] = path
            st.record_file(self.state, path, self.files[path], doc["id"])
            hit = self.doc_takedowns.get(("document", doc["id"])) or self.doc_takedowns.get(("url", doc["url"])) or \
                self.doc_takedowns.get(("url", (doc.get("provenance") or {}).get("canonical_url")))
            if hit:
                st.record_doc(self.state, doc["id"], path, doc["content_sha256"], st.TAKEN_DOWN,
                              f"{hit['kind']}: {hit['value']}", [], [], set(), set(), set())
                continue
            doc["_path"] = path
            yield doc

    def id_elsewhere(self, doc_id: str, path: str) -> str | None:
        row = self.state.execute("select path from docs where id = ? and path != ?", [doc_id, path]).fetchone()
        return row[0] if row else None

    def publishable_rows(self, doc: dict, ann: dict) -> dict | None:
        """The document's rows after corrections and redaction, or None when a check quarantines it."""
        from db.cases import block_key, mentions_from_documents
        from db.redact import everywhere_names, local_redaction, redact_document, unexplained_name
        from db.rows import document_rows

        path = doc.pop("_path")
        ann, applied = self.corrected(doc["id"], ann)
        red = local_redaction(doc, ann["labels"])
        published, pann, present = redact_document(doc, ann, red, self.everywhere)
        reason = unexplained_name(published, red) or annotation_problem(published, pann)
        mentions = [{k: v for k, v in m.items() if k != "text"}
                    for m in mentions_from_documents([published], {doc["id"]: pann["labels"]})]
        blocks = {block_key(m) or "" for m in mentions}
        self.touched_blocks |= blocks
        status = st.QUARANTINED if reason else st.PUBLISHED
        st.record_doc(self.state, doc["id"], path, doc["content_sha256"], status, reason, mentions, applied, blocks,
                      everywhere_names(red), present)
        return None if reason else document_rows(published, pann)

    def corrected(self, doc_id: str, ann: dict) -> tuple[dict, list[dict]]:
        """The reviewers' corrections of this document applied; a quote that supported a corrected value goes."""
        from casebook.corrections import apply_document_corrections

        items = [c for c in self.corrections if c["target_type"] == "document" and c["target_id"] == doc_id]
        if not items:
            return ann, []
        labels, applied = apply_document_corrections(ann["labels"], items)
        fields = {c["field"] for c in items}
        return {**ann, "labels": labels, "corrected_fields": sorted(fields),
                "evidence": [e for e in ann["evidence"] if not _evidence_of(e["field"], fields)]}, \
            [{k: v for k, v in a.items() if k not in ("file", "line")} for a in applied]

    def write(self, batch: dict[str, list[dict]]) -> None:
        from db.schema import DOCUMENT_TABLES

        for table in DOCUMENT_TABLES:
            if batch.get(table):
                self.db[table].insert_all(batch[table], batch_size=BATCH)

    def published_holding(self, names: set[str]) -> set[str]:
        """Published documents whose title or text holds one of the whole names (full-text search, then the name regex)."""
        from db.redact import names_present

        out = set()
        for name in sorted(names):
            words = _fts_words(name)
            if len(words) < 2:
                continue
            query = f'"{words[0]}" AND "{words[-1]}"'
            for doc_id, title, text in self.db.conn.execute(
                    "select d.id, d.title, d.text from documents_fts f join documents d on d.rowid = f.rowid "
                    "where documents_fts match ?", [query]):
                if names_present(f"{title or ''}\n\n{text}", frozenset({name})):
                    out.add(doc_id)
        return out

    def check_everywhere(self) -> None:
        """Quarantine a published document that still holds a name withheld elsewhere (unless it is a defendant's name)."""
        defendants = {r[0] for r in st.rows_in(self.db.conn, "select distinct name from defendants where name in ({marks})",
                                                self.everywhere)}
        for doc_id in sorted(self.published_holding(self.everywhere - defendants)):
            info = st.doc_info(self.state, doc_id)
            if info["status"] != st.PUBLISHED:
                continue
            self.delete_rows(doc_id)
            self.touched_blocks |= info["blocks"]
            reason = "a name withheld in another document (a possible victim) is still in its text"
            st.set_status(self.state, doc_id, st.QUARANTINED, reason)

    # ---- cases --------------------------------------------------------------------------------------------------
    def manual_mentions(self) -> dict[str, list[dict]]:
        from casebook.case_records import load_case_records
        from db.cases import block_key, mentions_from_records
        from db.redact import redact_case_records

        if not hasattr(self, "_manual"):
            self._manual: dict[str, list[dict]] = {}
            records = redact_case_records(load_case_records(self.corpus_dir), self.everywhere)
            for m in mentions_from_records(records):
                self._manual.setdefault(block_key(m) or "", []).append(m)
        return self._manual

    def relink(self) -> None:
        """Cases of every block a changed document touches, and of blocks whose case ids share a stem with them.

        Case ids are numbered among the cases that share a stem ("jane-doe-kentucky", "-2"), so blocks that
        share a stem are relinked together; the rest is done in batches of blocks, never all cases at once.
        """
        from db.schema import CASE_TABLES

        blocks = set(self.touched_blocks)
        if not self.incremental or self.everywhere != self.everywhere_before:
            blocks |= set(self.manual_mentions())  # their records are redacted with the names withheld everywhere
        bases_of: dict[str, set[str]] = {}
        todo = set(blocks)
        while todo:
            for part in st._chunks(sorted(todo), 2000):
                bases_of.update(self.new_bases(set(part)))
            self.empty_blocks |= {b for b in todo if not bases_of.get(b)}
            for block, base in st.rows_in(self.state, "select block, base from case_keys where block in ({marks})", todo):
                bases_of.setdefault(block, set()).add(base)
            todo = st.blocks_with_bases(self.state, {b for x in todo for b in bases_of.get(x, ())}) - blocks
            blocks |= todo
        for batch in block_batches(bases_of, blocks):
            rows, keys = self.case_tables(batch)
            check_unique_ids(rows)  # a fault here names the table, the id and the documents behind it
            for case_id in st.cases_of_blocks(self.state, batch):
                self.delete_case(case_id)
            st.rows_in(self.state, "delete from case_keys where block in ({marks})", batch)
            for table in CASE_TABLES:
                if rows.get(table):
                    self.db[table].insert_all(rows[table], batch_size=BATCH)
            self.state.executemany("insert into case_keys values (?, ?, ?, ?)", keys)

    def new_bases(self, blocks: set[str]) -> dict[str, set[str]]:
        """{block: stems of the ids its cases will get} (manual records keep their own ids)."""
        from db.cases import block_key, case_head, case_id_base, link

        out: dict[str, set[str]] = {b: set() for b in blocks}
        for g in link(self.block_mentions(blocks, with_dropped=True)):
            block = block_key(g[0]) or ""
            if self.groups is not None:
                self.groups.setdefault(block, []).append(g)
            if not any(m["origin"] == "manual" for m in g):
                out[block].add(case_id_base(case_head(g)))
        return out

    def linked(self, blocks: set[str]) -> list[list[dict]]:
        """The groups of the blocks' mentions (all of them, before a case takedown), each mention with its text;
        an incremental build keeps the groups new_bases made (a block of a common surname costs seconds to link)."""
        from db.cases import link

        if self.groups is not None and all(b in self.groups or b in self.empty_blocks for b in blocks):
            groups = [g for b in sorted(blocks) for g in self.groups.get(b, [])]
        else:
            groups = link(self.block_mentions(blocks, with_dropped=True))
        flat = iter(self.with_text([m for g in groups for m in g]))
        return [[next(flat) for _ in g] for g in groups]

    def block_mentions(self, blocks: set[str], with_dropped: bool) -> list[dict]:
        """Mentions of the blocks: published documents (and those a case takedown dropped, before it applies) and records."""
        statuses = (st.PUBLISHED, st.CASE_TAKEN_DOWN) if with_dropped else (st.PUBLISHED,)
        docs = st.docs_in_blocks(self.state, blocks)
        out = [m for m in st.mentions_of(self.state, docs, statuses) if _block(m) in blocks]
        out += [m for b in sorted(blocks) for m in self.manual_mentions().get(b, [])]
        return out

    def case_tables(self, blocks: set[str]) -> tuple[dict, list[tuple]]:
        """Case rows of the blocks, with case takedowns and case corrections applied; and the state's case keys."""
        from db.cases import case_rows

        groups = self.linked(blocks)
        tables = case_rows(groups, self.evidence_of([m for g in groups for m in g]))
        if self.case_takedowns:  # without case takedowns no document is ever CASE_TAKEN_DOWN: nothing to look up
            tables = self.apply_case_takedowns(blocks, tables)
        self.apply_case_corrections(tables)
        keys = [(c["id"], c.pop("_block"), c.pop("_base"), json.dumps(c.pop("_applied", []), ensure_ascii=False, default=str))
                for c in tables["cases"]]
        return tables, keys

    def apply_case_takedowns(self, blocks: set[str], tables: dict) -> dict:
        """The blocks' case rows without the cases taken down; their documents are dropped from every table."""
        from db.cases import case_rows, link

        gone_cases = {c["id"] for c in tables["cases"] if c["id"] in self.case_takedowns}
        dropped = {r["document_id"] for r in tables["case_documents"] if r["case_id"] in gone_cases and r["document_id"]}
        before = {d for d in st.docs_in_blocks(self.state, blocks)
                  if (st.doc_info(self.state, d) or {}).get("status") == st.CASE_TAKEN_DOWN}
        if self.incremental and dropped != before:
            raise NeedFullBuild()
        for doc_id in sorted(dropped - before):
            self.delete_rows(doc_id)
            case_id = min(r["case_id"] for r in tables["case_documents"] if r["case_id"] in gone_cases and r["document_id"] == doc_id)
            st.set_status(self.state, doc_id, st.CASE_TAKEN_DOWN, f"case: {case_id}")
        if not (gone_cases or dropped):
            return tables
        mentions = [m for m in self.block_mentions(blocks, with_dropped=False) if m.get("case_id") not in gone_cases]
        return case_rows(link(self.with_text(mentions)), self.evidence_of(mentions))

    def with_text(self, mentions: list[dict]) -> list[dict]:
        """Mentions with their document's published text (warning signs are read from it)."""
        ids = {m["document_id"] for m in mentions if m.get("document_id")}
        texts = dict(st.rows_in(self.db.conn, "select id, text from documents where id in ({marks})", ids))
        return [{**m, "text": texts.get(m["document_id"], "")} if m.get("document_id") else m for m in mentions]

    def evidence_of(self, mentions: list[dict]) -> dict:
        ids = {m["document_id"] for m in mentions if m.get("document_id")}
        out: dict[str, list[dict]] = {}
        for doc_id, field, quote in st.rows_in(self.db.conn, "select document_id, field, quote from evidence "
                                               "where document_id in ({marks}) order by document_id, field, start", ids):
            out.setdefault(doc_id, []).append({"field": field, "quote": quote})
        return out

    def apply_case_corrections(self, tables: dict) -> None:
        from casebook.corrections import CASE_FIELDS
        from casebook.vocabulary import case_status

        cases = {c["id"]: c for c in tables["cases"]}
        for c in self.corrections:
            if c["target_type"] != "case" or c["target_id"] not in cases:
                continue
            row = cases[c["target_id"]]
            value = ", ".join(c["value"]) if CASE_FIELDS[c["field"]][0] is list and c["value"] else c["value"]
            row.setdefault("_applied", []).append({k: v for k, v in {**c, "annotator_value": row[c["field"]]}.items()
                                                   if k not in ("file", "line")})
            row[c["field"]] = value
            row["corrected_fields"] = ", ".join(sorted(set(filter(None, (row["corrected_fields"] or "").split(", "))) | {c["field"]}))
            if c["field"] == "current_stage":
                row["status"] = case_status(value)

    def delete_case(self, case_id: str) -> None:
        from db.schema import CASE_TABLES

        for table in reversed(CASE_TABLES):
            self.db.conn.execute(f"delete from [{table}] where {'id' if table == 'cases' else 'case_id'} = ?", [case_id])

    def check_case_corrections(self) -> None:
        """Every correction names a document of the corpus and a case of this build (or one taken down)."""
        for c in self.corrections:
            if c["target_type"] == "document":
                if st.doc_info(self.state, c["target_id"]) is None:
                    raise InvalidRecord(c["file"], c["line"], "document", f"no document {c['target_id']!r} in the corpus")
            elif c["target_id"] not in self.case_takedowns and \
                    not self.db.conn.execute("select 1 from cases where id = ?", [c["target_id"]]).fetchone():
                raise InvalidRecord(c["file"], c["line"], "case", f"no case {c['target_id']!r} in this build")

    # ---- the rest -----------------------------------------------------------------------------------------------
    def finish(self) -> dict:
        """Sources, corrections and build_info from the rows now there; the foreign keys checked."""
        conn = self.db.conn
        conn.execute("delete from sources")
        conn.execute("""insert into sources (id, publisher, licence, attribution, documents)
                        select source_id, publisher, licence,
                               (select d2.attribution from documents d2 where d2.source_id = d.source_id order by d2.id limit 1),
                               count(*)
                        from documents d group by source_id order by source_id""")
        conn.execute("delete from corrections")
        applied = []
        doc_targets = []
        for c in self.corrections:
            if c["target_type"] == "document" and c["target_id"] not in doc_targets:
                doc_targets.append(c["target_id"])
        for doc_id in doc_targets:
            info = st.doc_info(self.state, doc_id)
            if info and info["status"] == st.PUBLISHED:
                applied += info["applied"]
        case_applied = dict(self.state.execute("select case_id, applied from case_keys"))
        done = set()
        for c in self.corrections:
            if c["target_type"] == "case" and c["target_id"] in case_applied and c["target_id"] not in done:
                done.add(c["target_id"])
                applied += json.loads(case_applied[c["target_id"]])

        def text(v):
            return None if v is None else (v if isinstance(v, str) else json.dumps(v))
        self.db["corrections"].insert_all([
            {"id": i + 1, "target_type": c["target_type"], "target_id": c["target_id"], "field": c["field"],
             "annotator_value": text(c["annotator_value"]), "reviewer_value": text(c["value"]), "reviewer": c["reviewer"],
             "date": c["date"], "reason": c["reason"]} for i, c in enumerate(applied)])
        create_summaries(self.db)  # coverage and summary_* from the rows now there, and the serving indexes
        problems = conn.execute("pragma foreign_key_check").fetchall()
        if problems:
            table, rowid, parent, _ = problems[0]
            raise CasebookError(f"{len(problems)} row(s) point at rows that are not there, e.g. {table} row {rowid} -> {parent}",
                                hint="a fault in the build: please report it with the corpus. The previous database is untouched.")
        counts = {
            "documents": conn.execute("select count(*) from documents").fetchone()[0],
            "relevant": conn.execute("select count(*) from annotations where relevant = 1").fetchone()[0],
            "cases": conn.execute("select count(*) from cases").fetchone()[0],
            "corrections": len(applied),
        }
        quarantined = [{"document_id": r[0], "file": r[1], "reason": r[2]} for r in self.state.execute(
            "select id, path, reason from docs where status = ? order by id", [st.QUARANTINED])]
        digest = hashlib.sha256()
        for doc_id, sha in conn.execute("select id, content_sha256 from documents order by id"):
            digest.update(f"{doc_id}\0{sha}\0".encode())
        # the build id names the content (documents, what was left out, code and inputs): the state beside the
        # database is used again only by a database with that content
        left_out = ",".join(q["document_id"] for q in quarantined)
        self.build_id = hashlib.sha256(f"{digest.hexdigest()}|{left_out}|{sorted(self.meta.items())}".encode()).hexdigest()[:16]
        conn.execute("delete from build_info")
        self.db["build_info"].insert_all([
            {"key": "pipeline_version", "value": PIPELINE_VERSION},
            {"key": "corpus_sha256", "value": digest.hexdigest()},
            {"key": "documents", "value": str(counts["documents"])},
            {"key": "relevant_documents", "value": str(counts["relevant"])},
            {"key": "cases", "value": str(counts["cases"])},
            {"key": "corrections", "value": str(counts["corrections"])},
            {"key": "quarantined", "value": str(len(quarantined))},
            {"key": "takedowns_applied", "value": str(len(self.takedowns_applied()))},
            {"key": "build_id", "value": self.build_id},
            {"key": "built_at", "value": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")},
        ])
        st.set_meta(self.state, {**self.meta, "build_id": self.build_id})
        return {**counts, "quarantined": quarantined, "takedowns": self.takedowns_applied()}

    def takedowns_applied(self) -> list[dict]:
        """Every takedown entry with what it keeps out of the database (documents, cases), as in the old logs."""
        if hasattr(self, "_taken"):
            return self._taken
        removed: dict[str, list[str]] = {}
        for doc_id, status, reason in self.state.execute(
                "select id, status, reason from docs where status in (?, ?) order by id", [st.TAKEN_DOWN, st.CASE_TAKEN_DOWN]):
            removed.setdefault(reason, []).append(f"document {doc_id}")
        out = []
        for (kind, value), t in self.doc_takedowns.items():
            out.append({**t, "removed": removed.get(f"{kind}: {value}", [])})
        for value, t in self.case_takedowns.items():
            docs = removed.get(f"case: {value}", [])
            out.append({**t, "removed": ([f"case {value}"] + docs) if docs else []})
        self._taken = out
        return out

    def publish(self) -> None:
        """fsync the new database, rename it over the old one, then the state beside it."""
        for f in (self.tmp_db, self.tmp_state):
            fd = os.open(f, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        os.replace(self.tmp_db, self.db_path)
        os.replace(self.tmp_state, st.state_path(self.db_path))

    def write_reports(self, summary: dict) -> None:
        log_takedowns(self.db_path, summary["takedowns"])
        write_quarantine(self.db_path, summary["quarantined"])


def block_batches(bases_of: dict[str, set[str]], blocks: set[str], size: int = 2000):
    """Blocks in batches of about `size`, blocks that share an id stem always in one batch."""
    parent = {b: b for b in blocks}

    def find(b):
        while parent[b] != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        return b
    first_with: dict[str, str] = {}
    for b in sorted(blocks):
        for base in sorted(bases_of.get(b, ())):
            if base in first_with:
                parent[find(b)] = find(first_with[base])
            else:
                first_with[base] = b
    components: dict[str, set[str]] = {}
    for b in sorted(blocks):
        components.setdefault(find(b), set()).add(b)
    batch: set[str] = set()
    for comp in components.values():
        batch |= comp
        if len(batch) >= size:
            yield batch
            batch = set()
    if batch:
        yield batch


def _block(mention: dict) -> str:
    """A mention's linking block as the state keeps it ("" for the mentions without a usable name)."""
    from db.cases import block_key

    return block_key(mention) or ""


def _fts_words(name: str) -> list[str]:
    import re

    return re.findall(r"\w+", name.lower())


def _evidence_of(evidence_field: str, corrected: set[str]) -> bool:
    groups = {"outcome": {"disposition", "custody_months", "custody_months_max", "suspended", "fine_amount",
                          "restitution_amount", "currency"},
              "facility": {"facility_name", "facility_kind"}, "jurisdiction": {"country", "region", "system"},
              "role": {"role"}, "gender": {"staff_gender"}}
    return evidence_field in corrected or bool(groups.get(evidence_field, set()) & corrected)


def annotation_problem(doc: dict, ann: dict) -> str | None:
    """Why a document's annotation may not be published (a label outside the vocabulary, a quote not verbatim), or None."""
    from casebook.vocabulary import DISPOSITIONS, FACILITY_KINDS, GENDERS, ROLES, STAGES

    labels = ann["labels"]
    checks = [("stage", labels.get("stage"), STAGES), ("disposition", (labels.get("outcome") or {}).get("disposition"), DISPOSITIONS),
              ("facility.kind", (labels.get("facility") or {}).get("kind"), FACILITY_KINDS)]
    for d in labels.get("defendants") or []:
        checks += [("defendants.role", d.get("role"), ROLES), ("defendants.gender", d.get("gender"), GENDERS)]
    for field, value, allowed in checks:
        if value not in (None, "unknown") and value not in allowed:
            return f"invalid annotation: {field} {value!r} is not in the vocabulary"
    fields = set()
    for e in ann["evidence"]:
        where = doc.get("title") if e["location"] == "title" else doc["text"]
        if (where or "")[e["start"]:e["end"]] != e["quote"]:
            return f"invalid annotation: the {e['field']} quote is not verbatim at {e['start']}-{e['end']}"
        if e["field"] in fields:
            return f"invalid annotation: two {e['field']} quotes"
        fields.add(e["field"])
    return None


def quarantine_path(db_path: Path) -> Path:
    """db/casebook.db -> db/casebook.quarantine.csv"""
    return Path(db_path).with_suffix(".quarantine.csv")


def write_quarantine(db_path: Path, rows: list[dict]) -> None:
    """Every document left out by a publication check, with the reason: rewritten at every build (empty when none)."""
    import io

    from casebook.corpus import atomic_write_text

    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=["document_id", "file", "reason"], lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    atomic_write_text(quarantine_path(db_path), out.getvalue())


def log_takedowns(db_path: Path, taken: list[dict]) -> None:
    """One line per takedown applied in this build, with its reason, next to the database (not in it)."""
    if not taken:
        return
    with open(Path(db_path).with_suffix(".takedowns.log"), "a", encoding="utf-8") as f:
        for t in taken:
            f.write(json.dumps({"built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                                "target": f"{t['kind']}: {t['value']}", "removed": t["removed"], "reason": t["reason"],
                                "requested_by": t.get("requested_by"), "date": t["date"]}, ensure_ascii=False) + "\n")


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
