"""Serving at scale: a built database multiplied to ~100,000 documents, then Datasette latency and throughput.

replicate() copies a built database and multiplies its rows with SQL (distinct ids, dates spread over
20 years, full-text indexes rebuilt, summary tables made again), so serving can be measured at 100,000
documents without annotating 100,000 documents. latency() times every page a user meets with one client;
load() runs 20 concurrent clients (bench/load.py). bench/scale.py imports both. Loopback only.

    python bench/serving.py [--docs 100000] [--clients 20] [--seconds 30] [--workers 1,2] [--label after]

Before and after side by side, on a machine other work also uses (requests alternate between the two servers):

    git archive 451a4ed | tar -x -C /tmp/before    # the commit before the serving work
    python bench/serving.py --before /tmp/before --label comparison

Prints the numbers and saves bench/results/serving-<label>-<date>.json. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from load import QUERY_PARAMS, run_load  # noqa: E402
from results_file import save  # noqa: E402

METADATA = ROOT / "metadata.yml"
# Columns holding a row id (documents and cases and their child rows): each copy gets its own "-r<k>" suffix.
KEY_COLUMNS = {"id", "document_id", "case_id", "latest_document_id"}
# Columns holding an ISO date (or year-month, or year): each copy moves them back 0-19 years.
DATE_COLUMNS = {"published", "date", "first_date", "last_date", "outcome_source_date"}
YEARS = 20


def shift_year(value, k: int):
    """'2017-05-19' moved back k % 20 years ('1999-05-19' for k=18); anything that does not start with a year is kept."""
    if not isinstance(value, str) or len(value) < 4 or not value[:4].isdigit():
        return value
    out = f"{int(value[:4]) - k % YEARS:04d}{value[4:]}"
    return out[:-5] + "02-28" if out.endswith("02-29") else out


def replicated_tables(conn: sqlite3.Connection) -> list[str]:
    """The tables that are copied: documents, cases and every table of rows belonging to one of them."""
    from db.summaries import SUMMARY_TABLES

    out = []
    for (name,) in conn.execute("select name from sqlite_master where type = 'table' order by name"):
        cols = {r[1] for r in conn.execute(f"pragma table_info([{name}])")}
        if name in SUMMARY_TABLES or "_fts" in name or name.startswith("sqlite_"):
            continue
        if name in ("documents", "cases") or cols & {"document_id", "case_id"}:
            out.append(name)
    return out


def replicate(src_db: Path, dst_db: Path, n_docs: int = 100_000, progress=print, summaries: bool = True) -> dict:
    """Copy src_db to dst_db with its documents and cases multiplied to about n_docs documents; returns counts.

    Copy 0 keeps the original ids (so the shipped case ids still answer); copy k appends "-r<k>" to every id
    and reference and moves every date back k % 20 years. Then the FTS tables are rebuilt, the sources and
    build_info counts set, and the summary tables (db/summaries.py) made again from the new rows (unless
    summaries is False: a database built by an older commit is measured as that commit served it).
    """
    import sqlite_utils

    from db.summaries import create_summaries

    src_db, dst_db = Path(src_db), Path(dst_db)
    dst_db.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst_db.with_name(dst_db.name + ".tmp")
    tmp.unlink(missing_ok=True)
    shutil.copyfile(src_db, tmp)
    conn = sqlite3.connect(tmp)
    conn.execute("pragma journal_mode = off")
    conn.execute("pragma synchronous = off")
    conn.execute("pragma cache_size = -200000")
    conn.create_function("shift_year", 2, shift_year, deterministic=True)
    conn.execute("attach database ? as src", (str(src_db),))
    src_docs = conn.execute("select count(*) from src.documents").fetchone()[0]
    if not src_docs:
        raise SystemExit(f"{src_db}: no documents to replicate")
    copies = max(1, round(n_docs / src_docs))
    tables = replicated_tables(conn)
    started = time.perf_counter()
    for name in tables:
        cols = [r[1] for r in conn.execute(f"pragma table_info([{name}])")]

        def expr(c):
            if c in KEY_COLUMNS:
                return f"[{c}] || :suffix"
            if c in DATE_COLUMNS:
                return f"shift_year([{c}], :k)"
            return f"[{c}]"
        sql = (f"insert into main.[{name}] ({', '.join(f'[{c}]' for c in cols)}) "
               f"select {', '.join(expr(c) for c in cols)} from src.[{name}]")
        with conn:
            for k in range(1, copies):
                conn.execute(sql, {"suffix": f"-r{k}", "k": k})
        progress(f"  {name}: x{copies} ({time.perf_counter() - started:.0f} s)")
    conn.execute("detach database src")
    for fts in ("documents_fts", "cases_fts"):
        with conn:
            conn.execute(f"insert into [{fts}]([{fts}]) values ('rebuild')")
        progress(f"  {fts} rebuilt ({time.perf_counter() - started:.0f} s)")
    with conn:
        conn.execute("update sources set documents = (select count(*) from documents d where d.source_id = sources.id)")
        conn.execute("update build_info set value = (select count(*) from documents) where key = 'documents'")
        conn.execute("insert or replace into build_info (key, value) values ('replicated', ?)",
                     (f"{copies} copies of {src_db.name} (bench/serving.py)",))
    conn.close()
    if summaries:
        db = sqlite_utils.Database(tmp)
        create_summaries(db)
        db.close()
    os.replace(tmp, dst_db)
    conn = sqlite3.connect(dst_db)
    counts = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in ("documents", "cases", "evidence")}
    conn.close()
    progress(f"  replicated in {time.perf_counter() - started:.0f} s: {counts}")
    return {**counts, "copies": copies, "mb": round(dst_db.stat().st_size / 1e6, 1)}


def page_paths(base: str, db_name: str = "casebook", metadata: Path = METADATA) -> list[str]:
    """Every page to time: home, database, each visible table and view, facet pages, searches, row pages, canned queries.

    Table pages count the facets metadata.yml configures for them; the explicit facet pages and searches are
    bench/load.py's and a few more (a filtered page each, a name search); canned queries run with bench/load.py's
    parameters (HTML and JSON) and with a filter each; the dashboard's chart queries as JSON.
    """
    info = httpx.get(f"{base}/{db_name}.json", timeout=60).json()
    tables = [t["name"] for t in info["tables"] if not t["hidden"]]
    views = [v["name"] if isinstance(v, dict) else v for v in info.get("views", [])]
    meta = yaml.safe_load(Path(metadata).read_text())["databases"]["casebook"]
    out = ["/", f"/{db_name}"]
    out += [f"/{db_name}/{t}" for t in sorted(tables + views)]
    out += [f"/{db_name}/{t}.json" for t in ("cases", "documents", "annotations")]
    # a table page already counts the facets metadata.yml gives it; these add facets a user picks
    out += [f"/{db_name}/cases?_facet=status&_facet=role&_facet=misconduct", f"/{db_name}/annotations?_facet=stage&_facet=country",
            f"/{db_name}/documents?_facet=source_kind&_facet=licence&_facet=publisher&_size=0",
            f"/{db_name}/cases?status=alleged", f"/{db_name}/annotations?relevant=1&_facet=stage",
            f"/{db_name}/documents?_search=officer", f"/{db_name}/cases?_search=Clinton",
            f"/{db_name}/documents.json?_search=contraband", f"/{db_name}/documents?_search=Salcido",
            "/-/search?q=officer"]
    first_doc = httpx.get(f"{base}/{db_name}/documents.json", params={"_size": 1, "_shape": "array", "_col": "id"},
                          timeout=60).json()
    out.append(f"/{db_name}/cases/clinton-correctional-2015-escape-joyce-mitchell")
    if first_doc:
        out.append(f"/{db_name}/documents/{first_doc[0]['id']}")
    extra = {"policy_outcomes_with_citations": {"status": "alleged"},
             "trainers_training_examples": {"role": "", "misconduct": "escape_assistance", "contraband": ""}}
    for name in sorted(meta.get("queries", {})):
        for params in (QUERY_PARAMS.get(name, {}), extra.get(name)):
            if params is None:
                continue
            q = f"?{urlencode(params)}" if params else ""
            out += [f"/{db_name}/{name}{q}", f"/{db_name}/{name}.json{q}"]
    dash = yaml.safe_load(Path(metadata).read_text()).get("plugins", {}).get("datasette-dashboards", {})
    for board in dash.values():
        for chart in board.get("charts", {}).values():
            if chart.get("query"):
                out.append(f"/{db_name}.json?" + urlencode({"sql": chart["query"], "_shape": "array"}))
    return list(dict.fromkeys(out))


def latency(base: str, repeats: int = 7, paths: list[str] | None = None) -> dict[str, dict]:
    """One client: each path fetched once to warm up, then repeats times; {path: {median_ms, p95_ms, status}}.

    p95 of 7 samples is the second slowest (the same rank rule as bench/load.py).
    """
    return latency_side_by_side({"": base}, {"": paths or page_paths(base)}, repeats)[""]


def latency_side_by_side(bases: dict[str, str], paths: dict[str, list[str]], repeats: int = 7) -> dict[str, dict]:
    """latency() of several servers at once, {name: {path: ...}}: each request goes to each server in turn, so that
    whatever else runs on the machine slows them alike (for a before/after comparison on a shared machine)."""
    out: dict[str, dict] = {name: {} for name in bases}
    every = list(dict.fromkeys(p for name in bases for p in paths[name]))
    clients = {name: httpx.Client(base_url=base, timeout=60) for name, base in bases.items()}
    try:
        for path in every:
            sides = [name for name in bases if path in paths[name]]
            status = {name: clients[name].get(path).status_code for name in sides}
            times: dict[str, list[float]] = {name: [] for name in sides}
            for _ in range(repeats):
                for name in sides:
                    t = time.perf_counter()
                    r = clients[name].get(path)
                    times[name].append((time.perf_counter() - t) * 1000)
                    status[name] = max(status[name], r.status_code)
            for name in sides:
                ordered = sorted(times[name])
                out[name][path] = {"median_ms": round(statistics.median(ordered), 1),
                                   "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1), "status": status[name]}
    finally:
        for c in clients.values():
            c.close()
    return out


def load(base: str, clients: int = 20, seconds: float = 30, paths: list[str] | None = None) -> dict:
    """clients concurrent clients for seconds over paths (default: every page latency() times); bench/load.py's numbers."""
    return run_load(base, clients, seconds, targets=paths or page_paths(base))


