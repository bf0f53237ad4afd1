"""Case linking measured: on the odd-year bulk grouping (mentions, pairwise and B-cubed) and on record gold sets.

Default (no argument, or --grouping FILE): the case grouping of the relevant odd-year DOJ releases
(../shared/gold/doj-opa-cases-odd-years.jsonl: per release its staff defendants and a case key shared by
every release of that person's prosecution). The releases are read from ../shared/bulk (odd years only,
never an even year), annotated with the real pipeline (labels cached under /tmp, keyed by the pipeline
version), turned into mentions by db/cases.mentions_from_documents and linked by db/cases.link. Scored
twice: with the annotator's defendants, and with the gold defendant names as mentions (the annotator's
other labels kept), which is the linker's own error with perfect name extraction.

Items and the mapping rule. The items are the gold mentions (release, gold defendant) plus every predicted
mention that maps to none. A predicted defendant maps to a gold defendant of the same release when the
normalised surnames are equal (last word, accents, case and Jr./Sr./II-IV ignored) and the first names do not
disagree (equal, one a prefix of the other, the same initial, or one side without a first name); an exact
full-name match is taken first, each gold defendant at most once. This rule is the bench's own, not the
linker's, so improving the linker does not move it. An unmatched predicted mention is its own gold case
(any link of it is wrong); an unmatched gold mention is its own predicted group (its links are missed).
Pairwise: precision and recall of same-case item pairs. B-cubed: per item, the share of its predicted
group that is in its gold case (precision) and of its gold case that is in its predicted group (recall),
averaged over all items.

Record gold sets (FILE.jsonl with full records, issue 5's definition): two relevant gold documents are one
case when they share a defendant name (the linker's fuzzy rule) and a facility (same name after
normalising, or one of the two names none); predicted pairs are documents that db/cases.link puts in one
case. Prints and saves bench/results/case-linking-<date>.json.

    python bench/case_linking.py                                   # odd-year bulk grouping
    python bench/case_linking.py --half tune                       # only its TUNE half (--half check: the CHECK half)

--half tune|check keeps the releases of one half of bench/accuracy.py's held_out_half split (sha1 of the id
ends in an odd hex digit = CHECK); pairs across the halves drop out. Names are tuned on reading the TUNE
half's misses only; the CHECK half is scored before and after, never read.
    python bench/case_linking.py tests/gold/dev.jsonl tests/gold/project.jsonl
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from results_file import save  # noqa: E402


def facility_key(name: str | None) -> set[str]:
    stop = {"the", "in", "at", "of", "fci", "fmc", "federal", "correctional", "institution", "center", "county", "s"}
    return {w for w in re.findall(r"[a-z]+", (name or "").lower()) if w not in stop}


def gold_pairs(records: list[dict]) -> set[tuple[str, str]]:
    from db.cases import same_person

    rel = [r for r in records if not r.get("not_relevant") and (r["labels"].get("defendants") or [])]
    pairs = set()
    for a, b in itertools.combinations(rel, 2):
        names = any(same_person(x.get("name"), y.get("name")) for x in a["labels"]["defendants"] for y in b["labels"]["defendants"])
        fa, fb = facility_key(a["labels"]["facility"].get("name")), facility_key(b["labels"]["facility"].get("name"))
        if names and (not fa or not fb or fa & fb):
            pairs.add(tuple(sorted((a["id"], b["id"]))))
    return pairs


def predicted_pairs(records: list[dict]) -> set[tuple[str, str]]:
    from annotate.pipeline import annotate_records
    from db.cases import link, mentions_from_documents

    labels = {p["id"]: p["labels"] for p in annotate_records(records)}
    docs = [{"id": r["id"], "url": r["url"], "published": r.get("published"), "title": r.get("title"),
             "publisher": r.get("publisher"), "text": r.get("text")} for r in records]
    pairs = set()
    for group in link(mentions_from_documents(docs, labels)):
        ids = sorted({m["document_id"] for m in group})
        pairs |= {tuple(p) for p in itertools.combinations(ids, 2)}
    return pairs


GROUPING = ROOT.parent / "shared" / "gold" / "doj-opa-cases-odd-years.jsonl"
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def bench_name(name: str | None) -> tuple[str, str]:
    """(first, surname) for the bench's mapping rule: plain lower-case ASCII, suffixes dropped ("" when absent)."""
    plain = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    # words of a name: "o'neil", "rodriguez-pagan"; "Jr." and "III" dropped
    tokens = [t for t in re.findall(r"[a-z][a-z'-]*", plain) if t not in NAME_SUFFIXES]
    if not tokens:
        return "", ""
    return (tokens[0] if len(tokens) > 1 else ""), tokens[-1]


