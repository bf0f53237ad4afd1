"""Victim anonymity on the planted set: leaks, recall, and over-redaction of defendants and officials.

Builds a database from tests/planted.py (real dev documents about sexual abuse with invented victim
names inserted in six forms), then counts:
- leaks: planted name forms (full name, surname, initials) still anywhere in the database (target 0);
- recall: planted mentions (one per planted sentence, in six forms) replaced by the marker / planted mentions;
- over-redaction: mentions of gold defendants and of titled officials (U.S. Attorney, Judge, Agent...)
  present in the original text but missing from the published text / all such mentions.
Prints and saves bench/results/redaction-<date>.json.

    python bench/redaction.py
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from results_file import print_table, save  # noqa: E402
sys.path.insert(0, str(ROOT))


def count(form: str, text: str) -> int:
    return len(re.findall(rf"(?<![\w.]){re.escape(form)}(?![\w])", text))


def main() -> None:
    import sqlite_utils

    from annotate.defendants import OFFICIAL_BEFORE_RE
    from db.build import build
    from db.redact import MARKER, Redactor
    from ingest.importer import import_file
    from tests.planted import planted_records

    planted = planted_records()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "planted.jsonl"
        src.write_text("".join(json.dumps(p["record"], ensure_ascii=False) + "\n" for p in planted), encoding="utf-8")
        import_file(src, tmp / "corpus")
        build(tmp / "corpus", tmp / "p.db")
        db = sqlite_utils.Database(tmp / "p.db")
        published = {r["id"]: f"{r['title'] or ''}\n\n{r['text']}" for r in db["documents"].rows}
        everything = "\n".join(str(v) for t in db.table_names() if not t.endswith(("_data", "_idx", "_docsize", "_config"))
                               for row in db[t].rows for v in row.values() if isinstance(v, str))
    finder = Redactor().finder
    planted_mentions = removed = leaks = kept_total = kept_lost = 0
    for p in planted:
        original = f"{p['record']['title'] or ''}\n\n{p['record']['text']}"
        out = published[p["record"]["id"]]
        for m in p["mentions"]:  # one name per planted sentence: replaced if the sentence stands with the marker
            planted_mentions += 1
            removed += m["sentence"].replace(m["name"], MARKER) in out
        for form in {f"{p['first']} {p['last']}", p["last"], p["initials"]}:
            leaks += count(form, everything)
        officials = {name for s, e, name in finder.name_runs(original) if OFFICIAL_BEFORE_RE.search(original[max(0, s - 90):s])}
        for name in set(p["defendants"]) | officials:
            n = count(name, original)
            kept_total += n
            kept_lost += max(0, n - count(name, out))
    result = {"date": dt.date.today().isoformat(), "documents": len(planted), "planted_mentions": planted_mentions,
              "removed": removed, "recall": round(removed / planted_mentions, 4) if planted_mentions else None,
              "leaks_anywhere_in_database": leaks, "defendant_and_official_mentions": kept_total,
              "wrongly_removed": kept_lost, "over_redaction_rate": round(kept_lost / kept_total, 4) if kept_total else None}
    print_table(result)
    save("redaction", result)


if __name__ == "__main__":
    main()
