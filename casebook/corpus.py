"""The corpus format: one JSON file per document, validated on every read and written atomically.

A document lives at ``corpus/documents/<source_kind>/<id>.json``; ``corpus/README.md``
describes every field. Every function here raises ``InvalidRecord`` naming the file,
the line (for JSONL input) and the field, never a bare exception.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Iterator

from casebook.errors import InvalidRecord
from casebook.licences import LICENCES, SHORT_QUOTE_CHARS, SOURCE_KINDS, attribution, full_text_allowed

FIELDS = (
    "id", "url", "publisher", "source_kind", "licence", "attribution", "published",
    "title", "text", "text_is_excerpt", "retrieved", "content_sha256",
)
# Optional fields a document may carry (scrapers add provenance).
OPTIONAL_FIELDS = ("provenance",)
# Fields of an import row that are accepted and ignored (gold records carry labels).
IGNORED_INPUT_FIELDS = ("labels", "not_relevant")

# "usao-edky-2022-salcido-sentenced": letters, digits, dot, dash, underscore; no path tricks.
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
# "2022-11-03", "2005-04" or "2005": ISO dates, possibly partial (reports give only a month).
PARTIAL_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def content_sha256(title: str | None, text: str) -> str:
    """The content hash: sha256 of the UTF-8 bytes of ``title + "\\n\\n" + text``."""
    return hashlib.sha256(f"{title or ''}\n\n{text}".encode("utf-8")).hexdigest()


def _check_date(value, path, line, field, partial=True):
    if value is None:
        return
    if not isinstance(value, str) or not PARTIAL_DATE_RE.match(value):
        raise InvalidRecord(path, line, field, f"expected an ISO date (YYYY-MM-DD, YYYY-MM or YYYY) or null, got {value!r}")
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        raise InvalidRecord(path, line, field, f"not a real date: {value!r}") from None
    if not partial and len(value) != 10:
        raise InvalidRecord(path, line, field, f"expected a full date YYYY-MM-DD, got {value!r}")


def _require_str(row, field, path, line, allow_null=False, allow_empty=False):
    value = row.get(field)
    if value is None:
        if allow_null:
            return None
        raise InvalidRecord(path, line, field, "is missing")
    if not isinstance(value, str):
        raise InvalidRecord(path, line, field, f"expected text, got {type(value).__name__}")
    if not allow_empty and not value.strip():
        raise InvalidRecord(path, line, field, "is empty")
    return value


def normalise_input(row, path, line, today: str | None = None) -> dict:
    """Validate one import row (seed or gold format) and return it as a corpus document."""
    if not isinstance(row, dict):
        raise InvalidRecord(path, line, "(row)", f"expected a JSON object, got {type(row).__name__}")
    unknown = set(row) - set(FIELDS) - set(OPTIONAL_FIELDS) - set(IGNORED_INPUT_FIELDS)
    if unknown:
        # a YAML sidecar can hold a key that is no text at all ("?" is a null key): name it as written
        raise InvalidRecord(path, line, sorted(map(str, unknown))[0], "unknown field", hint=f"known fields: {', '.join(FIELDS)}")
    doc_id = _require_str(row, "id", path, line)
    if not ID_RE.match(doc_id):
        raise InvalidRecord(path, line, "id", f"{doc_id!r} is not a slug (letters, digits, '.', '-', '_'; at most 200)")
    url = _require_str(row, "url", path, line)
    if not URL_RE.match(url):
        raise InvalidRecord(path, line, "url", f"not an http(s) URL: {url!r}")
    kind = _require_str(row, "source_kind", path, line)
    if kind not in SOURCE_KINDS:
        raise InvalidRecord(path, line, "source_kind", f"{kind!r} is not one of {', '.join(SOURCE_KINDS)}")
    licence = _require_str(row, "licence", path, line)
    if licence not in LICENCES:
        raise InvalidRecord(path, line, "licence", f"{licence!r} is not one of {', '.join(LICENCES)}")
    publisher = _require_str(row, "publisher", path, line, allow_null=True)
    title = _require_str(row, "title", path, line, allow_null=True)
    text = _require_str(row, "text", path, line)
    if not full_text_allowed(licence) and len(text) > SHORT_QUOTE_CHARS:
        raise InvalidRecord(
            path, line, "text",
            f"licence {licence!r} allows only a short quote ({SHORT_QUOTE_CHARS} characters), got {len(text)}",
            hint="store facts and a link for news reports; see corpus/README.md",
        )
    _check_date(row.get("published"), path, line, "published")
    excerpt = row.get("text_is_excerpt", False)
    if not isinstance(excerpt, bool):
        raise InvalidRecord(path, line, "text_is_excerpt", f"expected true or false, got {excerpt!r}")
    retrieved = row.get("retrieved") or today or dt.date.today().isoformat()
    _check_date(retrieved, path, line, "retrieved", partial=False)
    attrib = row.get("attribution") or attribution(licence, publisher)
    if not isinstance(attrib, str):
        raise InvalidRecord(path, line, "attribution", "expected text")
    digest = content_sha256(title, text)
    if row.get("content_sha256") not in (None, digest):
        raise InvalidRecord(path, line, "content_sha256", "does not match the title and text", hint="leave it out; it is computed")
    doc = {
        "id": doc_id, "url": url, "publisher": publisher, "source_kind": kind, "licence": licence,
        "attribution": attrib, "published": row.get("published"), "title": title, "text": text,
        "text_is_excerpt": excerpt, "retrieved": retrieved, "content_sha256": digest,
    }
    if "provenance" in row:
        if not isinstance(row["provenance"], dict):
            raise InvalidRecord(path, line, "provenance", "expected an object")
        doc["provenance"] = row["provenance"]
    return doc


def validate_document(doc, path) -> dict:
    """Validate a stored corpus document: every field present, hash and location consistent."""
    if not isinstance(doc, dict):
        raise InvalidRecord(path, None, "(file)", "expected a JSON object")
    for field in FIELDS:
        if field not in doc:
            raise InvalidRecord(path, None, field, "is missing")
    clean = normalise_input(doc, path, None)
    if doc["content_sha256"] != clean["content_sha256"]:
        raise InvalidRecord(path, None, "content_sha256", "does not match the title and text")
    p = Path(path)
    if p.stem != clean["id"]:
        raise InvalidRecord(path, None, "id", f"{clean['id']!r} does not match the file name {p.name!r}")
    if p.parent.name != clean["source_kind"]:
        raise InvalidRecord(path, None, "source_kind", f"{clean['source_kind']!r} but the file is under {p.parent.name}/")
    return clean


def document_path(corpus_dir: Path, doc: dict) -> Path:
    return Path(corpus_dir) / "documents" / doc["source_kind"] / f"{doc['id']}.json"


def iter_document_paths(corpus_dir: Path) -> list[Path]:
    return sorted((Path(corpus_dir) / "documents").glob("*/*.json"))


def read_document(path: Path) -> dict:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise InvalidRecord(path, e.lineno, "(file)", f"not JSON: {e.msg}") from None
    except UnicodeDecodeError:
        raise InvalidRecord(path, None, "(file)", "not UTF-8") from None
    return validate_document(raw, path)


def load_corpus(corpus_dir: Path) -> list[dict]:
    """Every document of a corpus, validated, sorted by id; duplicate ids are an error."""
    docs, seen = [], {}
    for path in iter_document_paths(corpus_dir):
        doc = read_document(path)
        if doc["id"] in seen:
            raise InvalidRecord(path, None, "id", f"{doc['id']!r} is also used by {seen[doc['id']]}")
        seen[doc["id"]] = path
        docs.append(doc)
    return sorted(docs, key=lambda d: d["id"])


def iter_jsonl(path: Path) -> Iterator[tuple[int, object]]:
    """(line number, parsed value) for each non-blank line; a bad line names itself."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as e:
                raise InvalidRecord(path, n, "(line)", f"not JSON: {e.msg} at column {e.colno}") from None


def serialise(doc: dict) -> str:
    """The canonical file text of a document: stable key order, UTF-8, trailing newline."""
    ordered = {k: doc[k] for k in FIELDS}
    for k in OPTIONAL_FIELDS:
        if k in doc:
            ordered[k] = doc[k]
    return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over the target."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Bytes to a temporary file in the same folder, fsync, then rename over the target: all or nothing."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
