"""Checkpoints of an ingest run, in `<corpus>/.ingest/state.db` (SQLite, one commit per item).

The corpus files are the truth; this state only saves work: where a listing walk stopped, which
native ids were already seen at which version, and the ETag / Last-Modified of each URL.
Losing it costs a re-walk, never a duplicate (documents are found again by native id).
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS validators (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT);
CREATE TABLE IF NOT EXISTS items (
    source TEXT NOT NULL, native_id TEXT NOT NULL, version TEXT, doc_id TEXT, outcome TEXT NOT NULL,
    reason TEXT, at REAL NOT NULL, PRIMARY KEY (source, native_id));
CREATE TABLE IF NOT EXISTS cursors (source TEXT NOT NULL, run_key TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (source, run_key));
"""


def state_dir(corpus_dir: Path) -> Path:
    return Path(corpus_dir) / ".ingest"


class State:
    def __init__(self, corpus_dir: Path):
        folder = state_dir(corpus_dir)
        folder.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(folder / "state.db", isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    # conditional GET
    def conditional_headers(self, url: str) -> dict:
        row = self.db.execute("SELECT etag, last_modified FROM validators WHERE url = ?", (url,)).fetchone()
        headers = {}
        if row and row[0]:
            headers["If-None-Match"] = row[0]
        if row and row[1]:
            headers["If-Modified-Since"] = row[1]
        return headers

    def remember(self, url: str, headers: dict) -> None:
        etag, modified = headers.get("etag"), headers.get("last-modified")
        if etag or modified:
            self.db.execute("INSERT OR REPLACE INTO validators VALUES (?, ?, ?)", (url, etag, modified))

    def forget_validators(self, url: str) -> None:
        self.db.execute("DELETE FROM validators WHERE url = ?", (url,))

    # items already handled
    def item(self, source: str, native_id: str) -> dict | None:
        row = self.db.execute("SELECT version, doc_id, outcome, reason FROM items WHERE source = ? AND native_id = ?",
                              (source, native_id)).fetchone()
        return dict(zip(("version", "doc_id", "outcome", "reason"), row)) if row else None

    def record(self, source: str, native_id: str, version: str | None, doc_id: str | None, outcome: str, reason: str | None = None):
        self.db.execute("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (source, native_id, version, doc_id, outcome, reason, time.time()))

    # where a listing walk stopped
    def cursor(self, source: str, run_key: str):
        row = self.db.execute("SELECT value FROM cursors WHERE source = ? AND run_key = ?", (source, run_key)).fetchone()
        return json.loads(row[0]) if row else None

    def save_cursor(self, source: str, run_key: str, value) -> None:
        self.db.execute("INSERT OR REPLACE INTO cursors VALUES (?, ?, ?)", (source, run_key, json.dumps(value)))

    def clear_cursor(self, source: str, run_key: str) -> None:
        self.db.execute("DELETE FROM cursors WHERE source = ? AND run_key = ?", (source, run_key))
