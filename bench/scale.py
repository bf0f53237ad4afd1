"""Scale: N documents made from real ones, imported, built, rebuilt and served; times, peak memory, size, latency.

The documents are copies of real public-domain and OGL texts — the shipped corpus, the gold sets of
../shared/gold that may be stored (dev, the whole DOJ releases) and the 12,005 DOJ releases of
../shared/bulk — each copy with its own id, date and defendant surnames (the annotator finds the
defendants of each original once; every copy gets invented surnames in their place), so cases stay
distinct. Nine copies in ten are of a relevant document (a corpus grown by `casebook ingest` keeps what
the annotator calls relevant). Everything is written under --workdir (default /tmp/casebook-scale), never into the project.

Measured, each step a `casebook` subprocess with its whole process tree's memory sampled from /proc:
import, cold build, a rebuild with nothing changed, a rebuild after editing 100 documents, a rebuild
after adding 1,000, the database size; then Datasette on 127.0.0.1 (bench/serving.py): every table
page, facet, search and canned query with one client, and 20 clients for 30 s, with 1 and 2 workers.
Saves bench/results/scale-<date>.json. Not a test: it prints and saves numbers.

    python bench/scale.py [--docs 100000] [--workdir /tmp/casebook-scale] [--no-serve]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from results_file import print_table, save  # noqa: E402

SHARED = ROOT.parent / "shared"
CASEBOOK = [sys.executable, "-m", "casebook"]
# invented surname parts: a copy's defendant "Garcia" becomes e.g. "Garcia-Vellander"
SYLLABLES = ["vel", "mar", "tor", "quen", "bra", "sal", "dor", "fen", "lis", "gar", "hol", "wen", "ros", "tam", "pel",
             "cor", "nid", "bex", "lum", "yar"]


def base_documents() -> list[dict]:
    """The real documents the copies are made from (import format)."""
    from casebook.corpus import iter_document_paths, read_document

    docs = [read_document(p) for p in iter_document_paths(ROOT / "corpus")]
    for path in (SHARED / "gold" / "dev.jsonl", SHARED / "gold" / "doj-opa-fields-odd-years.jsonl"):
        if path.exists():
            docs += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    bulk = SHARED / "bulk" / "doj-opa-2009-2018.jsonl.gz"
    if bulk.exists():
        from annotate.goldsets import iter_bulk

        docs += list(iter_bulk(bulk))
    seen, out = set(), []
    for d in docs:
        if d["id"] not in seen and d.get("licence") in ("public-domain-us-gov", "ogl-3.0"):
            seen.add(d["id"])
            out.append({k: d.get(k) for k in ("id", "url", "publisher", "source_kind", "licence", "published", "title",
                                              "text", "text_is_excerpt")})
    return out


def defendant_surnames(docs: list[dict], workdir: Path) -> tuple[dict[str, list[str]], set[str]]:
    """({doc id: surnames of its defendants}, ids of the relevant documents), from the annotator (cached under workdir)."""
    from annotate.cache import annotate_stream
    from casebook.corpus import content_sha256

    out, relevant = {}, set()
    stream = annotate_stream(({**d, "content_sha256": content_sha256(d.get("title"), d["text"])} for d in docs),
                             workdir / "base-annotations")
    for d, ann in stream:
        names = [x.get("name") for x in ann["labels"].get("defendants") or [] if x.get("name")]
        out[d["id"]] = sorted({n.split()[-1].strip(",") for n in names if len(n.split()) >= 2}, key=len, reverse=True)
        if ann["labels"].get("relevant"):
            relevant.add(d["id"])
    return out, relevant


def invented(k: int) -> str:
    """A distinct invented surname part for copy k: "Velmar", "Torquen", ..."""
    parts = []
    while True:
        parts.append(SYLLABLES[k % len(SYLLABLES)])
        k //= len(SYLLABLES)
        if not k:
            break
    return "".join(parts).capitalize()


def make_copy(d: dict, k: int, surnames: list[str]) -> dict:
    """Copy k of a document: its own id, date and defendant surnames."""
    text, title = d["text"], d.get("title") or ""
    for s in surnames:
        # "Garcia" -> "Garcia-Velmar" as a whole word, so "Garcia's" and "GARCIA" in a caption stay readable
        new = f"{s}-{invented(k)}"
        text = re.sub(rf"\b{re.escape(s)}\b", new, text)
        title = re.sub(rf"\b{re.escape(s)}\b", new, title)
    rnd = random.Random(f"{d['id']}/{k}")
    year = 2000 + rnd.randrange(26)
    published = f"{year}-{rnd.randrange(1, 13):02d}-{rnd.randrange(1, 29):02d}"
    suffix = f"-x{k}"
    return {**d, "id": d["id"][:200 - len(suffix)] + suffix, "published": published, "title": title or None, "text": text,
            "url": d["url"].split("#")[0] + f"#copy-{k}"}


def write_copies(base: list[dict], relevant: set[str], surnames: dict, start: int, n: int, path: Path) -> None:
    """Copies start..start+n-1: nine in ten of a relevant document (a corpus that `casebook ingest` grows keeps
    what the annotator calls relevant), one in ten of any other."""
    on_topic = [d for d in base if d["id"] in relevant]
    other = [d for d in base if d["id"] not in relevant] or on_topic
    with open(path, "w", encoding="utf-8") as f:
        for i in range(start, start + n):
            pool, j = (other, i // 10) if i % 10 == 9 else (on_topic, i - i // 10)
            d = pool[j % len(pool)]
            f.write(json.dumps(make_copy(d, j // len(pool), surnames.get(d["id"], [])), ensure_ascii=False) + "\n")


class TreeMemory:
    """Peak resident memory of a process and all its descendants, sampled from /proc every 0.2 s."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            time.sleep(0.2)

    def stop(self) -> int:
        self._stop.set()
        self.thread.join()
        return self.peak


