"""The annotator's version: a hash of its config, pattern files and sources, read without importing spaCy.

It keys the annotation cache and tells a build whether the previous database's labels still hold
(a rebuild that finds nothing changed must answer in well under a second, before spaCy loads).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def files_digest(files) -> str:
    """sha256 over the names and bytes of files (in the order given), first 16 hex digits."""
    h = hashlib.sha256()
    for f in files:
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def pipeline_version() -> str:
    """A hash of the config, every pattern file and every component's source: the cache key."""
    return files_digest([HERE / "config.cfg", *sorted((HERE / "patterns").iterdir()), *sorted(HERE.glob("*.py"))])


PIPELINE_VERSION = pipeline_version()
