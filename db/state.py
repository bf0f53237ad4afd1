"""What the last build saw and made, kept beside the database (`<db>.state`, never published) so the next build redoes only what changed.

It holds the corpus files seen (path, size, modification time), each document's status
(published, quarantined, taken down) with its mentions of defendants and their linking
blocks, the names it withholds everywhere, and each case's block. It may hold victims' names
(the redaction's working list), so it stays beside the database and is never served. A state
that does not match its database (another build id) is ignored: the next build starts from scratch.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

SCHEMA = """
create table meta (key text primary key, value text);
create table files (path text primary key, size integer, mtime_ns integer, doc_id text);
create table docs (id text primary key, path text, sha text, status text, reason text, mentions text,
                   applied text, blocks text);
create index docs_status on docs(status);
create table doc_blocks (doc_id text, block text, primary key (doc_id, block));
create index doc_blocks_block on doc_blocks(block);
create table everywhere (doc_id text, name text, primary key (doc_id, name));
create table present (doc_id text, name text, primary key (doc_id, name));
create index present_name on present(name);
create table case_keys (case_id text primary key, block text, base text, applied text);
create index case_keys_block on case_keys(block);
create index case_keys_base on case_keys(base);
"""
PUBLISHED, QUARANTINED, TAKEN_DOWN, CASE_TAKEN_DOWN = "published", "quarantined", "taken_down", "case_taken_down"


def state_path(db_path: Path) -> Path:
    """db/casebook.db -> db/casebook.state"""
    return Path(db_path).with_suffix(".state")


def create(path: Path) -> sqlite3.Connection:
    conn = connect(path)
    conn.executescript(SCHEMA)
    return conn


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("pragma journal_mode = off")   # a working copy: the rename publishes it, a crash discards it
    conn.execute("pragma synchronous = off")
    return conn


def read_meta(path: Path) -> dict | None:
    """The previous build's meta values, or None when there is no usable state."""
    if not Path(path).exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return dict(conn.execute("select key, value from meta"))
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def set_meta(conn: sqlite3.Connection, values: dict) -> None:
    conn.executemany("insert or replace into meta values (?, ?)", [(k, str(v)) for k, v in values.items()])


def scan_files(corpus_dir: Path) -> dict[str, tuple[int, int]]:
    """{path relative to the corpus: (size, mtime_ns)} of every document file, by directory listing only."""
    root = Path(corpus_dir) / "documents"
    out = {}
    if not root.is_dir():
        return out
    with os.scandir(root) as kinds:
        for kind in kinds:
            if not kind.is_dir():
                continue
            with os.scandir(kind.path) as entries:
                for e in entries:
                    if e.name.endswith(".json") and not e.name.startswith("."):
                        st = e.stat()
                        out[f"documents/{kind.name}/{e.name}"] = (st.st_size, st.st_mtime_ns)
    return out


def changed_files(conn: sqlite3.Connection, files: dict[str, tuple[int, int]]) -> tuple[list[str], list[str]]:
    """(paths new or changed since the last build, paths gone), each sorted."""
    seen = {p: (s, m) for p, s, m in conn.execute("select path, size, mtime_ns from files")}
    changed = sorted(p for p, sm in files.items() if seen.get(p) != sm)
    gone = sorted(p for p in seen if p not in files)
    return changed, gone


def doc_ids_of_paths(conn: sqlite3.Connection, paths: list[str]) -> dict[str, str]:
    return dict(rows_in(conn, "select path, doc_id from files where path in ({marks})", paths))


def record_file(conn: sqlite3.Connection, path: str, size_mtime: tuple[int, int] | None, doc_id: str | None) -> None:
    if size_mtime is None:
        conn.execute("delete from files where path = ?", [path])
    else:
        conn.execute("insert or replace into files values (?, ?, ?, ?)", [path, *size_mtime, doc_id])


