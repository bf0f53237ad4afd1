"""`casebook export`: a versioned research data release of the built database — one CSV per table, a Frictionless
`datapackage.json` and a `CODEBOOK.md`, both generated from `metadata.yml`.

Researchers in R, Stata or pandas load the CSVs; the data package says every field's type and meaning, each
table's primary and foreign keys, licence and source, and which build it comes from. The release is written
to a temporary folder beside OUT_DIR and renamed into place: never half-written.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import yaml

from casebook.errors import CasebookError

SQLITE_TYPES = {"INTEGER": "integer", "REAL": "number", "FLOAT": "number", "TEXT": "string", "": "string"}
# metadata.yml text holds a little HTML ("<p>", "<code>", "<strong>"): plain text for CSV users
TAG_RE = re.compile(r"<[^>]+>")


def plain(text: str | None) -> str:
    """"<p>One row per <code>case</code></p>" -> "One row per case"."""
    spaced = re.sub(r"\s+", " ", html.unescape(TAG_RE.sub(" ", text or ""))).strip()
    return re.sub(r"\s+([.,;:)])", r"\1", spaced)


def load_metadata(path: Path) -> dict:
    """metadata.yml, with a clear error when it is missing or not YAML."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CasebookError(f"{path}: no such metadata file", hint="pass --metadata metadata.yml") from None
    except yaml.YAMLError as e:
        raise CasebookError(f"{path}: not valid YAML: {e}", hint="check the file's indentation") from None
    if not isinstance(data, dict) or not isinstance((data.get("databases") or {}).get("casebook"), dict):
        raise CasebookError(f"{path}: expected a Datasette metadata file with databases: casebook:",
                            hint="see the project's metadata.yml")
    return data


def public_tables(conn: sqlite3.Connection) -> list[str]:
    """Every table of the database except SQLite's and the full-text indexes' internals."""
    return [r[0] for r in conn.execute(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' "
        "and name not like '%\\_fts%' escape '\\' order by name")]


def table_schema(conn: sqlite3.Connection, table: str, columns_meta: dict) -> dict:
    """The Frictionless table schema: fields with type and description, primary key, foreign keys."""
    info = conn.execute(f"pragma table_info([{table}])").fetchall()
    fields = [{"name": c[1], "type": SQLITE_TYPES.get((c[2] or "").upper(), "string"),
               "description": plain(columns_meta.get(c[1]))} for c in info]
    schema: dict = {"fields": fields}
    pk = [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]]
    if pk:
        schema["primaryKey"] = pk
    fks = conn.execute(f"pragma foreign_key_list([{table}])").fetchall()
    if fks:
        schema["foreignKeys"] = [{"fields": [fk[3]], "reference": {"resource": fk[2], "fields": [fk[4]]}} for fk in fks]
    return schema