def summarise(lat: dict[str, dict]) -> dict:
    """Worst median and p95, how many pages miss 100 ms median / 250 ms p95, and the slowest five."""
    slow = sorted(lat.items(), key=lambda kv: -kv[1]["median_ms"])
    return {"pages": len(lat), "max_median_ms": slow[0][1]["median_ms"] if slow else None,
            "max_p95_ms": max((v["p95_ms"] for v in lat.values()), default=None),
            "over_100ms_median": sum(v["median_ms"] > 100 for v in lat.values()),
            "over_250ms_p95": sum(v["p95_ms"] > 250 for v in lat.values()),
            "errors": [p for p, v in lat.items() if v["status"] != 200],
            "slowest": {p: v for p, v in slow[:5]}}


def serve_and_measure(db_path: Path, clients: int = 20, seconds: float = 30, workers=(1, 2), repeats: int = 7) -> dict:
    """Serve db_path on 127.0.0.1 and measure it: one client over every page (with 1 worker), then `clients`
    clients for `seconds` with each number of workers. For bench/scale.py."""
    from db.serve import start_in_background, stop

    out: dict = {"load_average_before": os.getloadavg()[0]}
    for n in workers:
        proc, base = start_in_background(Path(db_path), METADATA, workers=n)
        try:
            if n == workers[0]:
                lat = latency(base, repeats)
                out["one_client"] = summarise(lat)
                out["one_client_pages"] = lat
            out[f"clients_{clients}_workers_{n}"] = load(base, clients, seconds)
        finally:
            stop(proc)
    out["load_average_after"] = os.getloadavg()[0]
    return out


