"""Gold sets for `casebook eval` and bench/accuracy.py: the project's own, ../shared/gold, and the bulk relevance labels.

A gold file is one of three kinds:
  records    full records (annotation-schema.md: id, title, text, labels);
  relevance  relevance labels ({id, relevant, why}, no text) whose texts live in the bulk releases of
             ../shared/bulk, scored as relevance-only gold over every release of the labelled years (an
             unlisted release of those years holds no custody word and is not relevant, per ../shared/bulk/README.md);
  names      a case grouping ({id, defendants: [{name, case}]}, no text) of bulk releases, scored for the
             staff defendants' names.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from annotate.text import read_jsonl
from casebook.paths import ROOT

SHARED = ROOT.parent / "shared"
BULK = SHARED / "bulk" / "doj-opa-2009-2018.jsonl.gz"

# The kinds of text the accuracy is reported by (source_kind -> kind).
KIND_OF_SOURCE = {
    "us_federal_press_release": "federal",
    "us_state_press_release": "state",
    "news_report": "news",
    "uk_cps_news": "uk",
    "uk_gov_news": "uk",
    "court_judgment": "judgment",
    "court_sentencing_remarks": "judgment",
    "government_report": "report",
}
KINDS = ("federal", "state", "news", "uk", "judgment", "report")


def kind_of(record: dict) -> str:
    """federal / state / news / uk / judgment / report, from the record's source_kind."""
    return KIND_OF_SOURCE.get(record.get("source_kind") or "", "other")


def gold_kind(rows: list[dict]) -> str:
    """records, relevance or names (see the module docstring), from the first rows' fields."""
    head = rows[:20]
    if head and all("text" not in r and "relevant" in r for r in head):
        return "relevance"
    if head and all("text" not in r and "defendants" in r for r in head):
        return "names"
    return "records"


def bulk_years(labels: list[dict]) -> set[int]:
    """The years a relevance label file covers (its ids read doj-opa-YYYY-...)."""
    years = set()
    for r in labels:
        parts = r["id"].split("-")
        if len(parts) > 2 and parts[2].isdigit():
            years.add(int(parts[2]))
    return years


def iter_bulk(bulk: Path = BULK, years: set[int] | None = None):
    """Bulk releases (import format), optionally only those published in the given years."""
    with gzip.open(bulk, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if years is None or int((r.get("published") or "0")[:4]) in years:
                yield r


def relevance_gold(labels_path: Path, bulk: Path = BULK) -> dict[str, dict]:
    """Gold records for relevance-only scoring: every bulk release of the labelled years.

    A labelled release keeps its label; an unlisted one of those years is a negative. Raises
    FileNotFoundError naming the bulk file when it is absent.
    """
    labels = read_jsonl(labels_path)
    by_id = {r["id"]: bool(r["relevant"]) for r in labels}
    why = {r["id"]: r.get("why") for r in labels}
    if not Path(bulk).exists():
        raise FileNotFoundError(2, "bulk releases not found", str(bulk))
    gold = {}
    for r in iter_bulk(bulk, bulk_years(labels)):
        rec = dict(r)
        rec["not_relevant"] = not by_id.get(r["id"], False)
        rec["labelled"] = r["id"] in by_id
        rec["why"] = why.get(r["id"])
        gold[r["id"]] = rec
    return gold


def names_gold(rows: list[dict], bulk: Path = BULK) -> dict[str, dict]:
    """The bulk releases a case grouping lists, each with its gold staff defendants ("gold_defendants")."""
    if not Path(bulk).exists():
        raise FileNotFoundError(2, "bulk releases not found", str(bulk))
    wanted = {r["id"]: r["defendants"] for r in rows}
    return {r["id"]: {**r, "gold_defendants": wanted[r["id"]]} for r in iter_bulk(bulk) if r["id"] in wanted}


def load_gold(path: Path, bulk: Path = BULK) -> tuple[dict[str, dict], str]:
    """(records by id, kind) for a gold file of any of the three kinds."""
    rows = read_jsonl(path)
    kind = gold_kind(rows)
    if kind == "relevance":
        return relevance_gold(path, bulk), kind
    if kind == "names":
        return names_gold(rows, bulk), kind
    return {r["id"]: r for r in rows}, kind


def doj_keywords() -> list[str]:
    """The custody words of the `doj` source's pre-filter, as ingest/sources.yml sets them."""
    from ingest.config import load_config

    return load_config()["sources"]["doj"]["keywords"]


def doj_prefilter(record: dict, keywords: list[str] | None = None) -> bool:
    """The `doj` source's keyword pre-filter (ingest/sources.yml): does the release hold a custody word?"""
    from ingest.doj import keyword_hit

    if keywords is None:
        keywords = doj_keywords()
    return keyword_hit({"title": record.get("title") or "", "text": record.get("text") or ""}, keywords)
