"""`casebook import`: bring a JSONL file of documents into the corpus, all rows or none.

Rows follow ``../shared/corpus-seed/documents.jsonl`` (gold records are accepted; their
labels are ignored). Every row is validated before anything is written; with
``skip_invalid`` the good rows are written and the bad ones listed in a rejects file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

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


def validate_rows(path: Path) -> tuple[list[dict], list[InvalidRecord]]:
    """Parse and validate every row; returns (good documents, errors), never writes."""
    good, errors, seen = [], [], {}
    try:
        rows = list(iter_jsonl(path))
    except InvalidRecord as e:
        return [], [e]
    except OSError as e:
        raise CasebookError(f"{path}: cannot read: {e.strerror}") from None
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


def import_jsonl(path, corpus_dir, skip_invalid=False, rejects_path=None) -> dict:
    """Import one JSONL file; returns counts of new, updated, unchanged and rejected documents."""
    path, corpus_dir = Path(path), Path(corpus_dir)
    good, errors = validate_rows(path)
    if errors and not skip_invalid:
        more = f" (and {len(errors) - 1} more invalid rows)" if len(errors) > 1 else ""
        raise CasebookError(
            f"{errors[0]}{more}; nothing was imported",
            hint="fix the rows, or pass --skip-invalid to import the good rows and write the bad ones to a rejects file",
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
                old = read_document(old_path)
                if _same_content(old, doc):
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