def forget_doc(conn: sqlite3.Connection, doc_id: str) -> None:
    for table, col in (("docs", "id"), ("doc_blocks", "doc_id"), ("everywhere", "doc_id"), ("present", "doc_id")):
        conn.execute(f"delete from {table} where {col} = ?", [doc_id])


def record_doc(conn: sqlite3.Connection, doc_id: str, path: str, sha: str, status: str, reason: str | None,
               mentions: list[dict], applied: list[dict], blocks: set[str], everywhere: set[str], present: set[str]) -> None:
    """One document's outcome of this build (replacing the last one's)."""
    forget_doc(conn, doc_id)
    conn.execute("insert into docs values (?, ?, ?, ?, ?, ?, ?, ?)",
                 [doc_id, path, sha, status, reason, json.dumps(mentions, ensure_ascii=False),
                  json.dumps(applied, ensure_ascii=False, default=str), json.dumps(sorted(blocks))])
    conn.executemany("insert into doc_blocks values (?, ?)", [(doc_id, b) for b in sorted(blocks)])
    conn.executemany("insert into everywhere values (?, ?)", [(doc_id, n) for n in sorted(everywhere)])
    conn.executemany("insert into present values (?, ?)", [(doc_id, n) for n in sorted(present)])


def doc_info(conn: sqlite3.Connection, doc_id: str) -> dict | None:
    row = conn.execute("select id, path, sha, status, reason, mentions, applied, blocks from docs where id = ?", [doc_id]).fetchone()
    if not row:
        return None
    return {"id": row[0], "path": row[1], "sha": row[2], "status": row[3], "reason": row[4], "mentions": json.loads(row[5]),
            "applied": json.loads(row[6]), "blocks": set(json.loads(row[7]))}


def set_status(conn: sqlite3.Connection, doc_id: str, status: str, reason: str | None) -> None:
    conn.execute("update docs set status = ?, reason = ? where id = ?", [status, reason, doc_id])


def withheld_everywhere(conn: sqlite3.Connection) -> set[str]:
    """Every whole name some document withholds (taken-down documents no longer count)."""
    return {r[0] for r in conn.execute(
        "select distinct e.name from everywhere e join docs d on d.id = e.doc_id where d.status != ?", [TAKEN_DOWN])}


def rows_in(conn: sqlite3.Connection, sql: str, values) -> list[tuple]:
    """Rows of `sql` with its "{marks}" filled by one "?" per value, in chunks of 500 values (SQLite's limit on parameters)."""
    out = []
    for part in _chunks(sorted(values)):
        out += conn.execute(sql.format(marks=",".join("?" * len(part))), part).fetchall()
    return out


def docs_with_present(conn: sqlite3.Connection, names: set[str]) -> set[str]:
    return {r[0] for r in rows_in(conn, "select doc_id from present where name in ({marks})", names)}


def docs_in_blocks(conn: sqlite3.Connection, blocks: set[str]) -> set[str]:
    return {r[0] for r in rows_in(conn, "select doc_id from doc_blocks where block in ({marks})", blocks)}


def mentions_of(conn: sqlite3.Connection, doc_ids: set[str], statuses: tuple[str, ...]) -> list[dict]:
    rows = rows_in(conn, "select mentions, status from docs where id in ({marks}) order by id", doc_ids)
    return [m for mentions, status in rows if status in statuses for m in json.loads(mentions)]


def cases_of_blocks(conn: sqlite3.Connection, blocks: set[str]) -> list[str]:
    return [r[0] for r in rows_in(conn, "select case_id from case_keys where block in ({marks})", blocks)]


def blocks_with_bases(conn: sqlite3.Connection, bases: set[str]) -> set[str]:
    return {r[0] for r in rows_in(conn, "select block from case_keys where base in ({marks})", bases)}


def _chunks(values: list, size: int = 500):
    values = list(values)
    for i in range(0, len(values), size):
        yield values[i:i + size]
