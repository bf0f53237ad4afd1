"""`casebook export`: a research data release (CSVs, a Frictionless data package, a codebook) that validates."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys

import pytest

from casebook.errors import CasebookError
from db.build import build
from db.export import export
from tests.conftest import ROOT

METADATA = ROOT / "metadata.yml"


@pytest.fixture
def release(tmp_path, small_corpus):
    build(small_corpus, tmp_path / "c.db")
    export(tmp_path / "c.db", tmp_path / "release", METADATA)
    return tmp_path / "c.db", tmp_path / "release"


def test_the_release_is_a_valid_frictionless_package(release):
    from frictionless import Package, validate

    db, out = release
    report = validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    package = Package(str(out / "datapackage.json"))
    conn = sqlite3.connect(db)
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table' and name not like '%fts%'")}
    assert {r.name for r in package.resources} == tables
    assert package.get_resource("cases").schema.primary_key == ["id"]
    timeline = package.to_dict()["resources"][[r.name for r in package.resources].index("case_documents")]["schema"]
    assert {"fields": ["case_id"], "reference": {"resource": "cases", "fields": ["id"]}} in timeline["foreignKeys"]


def test_every_field_has_its_description_from_the_metadata(release):
    _, out = release
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    undocumented = [f"{r['name']}.{f['name']}" for r in package["resources"] for f in r["schema"]["fields"] if not f["description"]]
    assert undocumented == []
    assert package["custody_casebook"]["build_id"] and package["version"].count(".") == 2


def test_the_csvs_hold_every_row_and_the_codebook_every_field(release):
    db, out = release
    conn = sqlite3.connect(db)
    with open(out / "data" / "documents.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == conn.execute("select count(*) from documents").fetchone()[0] == 8
    assert {r["id"] for r in rows} == {r[0] for r in conn.execute("select id from documents")}
    codebook = (out / "CODEBOOK.md").read_text(encoding="utf-8")
    assert "## cases (" in codebook and "| `status` | string |" in codebook and "pd.read_csv" in codebook


def test_frictionless_validate_on_the_command_line(release):
    _, out = release
    result = subprocess.run([sys.executable, "-m", "frictionless", "validate", str(out / "datapackage.json")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]


def test_export_errors_name_the_problem(tmp_path, release):
    db, out = release
    with pytest.raises(CasebookError, match="not empty"):
        export(db, out, METADATA)
    with pytest.raises(CasebookError, match="no database"):
        export(tmp_path / "missing.db", tmp_path / "r2", METADATA)
    bad = tmp_path / "bad.yml"
    bad.write_text("databases: [unclosed\n", encoding="utf-8")
    with pytest.raises(CasebookError, match="not valid YAML"):
        export(db, tmp_path / "r3", bad)
    assert not (tmp_path / "r3").exists()
    export(db, out, METADATA, overwrite=True)
    assert (out / "datapackage.json").exists()
