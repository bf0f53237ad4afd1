"""`casebook import`: bring documents into the corpus from files, all rows or none.

- JSONL and CSV: one document per row, with the corpus fields as keys / columns. JSONL rows
  follow ``../shared/corpus-seed/documents.jsonl`` (gold records are accepted; their labels are
  ignored).
- HTML, PDF and TXT: one document per file, its metadata (id, url, publisher, source_kind,
  licence, published, title) in a sidecar file beside it: ``report.pdf.meta.yml`` (or ``.meta.json``).

Every row is validated before anything is written; with ``skip_invalid`` the good rows are
written and the bad ones listed in a rejects file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from pathlib import Path

import yaml

from casebook.corpus import (
    FIELDS, document_path, iter_document_paths, iter_jsonl, normalise_input, read_document, serialise,
)
from casebook.errors import CasebookError, InvalidRecord


def _existing_index(corpus_dir: Path) -> dict[str, Path]:
    return {p.stem: p for p in iter_document_paths(corpus_dir)}


def _same_content(a: dict, b: dict) -> bool:
    """Equal in everything but the retrieval date."""
    keys = [k for k in FIELDS if k != "retrieved"] + ["provenance"]
    return all(a.get(k) == b.get(k) for k in keys)


TABLE_SUFFIXES = (".jsonl", ".csv")
DOCUMENT_SUFFIXES = (".html", ".htm", ".pdf", ".txt")
SIDECARS = (".meta.yml", ".meta.yaml", ".meta.json")
# CSV cells are text: these columns are turned back into what the corpus format expects.
CSV_NULLABLE = ("publisher", "published", "title", "attribution", "retrieved", "content_sha256")


def read_rows(path: Path) -> list[tuple[int | None, object]]:
    """(line, row) pairs from a JSONL, CSV or single-document file; a bad file names itself."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return list(iter_jsonl(path))
    if suffix == ".csv":
        return csv_rows(path)
    if suffix in DOCUMENT_SUFFIXES:
        return [(None, local_document_row(path))]
    raise InvalidRecord(path, None, "(file)", f"cannot import a {suffix or 'suffix-less'} file",
                        hint="import .jsonl or .csv tables, or .html, .pdf and .txt files with a .meta.yml sidecar")


