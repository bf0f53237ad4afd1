"""The project's own Datasette plugin (loaded from plugins/ by db/serve.py): what the custom pages need.

- extra_template_vars: the newest committed accuracy and case-linking results under bench/results/, read when a
  page renders (the methodology page shows them; no figure is typed by hand), and the page settings of
  metadata.yml (plugins: casebook-ui).
- prepare_jinja2_environment: the `http_url` filter, so a template makes a link only of an http(s) URL
  (a `javascript:` value stays text).
- asgi_wrapper: a wide table's HTML page (cases, documents, annotations) opens with its default columns
  (metadata.yml: plugins.casebook-ui.default_columns); any ?_col / ?_nocol, or ?_allcols=1, shows what was asked.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CONFIG = "casebook-ui"
# A dated results file: "accuracy-final-2026-11-30.json" (the date sorts as text)
DATED = re.compile(r"^(?P<stem>[a-z-]+?)-(?P<date>\d{4}-\d{2}-\d{2})\.json$")
# What a table page may ask for itself: "?_col=name", "?_nocol=summary", "?_allcols=1"
COLUMN_ARGS = {"_col", "_nocol", "_allcols"}
# The words the methodology page uses for the kinds of document bench/accuracy.py scores
KIND_LABELS = {
    "federal": "U.S. federal releases", "state": "U.S. state releases", "news": "news (US, UK, IE, AU, CA, NZ)",
    "judgment": "court judgments", "report": "government reports", "uk": "UK government news",
}
SET_LABELS = {
    "dev": "dev: the owners' U.S. federal releases, reports, UK news (openings)",
    "project": "project: our labels for the other shipped documents",
    "wide": "wide: news, U.S. state releases, court judgments",
    "doj-full": "doj-full: whole DOJ releases",
}


def http_url(value) -> str | None:
    """The value when it is an http(s) URL (a template may link it), else None: 'javascript:alert(1)' gives None."""
    if isinstance(value, str) and re.match(r"^https?://[^\s]+$", value.strip(), re.IGNORECASE):  # "https://x.gov/a"
        return value.strip()
    return None


def newest(stem: str, results: Path = RESULTS) -> Path | None:
    """The newest bench/results/<stem>-YYYY-MM-DD.json (by its date), or None when there is none."""
    found = sorted((m.group("date"), p) for p in results.glob(f"{stem}-*.json")
                   if (m := DATED.match(p.name)) and m.group("stem") == stem)
    return found[-1][1] if found else None


def accuracy_results(results: Path = RESULTS) -> dict | None:
    """The newest final accuracy results, shaped for the methodology page (fields by set, kinds, blind start)."""
    path = newest("accuracy-final", results)
    if path is None:
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    blind_path = newest("accuracy-blind", results)
    blind = json.loads(blind_path.read_text(encoding="utf-8")) if blind_path else {}
    sets = data.get("sets", {})
    names = list(sets)
    fields = []
    for s in sets.values():
        for key, value in s.items():
            if isinstance(value, (int, float)) and key not in ("n", "headline_mean") and key not in fields:
                fields.append(key)
    blind_kinds = blind.get("kinds", {})
    return {
        "file": f"bench/results/{path.name}",
        "blind_file": f"bench/results/{blind_path.name}" if blind_path else None,
        "date": data.get("date"),
        "command": data.get("command"),
        "sets": [{"name": n, "label": SET_LABELS.get(n, n), "n": sets[n].get("n"),
                  "headline": sets[n].get("headline_mean"),
                  "blind": blind.get("sets", {}).get(n, {}).get("headline_mean")} for n in names],
        "fields": [{"field": f, "scores": [sets[n].get(f) for n in names]} for f in fields],
        "kinds": [{"kind": k, "label": KIND_LABELS.get(k, k), "n": v.get("n"), "headline": v.get("headline_mean"),
                   "blind": blind_kinds.get(k, {}).get("headline_mean")} for k, v in data.get("kinds", {}).items()],
        "bulk": (data.get("bulk") or {}).get("all"),
        "bulk_file": (data.get("bulk") or {}).get("file"),
        "names": data.get("case_file_names"),
    }


def case_linking_results(results: Path = RESULTS) -> dict | None:
    """The newest case-linking results: one row per gold set and kind of mention (pairwise and B-cubed P/R)."""
    path = newest("case-linking", results)
    if path is None:
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for name, s in data.get("sets", {}).items():
        parts = [(k, s[k]) for k in ("gold_name_mentions", "annotator_mentions") if isinstance(s.get(k), dict)]
        if not parts:
            parts = [("gold_name_mentions", s)]
        for kind, m in parts:
            rows.append({
                "set": name,
                "mentions": "gold defendant names (the linker alone)" if kind == "gold_name_mentions"
                            else "the annotator's defendants (end to end)",
                "pairs": m.get("gold_pairs"),
                "precision": m.get("pairwise_precision", m.get("precision")),
                "recall": m.get("pairwise_recall", m.get("recall")),
                "bcubed_precision": m.get("bcubed_precision"),
                "bcubed_recall": m.get("bcubed_recall"),
            })
    return {"file": f"bench/results/{path.name}", "date": data.get("date"), "rows": rows}


def default_columns(datasette) -> dict:
    return (datasette.plugin_config(CONFIG) or {}).get("default_columns") or {}


def with_default_columns(scope: dict, defaults: dict) -> dict:
    """The request scope, with ?_col= for each default column when an HTML table page asks for no columns itself."""
    parts = scope.get("path", "").strip("/").split("/")
    if scope.get("method", "GET") != "GET" or len(parts) != 2 or parts[1] not in defaults:
        return scope  # not /<database>/<table> (a .json, a row or a query page is left alone)
    args = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    if any(k in COLUMN_ARGS for k, _ in args):
        return scope
    args += [("_col", c) for c in defaults[parts[1]]]
    return {**scope, "query_string": urlencode(args).encode("latin-1")}


def columns_links(request, table: str, datasette) -> dict | None:
    """For a wide table page: how many columns are shown and the links to all columns or back to the main ones."""
    defaults = default_columns(datasette).get(table)
    if not defaults:
        return None
    every = parse_qsl(request.query_string, keep_blank_values=True)
    args = [(k, v) for k, v in every if k not in COLUMN_ARGS]
    chosen = [(k, v) for k, v in every if k in COLUMN_ARGS]
    return {
        "main": len(defaults),
        "showing_main": chosen == [("_col", c) for c in defaults],
        "all_url": request.path + "?" + urlencode(args + [("_allcols", "1")]),
        "main_url": request.path + ("?" + urlencode(args) if args else ""),
    }


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["http_url"] = http_url
    env.filters["tilde"] = lambda value: tilde_encode(str(value))  # a primary key in a row URL: "a.b" -> "a~2Eb"


@hookimpl
def extra_template_vars(request, datasette):
    return {
        "casebook_accuracy": accuracy_results,
        "casebook_case_linking": case_linking_results,
        "casebook_settings": datasette.plugin_config(CONFIG) or {},
        "casebook_database": datasette.get_database().name,
        "casebook_columns_links": lambda table: columns_links(request, table, datasette) if request else None,
    }


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def wrapped(scope, receive, send):
            if scope.get("type") == "http":
                scope = with_default_columns(scope, default_columns(datasette))
            await app(scope, receive, send)
        return wrapped
    return wrap