def ensure_built(db_path: Path) -> None:
    """Build the shipped corpus's database with `casebook build` when there is none."""
    if not db_path.exists():
        print(f"building {db_path} from the shipped corpus")
        subprocess.run([sys.executable, "-m", "casebook", "build", "--db", str(db_path)], check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})


def start_before(checkout: Path, db_path: Path) -> tuple[subprocess.Popen, str]:
    """Serve db_path with an older commit's own serving code (a `git archive` of it in checkout): (process, base URL)."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from db.serve import start_in_background, stop; "
            "p, b = start_in_background(sys.argv[2], sys.argv[1] + '/metadata.yml'); print(b, flush=True); "
            "sys.stdin.read(); stop(p)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(checkout), str(db_path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    return proc, proc.stdout.readline().strip()


def replicated(db: Path, out: Path, docs: int, fresh: bool, summaries: bool = True) -> dict:
    """replicate() db to out unless out is newer than db and db/summaries.py; the counts either way."""
    newest = max(db.stat().st_mtime, (ROOT / "db" / "summaries.py").stat().st_mtime)
    if fresh or not out.exists() or out.stat().st_mtime < newest:
        print(f"replicating {db} to {docs} documents in {out}")
        return replicate(db, out, docs, summaries=summaries)
    conn = sqlite3.connect(out)
    counts = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in ("documents", "cases", "evidence")}
    conn.close()
    print(f"reusing {out}: {counts}")
    return {**counts, "mb": round(out.stat().st_size / 1e6, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000, help="documents in the replicated database")
    ap.add_argument("--db", type=Path, default=ROOT / "db" / "casebook.db", help="the built database to replicate")
    ap.add_argument("--out", type=Path, help="where the replicated database goes (default build/serving-DOCS/casebook.db)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts to load-test")
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--label", default="after", help="name in the results file: serving-LABEL-DATE.json")
    ap.add_argument("--fresh", action="store_true", help="replicate again even when the replicated file is newer")
    ap.add_argument("--before", type=Path, metavar="CHECKOUT",
                    help="also measure an older commit side by side: a `git archive` of it unpacked in CHECKOUT, "
                         "its own build of the shipped corpus replicated, served by its own code")
    args = ap.parse_args()
    from db.serve import start_in_background, stop

    ensure_built(args.db)
    out = args.out or ROOT / "build" / f"serving-{args.docs}" / "casebook.db"  # named casebook.db: metadata.yml applies
    counts = replicated(args.db, out, args.docs, args.fresh)
    before = None
    if args.before:
        old_db = args.before / "db" / "casebook.db"
        if not old_db.exists():
            subprocess.run([sys.executable, "-m", "casebook", "build"], check=True, cwd=args.before,
                           env={**os.environ, "PYTHONPATH": str(args.before)})
        before_out = ROOT / "build" / f"serving-{args.docs}-before" / "casebook.db"
        before = {"checkout": str(args.before), "database": replicated(old_db, before_out, args.docs, args.fresh, summaries=False)}
    result = {"date": dt.date.today().isoformat(), "label": args.label, "database": counts, "cpus": os.cpu_count(),
              "command": " ".join(["python bench/serving.py"] + sys.argv[1:]),
              "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}  # other work on the machine skews every number
    for i, workers in enumerate(int(w) for w in args.workers.split(",")):
        proc, base = start_in_background(out, METADATA, workers=workers)
        try:
            paths = page_paths(base)
            if i == 0 and before is not None:
                old_proc, old_base = start_before(args.before, before_out)
                try:
                    old_paths = page_paths(old_base, metadata=args.before / "metadata.yml")
                    both = latency_side_by_side({"before": old_base, "after": base},
                                                {"before": old_paths, "after": paths}, args.repeats)
                    before["one_client"], before["latency"] = summarise(both["before"]), both["before"]
                    print("before, one client:", {k: v for k, v in before["one_client"].items() if k != "slowest"})
                    before["load_workers_1"] = load(old_base, args.clients, args.seconds, old_paths)
                    print(f"before, {args.clients} clients:", before["load_workers_1"])
                finally:
                    old_proc.stdin.close()
                    old_proc.wait()
                result["before"] = before
                lat = both["after"]
            elif i == 0:
                lat = latency(base, args.repeats, paths)
            if i == 0:
                result["one_client"] = summarise(lat)
                result["one_client"]["workers"] = workers
                result["latency"] = lat
                print(f"one client, {len(lat)} pages ({workers} worker(s)):")
                for path, v in sorted(lat.items(), key=lambda kv: -kv[1]["median_ms"]):
                    print(f"  {v['median_ms']:8.1f} {v['p95_ms']:8.1f}  {v['status']}  {path[:110]}")
                print({k: v for k, v in result["one_client"].items() if k != "slowest"})
            r = load(base, args.clients, args.seconds, paths)
            result[f"load_workers_{workers}"] = r
            print(f"{args.clients} clients, {workers} worker(s): {r}")
        finally:
            stop(proc)
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    save(f"serving-{args.label}", result)


if __name__ == "__main__":
    main()