def csv_rows(path: Path) -> list[tuple[int, dict]]:
    """Rows of a CSV with a header line of corpus fields; empty cells of optional fields are null."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if not reader.fieldnames or "id" not in reader.fieldnames:
            raise InvalidRecord(path, 1, "(header)", "the first line must name the columns, including id",
                                hint=f"columns: {', '.join(FIELDS)}")
        rows = []
        for row in reader:
            line = reader.line_num
            if None in row:
                raise InvalidRecord(path, line, "(row)", f"{len(row[None])} more cells than the header has columns")
            clean = {k: v for k, v in row.items() if k}
            for key in CSV_NULLABLE:
                if clean.get(key) == "":
                    clean[key] = None
            if "text_is_excerpt" in clean:
                value = (clean["text_is_excerpt"] or "").strip().lower()
                clean["text_is_excerpt"] = {"true": True, "false": False, "": False}.get(value, clean["text_is_excerpt"])
            rows.append((line, clean))
        return rows


def sidecar_of(path: Path) -> Path | None:
    for suffix in SIDECARS:
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            return candidate
    return None


def local_document_row(path: Path) -> dict:
    """One document from a local HTML, PDF or TXT file plus its metadata sidecar."""
    sidecar = sidecar_of(path)
    if sidecar is None:
        raise InvalidRecord(path, None, "(sidecar)", "no metadata file beside it",
                            hint=f"write {path.name}.meta.yml with id, url, publisher, source_kind, licence, published, title")
    try:
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InvalidRecord(sidecar, mark.line + 1 if mark else None, "(file)", f"not valid YAML/JSON: {getattr(e, 'problem', e)}") from None
    if not isinstance(meta, dict):
        raise InvalidRecord(sidecar, None, "(file)", "expected a mapping of fields")
    if "text" in meta:
        raise InvalidRecord(sidecar, None, "text", "comes from the document file, not the sidecar")
    raw = path.read_bytes()
    title, text = extract_local_text(path, raw)
    row = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in meta.items()}  # YAML reads dates as dates
    row.setdefault("title", title)
    row["text"] = text
    row.setdefault("provenance", {"source": "import", "file_name": path.name,
                                  "raw_sha256": hashlib.sha256(raw).hexdigest(), "sidecar": sidecar.name})
    return row


def extract_local_text(path: Path, raw: bytes) -> tuple[str | None, str]:
    """(title, text) of a local file: main text of HTML, text of every PDF page, or the TXT itself."""
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        from ingest.extract import main_text_of, page_title, soup_of
        from ingest.http import decode

        html = decode(raw, "text/html")
        return page_title(soup_of(html)), main_text_of(html)
    if suffix == ".pdf":
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(io.BytesIO(raw))
            pages = [page.extract_text() or "" for page in reader.pages]
            title = (reader.metadata or {}).get("/Title") if reader.metadata else None
        except (PdfReadError, ValueError, KeyError, TypeError) as e:
            raise InvalidRecord(path, None, "(file)", f"not a readable PDF: {e}") from None
        text = "\n\n".join(p.strip() for p in pages if p.strip())
        return (str(title) if title else None), text
    from ingest.http import decode
    return None, decode(raw).strip()


def validate_rows(path: Path) -> tuple[list[dict], list[InvalidRecord]]:
    """Parse and validate every row; returns (good documents, errors), never writes."""
    good, errors, seen = [], [], {}
    try:
        rows = read_rows(path)
    except InvalidRecord as e:
        return [], [e]
    except OSError as e:
        raise CasebookError(f"{path}: cannot read: {e.strerror}") from None
    except UnicodeDecodeError:
        return [], [InvalidRecord(path, None, "(file)", "not UTF-8 text")]
    for line, row in rows:
        try:
            doc = normalise_input(row, path, line)
            if doc["id"] in seen:
                raise InvalidRecord(path, line, "id", f"{doc['id']!r} already appears on line {seen[doc['id']]}")
            seen[doc["id"]] = line
            good.append(doc)
        except InvalidRecord as e:
            errors.append(e)
    return good, errors


def import_file(path, corpus_dir, skip_invalid=False, rejects_path=None) -> dict:
    """Import one file (JSONL, CSV, or HTML/PDF/TXT with a sidecar); returns new, updated, unchanged, rejected."""
    path, corpus_dir = Path(path), Path(corpus_dir)
    good, errors = validate_rows(path)
    if errors and not skip_invalid:
        first = errors[0]
        more = f" (and {len(errors) - 1} more invalid rows)" if len(errors) > 1 else ""
        raise InvalidRecord(
            first.path, first.line, first.field, f"{first.problem}{more}; nothing was imported",
            hint=first.hint if len(errors) == 1 and first.hint else
            "fix the rows, or pass --skip-invalid to import the good rows and write the bad ones to a rejects file",
        )
    summary = {"new": [], "updated": [], "unchanged": [], "rejected": len(errors), "rejects_file": None}
    if errors:
        rejects_path = Path(rejects_path or f"{path}.rejects.jsonl")
        with open(rejects_path, "w", encoding="utf-8") as f:
            for e in errors:
                f.write(json.dumps({"file": e.path, "line": e.line, "field": e.field, "problem": e.problem}) + "\n")
        summary["rejects_file"] = str(rejects_path)

    existing = _existing_index(corpus_dir)
    staged: list[tuple[Path, Path, Path | None]] = []  # (temp, target, old path to remove)
    try:
        for doc in good:
            target = document_path(corpus_dir, doc)
            old_path = existing.get(doc["id"])
            if old_path is not None:
                try:
                    old = read_document(old_path)
                except InvalidRecord:  # a stored file that is no longer valid (control characters): replaced
                    old = None
                if old is not None and _same_content(old, doc):
                    summary["unchanged"].append(doc["id"])
                    continue
                summary["updated"].append(doc["id"])
            else:
                summary["new"].append(doc["id"])
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.import.tmp")
            tmp.write_text(serialise(doc), encoding="utf-8")
            staged.append((tmp, target, old_path if old_path and old_path != target else None))
    except BaseException:
        for tmp, _, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    # Every row is valid and staged: only now does the corpus change.
    for tmp, target, old_path in staged:
        os.replace(tmp, target)
        if old_path is not None:
            old_path.unlink(missing_ok=True)
    return summary
