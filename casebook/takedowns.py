"""Takedowns: `corpus/takedowns.yml` removes documents and cases, and everything derived from them, at every build.

An entry names one target (`document: <id>`, `url: <url>` or `case: <id>`) with the reason, who
asked and when. The build drops the targets before any row is written, so a suppressed item
never reaches the downloadable database; each application is logged (with its reason) next to
the database, not in it.
"""

from __future__ import annotations

from pathlib import Path

from casebook.yamlfile import list_entries

TARGETS = ("document", "url", "case")


def takedowns_path(corpus_dir: Path) -> Path:
    return Path(corpus_dir) / "takedowns.yml"


def load_takedowns(corpus_dir: Path) -> list[dict]:
    """The validated takedowns ([] without a file); each keeps its file and line."""
    out = []
    for c, at, item, kind in list_entries(takedowns_path(corpus_dir), "takedowns", TARGETS):
        value = c.get(item, at, kind)
        reason = c.get(item, at, "reason")
        requested_by = c.get(item, at, "requested_by", required=False)
        date = c.get(item, at, "date")
        out.append({"kind": kind, "value": value, "reason": reason, "requested_by": requested_by, "date": date,
                    "file": str(c.path), "line": c.lines.get(at)})
    return out


def split_takedowns(docs: list[dict], takedowns: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """(documents kept, document/url takedowns applied with what they removed, case takedowns)."""
    by_id = {t["value"]: t for t in takedowns if t["kind"] == "document"}
    by_url = {t["value"]: t for t in takedowns if t["kind"] == "url"}
    kept, applied = [], []
    for doc in docs:
        hit = by_id.get(doc["id"]) or by_url.get(doc["url"]) or by_url.get((doc.get("provenance") or {}).get("canonical_url"))
        if hit:
            applied.append({**hit, "removed": [f"document {doc['id']}"]})
        else:
            kept.append(doc)
    return kept, applied, [t for t in takedowns if t["kind"] == "case"]