def export(db_path: Path, out_dir: Path, metadata_path: Path, overwrite: bool = False) -> dict:
    """Write the release; returns {"tables", "rows", "path"}."""
    db_path, out_dir = Path(db_path), Path(out_dir)
    if not db_path.exists():
        raise CasebookError(f"{db_path}: no database", hint="run `casebook build` first")
    if out_dir.exists() and any(out_dir.iterdir()) and not overwrite:
        raise CasebookError(f"{out_dir}: the folder is not empty", hint="choose a new folder, or pass --overwrite")
    meta = load_metadata(metadata_path)
    tables_meta = meta["databases"]["casebook"].get("tables") or {}
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        info = dict(conn.execute("select key, value from build_info"))
    except sqlite3.Error as e:
        raise CasebookError(f"{db_path}: cannot read the database: {e}", hint="is it a database made by `casebook build`?") from None
    tmp = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "data").mkdir(parents=True)
    resources, counts = [], {}
    try:
        for table in public_tables(conn):
            tmeta = tables_meta.get(table) or {}
            schema = table_schema(conn, table, tmeta.get("columns") or {})
            names = [f["name"] for f in schema["fields"]]
            order = ", ".join(f"[{k}]" for k in schema.get("primaryKey", names[:1]))
            path = tmp / "data" / f"{table}.csv"
            n = 0
            with open(path, "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(names)
                for row in conn.execute(f"select {', '.join(f'[{c}]' for c in names)} from [{table}] order by {order}"):
                    w.writerow(["" if v is None else v for v in row])
                    n += 1
            counts[table] = n
            resource = {"name": table, "path": f"data/{table}.csv", "profile": "tabular-data-resource", "format": "csv",
                        "mediatype": "text/csv", "encoding": "utf-8",
                        "description": plain(tmeta.get("description") or tmeta.get("description_html")),
                        "schema": schema}
            if tmeta.get("license"):
                resource["licenses"] = [{"name": "see-title", "title": tmeta["license"]}]
            if tmeta.get("source"):
                resource["sources"] = [{"title": tmeta["source"], **({"path": tmeta["source_url"]} if tmeta.get("source_url") else {})}]
            resources.append(resource)
        built = info.get("built_at") or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        package = {
            "profile": "tabular-data-package",
            "name": "custody-casebook",
            "title": meta.get("title") or "Custody Casebook",
            "description": plain(meta.get("description_html") or meta.get("description")),
            "version": built[:10].replace("-", "."),
            "created": built,
            "licenses": [{"name": "see-title", "title": meta.get("license") or "", **({"path": meta["license_url"]} if meta.get("license_url") else {})}],
            "sources": [{"title": meta.get("source") or "", **({"path": meta["source_url"]} if meta.get("source_url") else {})}],
            "custody_casebook": {k: info.get(k) for k in ("build_id", "pipeline_version", "corpus_sha256", "documents", "cases")},
            "resources": resources,
        }
        (tmp / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (tmp / "CODEBOOK.md").write_text(codebook(package, counts), encoding="utf-8")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        conn.close()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    os.replace(tmp, out_dir)
    return {"tables": len(resources), "rows": sum(counts.values()), "path": str(out_dir)}


def codebook(package: dict, counts: dict) -> str:
    """CODEBOOK.md: the release, how to cite and load it, then every table and field."""
    lines = [f"# {package['title']}: codebook", "",
             f"Release {package['version']} (built {package['created']}, build {package['custody_casebook'].get('build_id')}, "
             f"annotator {package['custody_casebook'].get('pipeline_version')}).", "",
             package["description"], "",
             f"Licence: {package['licenses'][0]['title']}. Source: {package['sources'][0]['title']}.", "",
             "Cite as: Custody Casebook, release " + package["version"] + f" (build {package['custody_casebook'].get('build_id')}).",
             "", "An empty cell means the source does not say (or, for a number, that none was stated).", "",
             "Load it:", "", "```python", "import pandas as pd",
             "cases = pd.read_csv(\"data/cases.csv\")", "```", "", "```r", "cases <- read.csv(\"data/cases.csv\")", "```", ""]
    for r in package["resources"]:
        lines += [f"## {r['name']} ({counts[r['name']]:,} rows, `{r['path']}`)", "", r["description"] or "", ""]
        if r.get("licenses"):
            lines += [f"Licence: {r['licenses'][0]['title']}.", ""]
        keys = r["schema"].get("primaryKey")
        if keys:
            lines += [f"Primary key: {', '.join(keys)}.", ""]
        for fk in r["schema"].get("foreignKeys", []):
            lines += [f"`{fk['fields'][0]}` refers to `{fk['reference']['resource']}.{fk['reference']['fields'][0]}`.", ""]
        lines += ["| field | type | description |", "|---|---|---|"]
        lines += [f"| `{f['name']}` | {f['type']} | {f['description'].replace('|', '/')} |" for f in r["schema"]["fields"]]
        lines.append("")
    return "\n".join(lines)