def maps_to(pred: str | None, gold: str) -> bool:
    """The bench's rule: same surname, first names that do not disagree (prefix or initial, or one absent)."""
    (pf, pl), (gf, gl) = bench_name(pred), bench_name(gold)
    if not pl or pl != gl:
        return False
    return not pf or not gf or pf.startswith(gf) or gf.startswith(pf)


def map_release(pred_names: list[str | None], gold_names: list[str]) -> dict[int, int]:
    """{predicted index: gold index} for one release: exact full names first, then the rule, one-to-one."""
    out: dict[int, int] = {}
    used: set[int] = set()
    for exact in (True, False):
        for i, p in enumerate(pred_names):
            if i in out:
                continue
            for j, g in enumerate(gold_names):
                if j in used:
                    continue
                if (bench_name(p) == bench_name(g)) if exact else maps_to(p, g):
                    out[i], used = j, used | {j}
                    break
    return out


def score_clusters(gold_of: dict, pred_of: dict) -> dict:
    """Pairwise precision / recall / F1 and B-cubed precision / recall / F1; both dicts map every item to a cluster."""
    def clusters(of):
        c = defaultdict(set)
        for item, k in of.items():
            c[k].add(item)
        return c

    def pairs(of):
        return {tuple(sorted(p, key=str)) for members in clusters(of).values() for p in itertools.combinations(members, 2)}

    g, p = pairs(gold_of), pairs(pred_of)
    tp = len(g & p)
    prec = tp / len(p) if p else 1.0
    rec = tp / len(g) if g else 1.0
    gc, pc = clusters(gold_of), clusters(pred_of)
    bp = br = 0.0
    for item in gold_of:
        both = len(gc[gold_of[item]] & pc[pred_of[item]])
        bp += both / len(pc[pred_of[item]])
        br += both / len(gc[gold_of[item]])
    n = len(gold_of) or 1
    bp, br = bp / n, br / n
    f = (lambda a, b: 2 * a * b / (a + b) if a + b else 0.0)
    return {"items": len(gold_of), "gold_pairs": len(g), "predicted_pairs": len(p), "true_positive_pairs": tp,
            "pairwise_precision": round(prec, 4), "pairwise_recall": round(rec, 4), "pairwise_f1": round(f(prec, rec), 4),
            "bcubed_precision": round(bp, 4), "bcubed_recall": round(br, 4), "bcubed_f1": round(f(bp, br), 4),
            "missed_pairs": sorted(g - p, key=str), "wrong_pairs": sorted(p - g, key=str)}


def grouping_releases(grouping: list[dict]) -> list[dict]:
    """The bulk releases of the grouping's ids, read from odd years only (even years are held out)."""
    from annotate.goldsets import iter_bulk

    ids = {r["id"] for r in grouping}
    years = {int(i.split("-")[2]) for i in ids}
    if any(y % 2 == 0 for y in years):
        sys.exit(f"{GROUPING.name}: an even-year id; even years are held out and never read here")
    found = {r["id"]: r for r in iter_bulk(years=years) if r["id"] in ids}
    missing = ids - set(found)
    if missing:
        sys.exit(f"{len(missing)} ids of the grouping are not in the bulk file, e.g. {sorted(missing)[0]}")
    return [found[r["id"]] for r in grouping]


def cached_labels(records: list[dict]) -> dict[str, dict]:
    """The annotator's labels of the records, cached in /tmp by pipeline version (annotating 139 releases takes a while)."""
    import hashlib

    from annotate.pipeline import PIPELINE_VERSION, annotate_records

    key = hashlib.sha256("".join(sorted(r["id"] for r in records)).encode()).hexdigest()[:12]
    cache = Path("/tmp") / f"casebook-case-linking-labels-{PIPELINE_VERSION}-{key}.json"
    if cache.exists():
        return json.loads(cache.read_text())
    labels = {p["id"]: p["labels"] for p in annotate_records(records)}
    cache.write_text(json.dumps(labels))
    return labels


