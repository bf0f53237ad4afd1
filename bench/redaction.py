"""Victim anonymity on the planted sets: leaks, recall, and over-redaction of defendants and officials.

Two planted sets (tests/planted.py), each built into its own database:
- the original set: real dev documents about sexual abuse with invented victim names inserted in six forms,
  next to an easy full-name mention ("The victim, Marisol Quenby, ...");
- the wide set (issue 11, item 6): one invented victim per document, named ONLY in the form under test
  (a surname alone at a clause start, a name in a quotation or a headline, a name with an age, "an inmate
  named", "a prisoner called", a first name alone, UK wording, hyphens, apostrophes, possessives), in U.S.
  wording inside real dev releases and a constructed U.S. release, and UK wording inside constructed UK reports.
Counts:
- leaks: planted name forms (full name, surname, first name, initials) still anywhere in the database (target 0);
- recall: planted sentences published with the marker in place of every name they hold / planted sentences;
- over-redaction: mentions of names that must stay (gold defendants, titled officials, and in the constructed
  hosts lawyers, judges, police and person-like places such as "Glen Burnie") present in the original text but
  missing from the published text / all such mentions.
Prints and saves bench/results/redaction-<date>.json (redaction-<label>-<date>.json with --label).

    python bench/redaction.py
    python bench/redaction.py --label blind
"""

from __future__ import annotations

import argparse
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


def build_set(records: list[dict], tmp: Path) -> tuple[dict, str]:
    """Build records into a database; ({doc id: published title + text}, every text value of every table)."""
    import sqlite_utils

    from db.build import build
    from ingest.importer import import_file

    src = tmp / "planted.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    import_file(src, tmp / "corpus")
    build(tmp / "corpus", tmp / "p.db")
    db = sqlite_utils.Database(tmp / "p.db")
    published = {r["id"]: f"{r['title'] or ''}\n\n{r['text']}" for r in db["documents"].rows}
    everything = "\n".join(str(v) for t in db.table_names() if not t.endswith(("_data", "_idx", "_docsize", "_config"))
                           for row in db[t].rows for v in row.values() if isinstance(v, str))
    return published, everything


def officials_in(text: str) -> set[str]:
    from annotate.defendants import OFFICIAL_BEFORE_RE
    from db.redact import Redactor

    finder = Redactor().finder
    return {name for s, e, name in finder.name_runs(text) if OFFICIAL_BEFORE_RE.search(text[max(0, s - 90):s])}


def kept_lost(names: set[str], original: str, out: str) -> tuple[int, int, list[str]]:
    total = lost = 0
    which = []
    for name in names:
        n = count(name, original)
        gone = max(0, n - count(name, out))
        total, lost = total + n, lost + gone
        if gone:
            which.append(name)
    return total, lost, which


def original_set() -> dict:
    from db.redact import MARKER
    from tests.planted import planted_records

    planted = planted_records()
    with tempfile.TemporaryDirectory() as tmp:
        published, everything = build_set([p["record"] for p in planted], Path(tmp))
    planted_mentions = removed = leaks = kept_total = lost_total = 0
    for p in planted:
        original = f"{p['record']['title'] or ''}\n\n{p['record']['text']}"
        out = published[p["record"]["id"]]
        for m in p["mentions"]:  # one name per planted sentence: replaced if the sentence stands with the marker
            planted_mentions += 1
            removed += m["sentence"].replace(m["name"], MARKER) in out
        for form in {f"{p['first']} {p['last']}", p["last"], p["initials"]}:
            leaks += count(form, everything)
        total, lost, _ = kept_lost(set(p["defendants"]) | officials_in(original), original, out)
        kept_total, lost_total = kept_total + total, lost_total + lost
    return {"documents": len(planted), "planted_mentions": planted_mentions, "removed": removed,
            "recall": round(removed / planted_mentions, 4) if planted_mentions else None,
            "leaks_anywhere_in_database": leaks, "defendant_and_official_mentions": kept_total,
            "wrongly_removed": lost_total, "over_redaction_rate": round(lost_total / kept_total, 4) if kept_total else None}


def wide_set() -> dict:
    from tests.planted import planted_wide_records

    planted = planted_wide_records()
    with tempfile.TemporaryDirectory() as tmp:
        published, everything = build_set([p["record"] for p in planted], Path(tmp))
    per_form, lost_names = [], []
    totals = {"sentences": 0, "removed": 0, "leaks": 0, "kept_mentions": 0, "kept_lost": 0}
    for p in planted:
        rec = p["record"]
        original = f"{rec['title'] or ''}\n\n{rec['text']}"
        out = published[rec["id"]]
        removed = sum(m["published"] in out for m in p["mentions"])
        leaked = []
        for first, last in p["victims"]:
            for form in (f"{first} {last}", last, first, f"{first[0]}.{last[0]}."):
                if count(form, everything):
                    leaked.append(form)
        total, lost, which = kept_lost(set(p["keep"]) | officials_in(original), original, out)
        lost_names += [f"{rec['id']}: {n}" for n in which]
        per_form.append({"form": p["form"], "wording": p["wording"], "document": rec["id"],
                         "sentences": len(p["mentions"]), "removed": removed, "leaks": len(leaked), "leaked_forms": leaked,
                         "kept_lost": which})
        for key, value in (("sentences", len(p["mentions"])), ("removed", removed), ("leaks", len(leaked)),
                           ("kept_mentions", total), ("kept_lost", lost)):
            totals[key] += value
    return {"documents": len(planted), "planted_sentences": totals["sentences"], "removed": totals["removed"],
            "recall": round(totals["removed"] / totals["sentences"], 4) if totals["sentences"] else None,
            "leaks_anywhere_in_database": totals["leaks"],
            "forms_with_a_leak": sum(1 for f in per_form if f["leaks"]),
            "kept_name_mentions": totals["kept_mentions"], "kept_names_wrongly_removed": totals["kept_lost"],
            "over_redaction_rate": round(totals["kept_lost"] / totals["kept_mentions"], 4) if totals["kept_mentions"] else None,
            "wrongly_removed": lost_names, "per_form": per_form}


def main() -> None:
    parser = argparse.ArgumentParser(description="Victim-name leaks and over-redaction on the planted sets.")
    parser.add_argument("--label", help="saved as redaction-<label>-<date>.json (e.g. blind: before a rule change)")
    args = parser.parse_args()
    result = {"date": dt.date.today().isoformat(), "original_set": original_set(), "wide_set": wide_set()}
    print_table({k: v for k, v in result.items() if k != "wide_set"})
    wide = result["wide_set"]
    print_table({k: v for k, v in wide.items() if k != "per_form"})
    for f in wide["per_form"]:
        print(f"  {'LEAK' if f['leaks'] else 'ok  '} {f['wording']} {f['form']}: removed {f['removed']}/{f['sentences']}"
              + (f", leaked {f['leaked_forms']}" if f["leaks"] else "") + (f", kept lost {f['kept_lost']}" if f["kept_lost"] else ""))
    save(f"redaction-{args.label}" if args.label else "redaction", result)


if __name__ == "__main__":
    main()
