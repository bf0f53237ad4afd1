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
# Longest text a document may hold: a 500-page report or a long judgment fits (about 1,000 pages of
# 5,000 characters); the annotator reads it in parts (annotate/parts.py). Longer texts are refused.
MAX_TEXT_CHARS = 5_000_000
# Longest title: a title is one line, annotated with the first part of the text.
MAX_TITLE_CHARS = 10_000
# Control characters other than tab and line feed (C0, DEL and C1): "a NUL\x00 from a PDF", "ESC\x1b[0m".
# Import removes them; a stored corpus file must not hold any.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Those that break a line or a page become a line feed, so that words stay apart: "page one.\x0cPage two",
# "line one\r\nline two", "line one\rline two", vertical tab, the separators FS GS RS US, NEL.
BREAK_RE = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1f\x85]")


def content_sha256(title: str | None, text: str) -> str:
    """The content hash: sha256 of the UTF-8 bytes of ``title + "\\n\\n" + text``."""
    return hashlib.sha256(f"{title or ''}\n\n{text}".encode("utf-8")).hexdigest()


def remove_control_characters(value: str) -> str:
    """The text without control characters: line and page breaks (BREAK_RE) become "\\n", the others go.

    Tab and line feed stay. Offsets into the cleaned text are what the annotator and the evidence use.
    """
    if not CONTROL_RE.search(value):
        return value
    return CONTROL_RE.sub("", BREAK_RE.sub("\n", value))


def _refuse_control_characters(value: str | None, path, line, field) -> None:
    """A stored document must hold clean text: name the first control character and where it is."""
    m = CONTROL_RE.search(value or "")
    if m:
        raise InvalidRecord(
            path, line, field, f"holds a control character (U+{ord(m.group()):04X} at character {m.start()})",
            hint="casebook import removes control characters: import the document again (the file's JSON on one "
                 "line of a .jsonl file will do); the imported copy replaces this file",
        )


def _check_length(value: str | None, limit: int, path, line, field, hint: str) -> None:
    if value is not None and len(value) > limit:
        raise InvalidRecord(path, line, field, f"{len(value):,} characters, more than the limit of {limit:,}", hint=hint)


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


def normalise_input(row, path, line, today: str | None = None, control_characters: str = "remove") -> dict:
    """Validate one import row (seed or gold format) and return it as a corpus document.

    Control characters in the title and text (all but tab and line feed; see CONTROL_RE) are removed
    (control_characters="remove", import and ingest) or refused ("refuse", a stored corpus file), and
    content_sha256 is computed on the cleaned text. The text may hold at most MAX_TEXT_CHARS characters.
    """
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
    raw_title = title = _require_str(row, "title", path, line, allow_null=True)
    raw_text = text = _require_str(row, "text", path, line)
    if control_characters == "refuse":
        _refuse_control_characters(title, path, line, "title")
        _refuse_control_characters(text, path, line, "text")
    else:
        title = remove_control_characters(title) if title is not None else None
        text = remove_control_characters(text)
        if not text.strip():
            raise InvalidRecord(path, line, "text", "holds nothing but control characters and spaces")
    _check_length(title, MAX_TITLE_CHARS, path, line, "title", hint="a title is one line; put the rest in the text")
    _check_length(text, MAX_TEXT_CHARS, path, line, "text",
                  hint="split the document into several (one per volume or chapter, each with its own id), "
                       "or keep its opening part with text_is_excerpt: true; see corpus/README.md")
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
    # a row may carry the hash of its text as given, before control characters were removed
    if row.get("content_sha256") not in (None, digest, content_sha256(raw_title, raw_text)):
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
    clean = normalise_input(doc, path, None, control_characters="refuse")
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