def link_and_score(grouping: list[dict], docs: list[dict], labels: dict[str, dict]) -> dict:
    """Link the mentions made from these labels and score them against the grouping (the module docstring's rule)."""
    from db.cases import link, mentions_from_documents

    gold_of: dict = {}
    for r in grouping:
        for j, d in enumerate(r["defendants"]):
            gold_of[(r["id"], j)] = d["case"]
    gold_names = {r["id"]: [d["name"] for d in r["defendants"]] for r in grouping}
    mentions = mentions_from_documents(docs, labels)
    by_doc = defaultdict(list)
    for m in mentions:
        by_doc[m["document_id"]].append(m)
    item_of = {}
    for doc_id, ms in by_doc.items():
        mapping = map_release([m["name"] for m in ms], gold_names.get(doc_id, []))
        for i, m in enumerate(ms):
            item_of[id(m)] = (doc_id, mapping[i]) if i in mapping else (doc_id, f"extra:{m['position']}:{m['name']}")
    pred_of: dict = {}
    for k, group in enumerate(link(mentions)):
        for m in group:
            pred_of[item_of[id(m)]] = k
    for item in list(pred_of):
        if item not in gold_of:
            gold_of[item] = f"spurious:{item}"
    missed_mentions = [item for item in gold_of if item not in pred_of and not str(gold_of[item]).startswith("spurious:")]
    for n, item in enumerate(missed_mentions):
        pred_of[item] = f"unpredicted:{n}"
    name = {(r["id"], j): d["name"] for r in grouping for j, d in enumerate(r["defendants"])}
    name.update({item_of[id(m)]: m["name"] for m in mentions})
    scores = score_clusters(gold_of, pred_of)
    # the same without the predicted mentions that map to no gold defendant (mostly co-defendants named again,
    # which the grouping lists only in some releases): the linker on what the annotator found
    kept = [i for i in gold_of if not str(gold_of[i]).startswith("spurious:")]
    only = score_clusters({i: gold_of[i] for i in kept}, {i: pred_of[i] for i in kept})
    scores["matched_mentions_only"] = {k: v for k, v in only.items() if not k.endswith("_pairs") or k.startswith(("gold", "pred", "true"))}
    # the reading: a co-defendant named again in another person's release belongs to their own case, so an
    # unmatched predicted mention whose name maps (the same rule) to the defendant of exactly one gold case is that
    # case's mention; linking it there is right, anywhere else wrong
    names_of_case = defaultdict(set)
    for r in grouping:
        for d in r["defendants"]:
            names_of_case[d["case"]].add(d["name"])
    again = dict(gold_of)
    for item in gold_of:
        if str(gold_of[item]).startswith("spurious:"):
            cases = {c for c, names in names_of_case.items() if any(maps_to(name[item], g) for g in names)}
            if len(cases) == 1:
                again[item] = cases.pop()
    named = score_clusters(again, pred_of)
    scores["named_again_is_own_case"] = {k: v for k, v in named.items() if not k.endswith("_pairs") or k.startswith(("gold", "pred", "true"))}
    scores["named_again_is_own_case"]["mentions_named_again"] = sum(1 for i in gold_of if again[i] != gold_of[i])
    label = (lambda item: f"{name.get(item)} [{item[0].removeprefix('doj-opa-')[:60]}]")
    scores["missed_pairs"] = [[label(a), label(b)] for a, b in scores["missed_pairs"]]
    scores["wrong_pairs"] = [[label(a), label(b)] for a, b in scores["wrong_pairs"]]
    scores["gold_mentions"] = sum(len(v) for v in gold_names.values())
    scores["predicted_mentions"] = len(mentions)
    scores["unmatched_predicted_mentions"] = sorted(label(i) for i in gold_of if str(gold_of[i]).startswith("spurious:"))
    scores["unpredicted_gold_mentions"] = sorted(label(i) for i in missed_mentions)
    return scores


def in_half(doc_id: str, half: str | None) -> bool:
    """Is this release in the half asked for (None: all)? CHECK = bench/accuracy.py's held_out_half."""
    from accuracy import held_out_half

    return half is None or held_out_half(doc_id) == (half == "check")


