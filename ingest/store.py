"""Put a fetched document into the corpus with its provenance, and its raw response under corpus/raw/.

Raw responses are stored content-addressed and gzipped (`corpus/raw/ab/abcdef….gz`), so a re-fetch
of the same bytes stores nothing new. A document is found again by (source, native id): an
edited release becomes a new version of the same document (the earlier versions are listed in
its provenance), never a second document. Every write is atomic.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from casebook.corpus import (
    atomic_write_bytes, atomic_write_text, document_path, iter_document_paths, normalise_input, read_document, serialise,
)
from casebook.licences import SHORT_QUOTE_CHARS, full_text_allowed
from ingest.state import state_dir


@dataclass
class Fetched:
    """One document as a source module hands it over: text plus everything needed for provenance."""
    source: str
    native_id: str
    url: str                      # canonical URL
    title: str | None
    text: str
    published: str | None
    publisher: str
    source_kind: str
    licence: str
    raw: bytes = b""
    raw_content_type: str = ""
    fetch_url: str = ""
    http_status: int = 200
    fetched_at: float = 0.0
    native_version: str | None = None   # DOJ vuuid, FCL contenthash, ...; None: the content hash decides
    attribution: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def version(self) -> str:
        return self.native_version or hashlib.sha256(f"{self.title}\n\n{self.text}".encode()).hexdigest()


def raw_path(corpus_dir: Path, sha: str) -> Path:
    return Path(corpus_dir) / "raw" / sha[:2] / f"{sha}.gz"


def store_raw(corpus_dir: Path, content: bytes) -> str:
    """Keep the raw bytes gzipped under their sha256; returns the hash. Same bytes, same file."""
    sha = hashlib.sha256(content).hexdigest()
    path = raw_path(corpus_dir, sha)
    if not path.exists():
        atomic_write_bytes(path, gzip.compress(content, mtime=0))
    return sha


def make_id(source: str, url: str, native_id: str) -> str:
    """A readable, stable id: source, the URL's last path segment, and a short hash of the native id."""
    segment = next((s for s in reversed(urlsplit(url).path.split("/")) if s and s not in ("data.xml", "index.html")), "")
    slug = re.sub(r"[^a-z0-9]+", "-", segment.lower()).strip("-")[:60].strip("-")
    digest = hashlib.sha1(native_id.encode("utf-8")).hexdigest()[:8]
    return f"{source}-{slug}-{digest}" if slug else f"{source}-{digest}"


def short_quote(text: str, limit: int = SHORT_QUOTE_CHARS) -> str:
    """At most `limit` characters, cut at the end of a sentence or word (for text we may not republish)."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind(".” "))
    if end > limit // 2:
        return cut[: end + 1]
    return cut[: cut.rfind(" ")].rstrip(",;:") + "…" if " " in cut else cut[: limit - 1] + "…"


def index_by_native_id(corpus_dir: Path) -> dict[tuple[str, str], Path]:
    """(source, native id) -> document file, from the corpus itself (the truth, not the state)."""
    index = {}
    for path in iter_document_paths(corpus_dir):
        try:
            prov = json.loads(path.read_text(encoding="utf-8")).get("provenance") or {}
        except (OSError, json.JSONDecodeError):
            continue
        if prov.get("source") and prov.get("native_id"):
            index[(prov["source"], prov["native_id"])] = path
    return index


def iso_utc(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def store_document(corpus_dir: Path, item: Fetched, index: dict) -> tuple[str, str]:
    """Write one fetched document; returns (outcome, document id), outcome new / updated / unchanged."""
    text, excerpt = item.text, False
    if not full_text_allowed(item.licence):
        text, excerpt = short_quote(item.text), True
    raw_sha = store_raw(corpus_dir, item.raw) if item.raw else None
    existing_path = index.get((item.source, item.native_id))
    existing = read_document(existing_path) if existing_path else None
    doc_id = existing["id"] if existing else make_id(item.source, item.url, item.native_id)
    provenance = {
        "source": item.source,
        "native_id": item.native_id,
        "native_version": item.native_version,
        "canonical_url": item.url,
        "fetch_url": item.fetch_url or item.url,
        "fetched_at": iso_utc(item.fetched_at),
        "http_status": item.http_status,
        "raw_sha256": raw_sha,
        "raw_content_type": item.raw_content_type,
        **({"details": item.extra} if item.extra else {}),
    }
    row = {
        "id": doc_id, "url": item.url, "publisher": item.publisher, "source_kind": item.source_kind,
        "licence": item.licence, "published": item.published, "title": item.title, "text": text,
        "text_is_excerpt": excerpt, "retrieved": iso_utc(item.fetched_at)[:10], "provenance": provenance,
    }
    if item.attribution:
        row["attribution"] = item.attribution
    doc = normalise_input(row, f"{item.source}:{item.native_id}", None)
    if existing is not None:
        if existing["content_sha256"] == doc["content_sha256"]:
            return "unchanged", doc_id
        old = existing.get("provenance") or {}
        previous = {k: old.get(k) for k in ("native_version", "fetched_at", "raw_sha256")}
        previous["content_sha256"] = existing["content_sha256"]
        doc["provenance"]["versions"] = list(old.get("versions") or []) + [previous]
        outcome = "updated"
    else:
        outcome = "new"
    path = document_path(corpus_dir, doc)
    atomic_write_text(path, serialise(doc))
    if existing_path and existing_path != path:  # the source kind changed: one file only
        existing_path.unlink(missing_ok=True)
    index[(item.source, item.native_id)] = path
    return outcome, doc_id


def log_line(corpus_dir: Path, name: str, entry: dict) -> None:
    """Append one JSON line to `<corpus>/.ingest/<name>.jsonl` (rejected and failed items, with the reason)."""
    folder = state_dir(corpus_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{name}.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())