def tree_rss(root: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/statm") as f:
                rss[int(entry)] = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def run_step(name: str, args: list[str]) -> dict:
    """Run one casebook command; its wall time, its process tree's peak memory and its last output line."""
    t = time.perf_counter()
    proc = subprocess.Popen(CASEBOOK + args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    mem = TreeMemory(proc.pid)
    out, err = proc.communicate()
    peak = mem.stop()
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed ({proc.returncode}): {err[-2000:]}")
    line = (out.strip().splitlines() or [""])[-1]
    print(f"{name}: {seconds:.1f} s, peak memory {peak / 2**20:.0f} MB  | {line}", flush=True)
    return {"seconds": round(seconds, 2), "peak_memory_mb": round(peak / 2**20), "output": line}


def edit_documents(corpus: Path, n: int) -> None:
    """Append a sentence to n documents (every k-th, so they are spread over the corpus)."""
    from casebook.corpus import content_sha256, iter_document_paths, read_document, serialise

    paths = iter_document_paths(corpus)
    for p in paths[:: max(1, len(paths) // n)][:n]:
        doc = read_document(p)
        doc["text"] += "\n\nThe defendant was also ordered to pay $2,500 in restitution."
        doc["content_sha256"] = content_sha256(doc["title"], doc["text"])
        p.write_text(serialise(doc), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=100_000, help="documents to make (default 100,000)")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/casebook-scale"))
    ap.add_argument("--jobs", type=int, default=None, help="annotation processes (default: every core)")
    ap.add_argument("--no-serve", action="store_true", help="skip the Datasette measurements")
    ap.add_argument("--keep", action="store_true",
                    help="reuse an existing workdir corpus and database (skip import and cold build; saves scale-rebuild-<date>.json)")
    ap.add_argument("--serve-only", action="store_true",
                    help="only serve the workdir's database and measure it, adding the figures to today's results as serving_again")
    args = ap.parse_args()
    if args.serve_only:
        from results_file import RESULTS
        from serving import serve_and_measure

        path = RESULTS / f"scale-{dt.date.today().isoformat()}.json"
        saved = json.loads(path.read_text()) if path.exists() else {"date": dt.date.today().isoformat()}
        saved["serving_again"] = serve_and_measure(args.workdir / "casebook.db", clients=20, seconds=30, workers=(1, 2))
        save("scale", saved)
        return
    work = args.workdir
    corpus, db = work / "corpus", work / "casebook.db"
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    result = {"date": dt.date.today().isoformat(), "docs": args.docs, "cores": len(os.sched_getaffinity(0)),
              "machine": os.uname().machine, "python": sys.version.split()[0]}
    if not args.keep:
        shutil.rmtree(corpus, ignore_errors=True)
        for f in work.glob("casebook.*"):
            f.unlink()
        work.mkdir(parents=True, exist_ok=True)
        base = base_documents()
        print(f"{len(base)} real documents to copy from; finding their defendants...", flush=True)
        surnames, relevant = defendant_surnames(base, work)
        write_copies(base, relevant, surnames, 0, args.docs, work / "docs.jsonl")
        write_copies(base, relevant, surnames, args.docs, 1000, work / "more.jsonl")
        result["base_documents"] = len(base)
        result["base_relevant"] = len(relevant)
        result["import"] = run_step("import", ["import", str(work / "docs.jsonl"), "--corpus", str(corpus)])
        shutil.copytree(ROOT / "corpus" / "cases", corpus / "cases")  # the manual case records (the Clinton escape)
        result["cold_build"] = run_step("cold build", ["build", "--corpus", str(corpus), "--db", str(db), *jobs])
    else:
        # the corpus and database of an earlier run: bring the database up to date first, then measure from there
        result["rebuild_before_measuring"] = run_step("rebuild (code changed since the last run?)",
                                                      ["build", "--corpus", str(corpus), "--db", str(db), *jobs])
        runs = len(list(work.glob("more*.jsonl")))
        base = base_documents()
        surnames, relevant = defendant_surnames(base, work)
        write_copies(base, relevant, surnames, args.docs + 1000 * runs, 1000, work / f"more{runs}.jsonl")
    more = sorted(work.glob("more*.jsonl"), key=lambda p: p.stat().st_mtime)[-1]
    result["noop_rebuild"] = run_step("no-op rebuild", ["build", "--corpus", str(corpus), "--db", str(db), *jobs])
    edit_documents(corpus, 100)
    result["rebuild_100_edited"] = run_step("rebuild, 100 edited", ["build", "--corpus", str(corpus), "--db", str(db), *jobs])
    result["import_1000_more"] = run_step("import 1,000 more", ["import", str(more), "--corpus", str(corpus)])
    result["rebuild_1000_added"] = run_step("rebuild, 1,000 added", ["build", "--corpus", str(corpus), "--db", str(db), *jobs])
    result["database_mb"] = round(db.stat().st_size / 2**20, 1)
    import sqlite3

    conn = sqlite3.connect(db)
    result["rows"] = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0]
                      for t in ("documents", "annotations", "cases", "case_documents", "evidence")}
    conn.close()
    if not args.no_serve:
        from serving import serve_and_measure

        result["serving"] = serve_and_measure(db, clients=20, seconds=30, workers=(1, 2))
    print_table({k: v for k, v in result.items() if k != "serving"})
    save("scale-rebuild" if args.keep else "scale", result)


if __name__ == "__main__":
    main()