def grouping_result(path: Path, half: str | None = None) -> dict:
    """Both runs on the odd-year grouping: the annotator's mentions and the gold names as mentions."""
    grouping = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = grouping_releases(grouping)
    labels = cached_labels(records)  # all releases' labels (one cache for both halves)
    grouping = [r for r in grouping if in_half(r["id"], half)]
    records = [r for r in records if in_half(r["id"], half)]
    docs = [{"id": r["id"], "url": r["url"], "published": r.get("published"), "title": r.get("title"),
             "publisher": r.get("publisher"), "text": r.get("text")} for r in records]
    gold_labels = {}
    for r in grouping:
        lab = dict(labels[r["id"]])
        predicted = lab.get("defendants") or []
        mapping = {j: i for i, j in map_release([d.get("name") for d in predicted], [d["name"] for d in r["defendants"]]).items()}
        lab["relevant"] = True
        lab["defendants"] = [{"name": d["name"], "role": predicted[mapping[j]].get("role") if j in mapping else None,
                              "gender": predicted[mapping[j]].get("gender") if j in mapping else None}
                             for j, d in enumerate(r["defendants"])]
        gold_labels[r["id"]] = lab
    out = {"grouping": path.name, "half": half or "all", "releases": len(grouping),
           "annotator_relevant": sum(1 for r in grouping if labels[r["id"]].get("relevant")),
           "annotator_mentions": link_and_score(grouping, docs, labels),
           "gold_name_mentions": link_and_score(grouping, docs, gold_labels)}
    for run in ("annotator_mentions", "gold_name_mentions"):
        s = out[run]
        print(f"{path.name} ({half or 'all'} half, {len(grouping)} releases) [{run}]: items {s['items']}, gold pairs {s['gold_pairs']}, predicted {s['predicted_pairs']}, "
              f"pairwise P {s['pairwise_precision']:.3f} R {s['pairwise_recall']:.3f} F1 {s['pairwise_f1']:.3f}; "
              f"B-cubed P {s['bcubed_precision']:.3f} R {s['bcubed_recall']:.3f} F1 {s['bcubed_f1']:.3f}")
        o = s["matched_mentions_only"]
        print(f"  without the {len(s['unmatched_predicted_mentions'])} predicted mentions that map to no gold defendant: "
              f"pairwise P {o['pairwise_precision']:.3f} R {o['pairwise_recall']:.3f}; "
              f"B-cubed P {o['bcubed_precision']:.3f} R {o['bcubed_recall']:.3f}")
        o = s["named_again_is_own_case"]
        print(f"  with the {o['mentions_named_again']} co-defendants named again counted in their own case: "
              f"pairwise P {o['pairwise_precision']:.3f} R {o['pairwise_recall']:.3f}; "
              f"B-cubed P {o['bcubed_precision']:.3f} R {o['bcubed_recall']:.3f}")
        for a, b in s["missed_pairs"]:
            print("  missed:", a, "~", b)
        for a, b in s["wrong_pairs"]:
            print("  wrong: ", a, "~", b)
    return out


def main() -> None:
    args = sys.argv[1:]
    half = None
    if "--half" in args:
        i = args.index("--half")
        half = args[i + 1] if i + 1 < len(args) else ""
        if half not in ("tune", "check"):
            sys.exit("--half takes tune or check, e.g. python bench/case_linking.py --half tune")
        del args[i:i + 2]
    result = {"date": dt.date.today().isoformat(), "sets": {}}
    earlier = ROOT / "bench" / "results" / f"case-linking-{result['date']}.json"
    if earlier.exists():  # one file a day: the grouping and the record gold sets side by side
        result["sets"] = json.loads(earlier.read_text()).get("sets", {})
    if not args or args[0] == "--grouping":
        path = Path(args[1]) if len(args) > 1 else GROUPING
        result["sets"][path.name + (f" ({half} half)" if half else "")] = grouping_result(path, half)
        save("case-linking", result)
        return
    paths = [Path(p) for p in args]
    for path in paths:
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        gold, pred = gold_pairs(records), predicted_pairs(records)
        tp = len(gold & pred)
        p = tp / len(pred) if pred else 1.0
        r = tp / len(gold) if gold else 1.0
        result["sets"][path.name] = {"gold_pairs": len(gold), "predicted_pairs": len(pred), "true_positive_pairs": tp,
                                     "precision": round(p, 3), "recall": round(r, 3),
                                     "missed": sorted(gold - pred), "wrong": sorted(pred - gold)}
        print(f"{path.name}: gold pairs {len(gold)}, predicted {len(pred)}, precision {p:.3f}, recall {r:.3f}")
        for pair in sorted(gold - pred):
            print("  missed:", *pair)
        for pair in sorted(pred - gold):
            print("  wrong: ", *pair)
    save("case-linking", result)


if __name__ == "__main__":
    main()
