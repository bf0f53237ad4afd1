"""Where the shipped corpus and the default database live (overridable on every command)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "corpus"
DB_PATH = ROOT / "db" / "casebook.db"
METADATA = ROOT / "metadata.yml"
