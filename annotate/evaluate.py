"""`casebook eval`: score the annotator on gold records, with the metrics of the annotation schema.

The definitions follow annotation-schema.md ("Predictions and scoring"): micro P/R/F1 for
set fields over gold-relevant documents, accuracy for single-valued fields (null equals
null), fuzzy names, F1 of `relevant` over every document, the share of verbatim evidence,
and headline_mean over sixteen fields. A test checks that the numbers agree with the
shared scorer on the dev set.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

SET_FIELDS = ("roles", "misconduct", "contraband", "statutes", "defendant_names")
ACCURACY_FIELDS = ("staff_gender", "inmate_gender", "gender_dynamic", "stage", "disposition", "custody_months",
                   "custody_months_max", "suspended", "facility_kind", "country", "region")
HEADLINE = ("relevant", "roles", "defendant_names", "staff_gender", "inmate_gender", "gender_dynamic", "misconduct",
            "contraband", "statutes", "stage", "disposition", "custody_months", "facility_name", "facility_kind",
            "country", "region")


def squash(text) -> str:
    """Lower-case ASCII words separated by single spaces (for fuzzy comparison of names)."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def statute_key(text) -> str:
    text = str(text).lower().replace("u.s.c.", "usc").replace("§", " ")
    return re.sub(r"[^a-z0-9()]+", "", text)


def names_match(a, b) -> bool:
    if not a or not b:
        return not a and not b
    a, b = squash(a), squash(b)
    return a == b or a in b or b in a or difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def numbers_match(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return abs(float(a) - float(b)) < 0.51
    except (TypeError, ValueError):
        return False


def flatten(labels: dict | None) -> dict:
    """The scored values of one label record."""
    labels = labels or {}
    defendants = [d for d in labels.get("defendants") or [] if isinstance(d, dict)]
    principal = defendants[0] if defendants else {}
    outcome = labels.get("outcome") or {}
    facility = labels.get("facility") or {}
    place = labels.get("jurisdiction") or {}
    return {
        "roles": {d["role"] for d in defendants if d.get("role")},
        "misconduct": set(labels.get("misconduct") or []),
        "contraband": set(labels.get("contraband") or []),
        "statutes": {statute_key(s) for s in labels.get("statutes") or [] if s},
        "defendant_names": {squash(d["name"]) for d in defendants if d.get("name")},
        "staff_gender": principal.get("gender") or "unknown",
        "inmate_gender": labels.get("inmate_gender") or "unknown",
        "gender_dynamic": labels.get("gender_dynamic") or "unknown",
        "stage": labels.get("stage"),
        "disposition": outcome.get("disposition"),
        "custody_months": outcome.get("custody_months"),
        "custody_months_max": outcome.get("custody_months_max"),
        "suspended": bool(outcome.get("suspended")),
        "facility_kind": facility.get("kind"),
        "facility_name": facility.get("name"),
        "country": place.get("country"),
        "region": squash(place["region"]) if place.get("region") else None,
    }


def f1(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def quotes_of(labels: dict | None) -> list[str]:
    ev = (labels or {}).get("evidence") or {}
    if isinstance(ev, dict):
        return [q for q in ev.values() if isinstance(q, str) and q.strip()]
    if isinstance(ev, list):
        return [q.get("quote") if isinstance(q, dict) else q for q in ev if q]
    return []


def score(gold: dict, pred: dict) -> tuple[dict, dict]:
    """(report, errors) for gold and predicted records keyed by id."""
    report, errors = {}, {}
    counts = [0, 0, 0]
    for doc_id, g in gold.items():
        truth = not g.get("not_relevant", False)
        guess = bool(((pred.get(doc_id) or {}).get("labels") or {}).get("relevant", False))
        counts[0] += truth and guess
        counts[1] += guess and not truth
        counts[2] += truth and not guess
        if truth != guess:
            errors.setdefault("relevant", []).append((doc_id, truth, guess))
    report["relevant"] = {"n": len(gold), **f1(*counts)}

    ids = [i for i, g in gold.items() if not g.get("not_relevant", False)]
    gv = {i: flatten(gold[i].get("labels")) for i in ids}
    pv = {i: flatten((pred.get(i) or {}).get("labels")) for i in ids}
    for field in SET_FIELDS:
        tp = fp = fn = 0
        for i in ids:
            g, p = gv[i][field], pv[i][field]
            if field == "defendant_names":
                hit_pred = {x for x in p if any(names_match(x, y) for y in g)}
                tp_i = sum(1 for y in g if any(names_match(x, y) for x in p))
                fp_i, fn_i = len(p - hit_pred), len(g) - tp_i
            else:
                tp_i, fp_i, fn_i = len(g & p), len(p - g), len(g - p)
            tp, fp, fn = tp + tp_i, fp + fp_i, fn + fn_i
            if fp_i or fn_i:
                errors.setdefault(field, []).append((i, sorted(g), sorted(p)))
        report[field] = {"n": len(ids), **f1(tp, fp, fn)}
    for field in ACCURACY_FIELDS:
        right = 0
        for i in ids:
            g, p = gv[i][field], pv[i][field]
            ok = numbers_match(g, p) if field.startswith("custody") else g == p
            right += ok
            if not ok:
                errors.setdefault(field, []).append((i, g, p))
        report[field] = {"n": len(ids), "accuracy": right / len(ids) if ids else 1.0}
    named = [i for i in ids if gv[i]["facility_name"]]
    right = 0
    for i in named:
        ok = names_match(gv[i]["facility_name"], pv[i]["facility_name"])
        right += ok
        if not ok:
            errors.setdefault("facility_name", []).append((i, gv[i]["facility_name"], pv[i]["facility_name"]))
    report["facility_name"] = {"n": len(named), "accuracy": right / len(named) if named else 1.0}

    total = found = 0
    for doc_id, g in gold.items():
        haystack = re.sub(r"\s+", " ", " ".join(str(g.get(k) or "") for k in ("title", "text")))
        for q in quotes_of((pred.get(doc_id) or {}).get("labels")):
            total += 1
            if re.sub(r"\s+", " ", q.strip()) in haystack:
                found += 1
            else:
                errors.setdefault("evidence_verbatim", []).append((doc_id, q[:80], "not in text"))
    report["evidence_verbatim"] = {"n": total, "accuracy": found / total if total else 0.0}
    value = lambda f: report[f].get("f1", report[f].get("accuracy"))  # noqa: E731
    report["headline_mean"] = {"n": len(HEADLINE), "accuracy": sum(value(f) for f in HEADLINE) / len(HEADLINE)}
    missing = [i for i in gold if i not in pred]
    report["missing_predictions"] = {"n": len(missing), "ids": missing[:20]}
    return report, errors


def format_report(report: dict, errors: dict, show: list[str]) -> str:
    lines = [f"{'field':<20} {'n':>4}  {'P':>6} {'R':>6} {'F1/acc':>7}"]
    for field, m in report.items():
        if field in ("missing_predictions", "kinds"):
            continue
        if "f1" in m:
            lines.append(f"{field:<20} {m['n']:>4}  {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:7.3f}")
        else:
            lines.append(f"{field:<20} {m['n']:>4}  {'':>6} {'':>6} {m['accuracy']:7.3f}")
    if report["missing_predictions"]["n"]:
        lines.append(f"missing predictions: {report['missing_predictions']['n']}")
    for field in show:
        for name in (errors if field == "all" else [field]):
            for row in errors.get(name, []):
                lines.append(f"  {name}: {row[0]}: gold={row[1]!r} pred={row[2]!r}")
    lines.append(f"headline_mean {report['headline_mean']['accuracy']:.3f}")
    return "\n".join(lines)


def score_by_kind(gold: dict, pred: dict) -> dict:
    """{kind: {n, relevant F1, headline_mean}} for each kind of text present (federal, state, news, uk, judgment, report)."""
    from annotate.goldsets import KINDS, kind_of

    out = {}
    for kind in KINDS:
        ids = [i for i, g in gold.items() if kind_of(g) == kind]
        if ids:
            report, _ = score({i: gold[i] for i in ids}, pred)
            out[kind] = {"n": len(ids), "relevant": report["relevant"]["f1"],
                         "headline_mean": report["headline_mean"]["accuracy"],
                         "fields_under_0.80": sorted(f for f in HEADLINE if _value(report[f]) < 0.80)}
    return out


def _value(metrics: dict) -> float:
    return metrics.get("f1", metrics.get("accuracy"))


def format_kinds(kinds: dict) -> str:
    lines = [f"\n{'kind':<10} {'n':>4} {'relevant':>9} {'headline':>9}  fields under 0.80"]
    for kind, m in kinds.items():
        lines.append(f"{kind:<10} {m['n']:>4} {m['relevant']:9.3f} {m['headline_mean']:9.3f}  {', '.join(m['fields_under_0.80'])}")
    return "\n".join(lines)


def predicted_labels(pred: dict, doc_id: str) -> dict:
    """The predicted label record of a document ({} when there is no prediction)."""
    return (pred.get(doc_id) or {}).get("labels") or {}


def relevance_counts(gold: dict, pred: dict, ids: list[str]) -> dict:
    tp = fp = fn = 0
    for i in ids:
        truth = not gold[i].get("not_relevant", False)
        guess = bool(predicted_labels(pred, i).get("relevant", False))
        tp, fp, fn = tp + (truth and guess), fp + (guess and not truth), fn + (truth and not guess)
    return {"documents": len(ids), "tp": tp, "fp": fp, "fn": fn, **f1(tp, fp, fn)}


def relevance_report(gold: dict, pred: dict) -> dict:
    """Relevance-only gold (bulk releases): P/R/F1 over every release, over the `doj` pre-filter's, and the misses."""
    from annotate.goldsets import doj_keywords, doj_prefilter

    keywords = doj_keywords()
    ids = list(gold)
    prefiltered = [i for i in ids if doj_prefilter(gold[i], keywords)]
    misses = [{"id": i, "gold": not gold[i].get("not_relevant", False), "why": gold[i].get("why"),
               "evidence": (predicted_labels(pred, i).get("evidence") or {}).get("relevant")}
              for i in ids if (not gold[i].get("not_relevant", False)) != bool(predicted_labels(pred, i).get("relevant"))]
    return {"all": relevance_counts(gold, pred, ids), "prefiltered": relevance_counts(gold, pred, prefiltered),
            "misses": misses}


def format_relevance(report: dict, show) -> str:
    lines = [f"{'relevance':<12} {'documents':>9} {'tp':>5} {'fp':>5} {'fn':>5}  {'P':>6} {'R':>6} {'F1':>6}"]
    for part, label in (("all", "all"), ("prefiltered", "pre-filter")):
        m = report[part]
        lines.append(f"{label:<12} {m['documents']:>9} {m['tp']:>5} {m['fp']:>5} {m['fn']:>5}  "
                     f"{m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}")
    if any(f in ("all", "relevant") for f in show):
        for m in report["misses"]:
            kind = "missed" if m["gold"] else "kept wrongly"
            lines.append(f"  relevant: {m['id']}: {kind}" + (f" ({m['why']})" if m.get("why") else "")
                         + (f" -- evidence: {m['evidence'][:160]!r}" if m.get("evidence") else ""))
    return "\n".join(lines)


def names_report(gold: dict, pred: dict, ids=None) -> dict:
    """Staff-defendant names against a case grouping (gold_defendants): micro P/R/F1 with the schema's
    fuzzy name match, and each release's misses."""
    tp = fp = fn = 0
    misses = []
    ids = list(gold if ids is None else ids)
    for i in ids:
        truth = {squash(d["name"]): d["name"] for d in gold[i]["gold_defendants"] if d.get("name")}
        guess = {squash(d["name"]): d["name"] for d in predicted_labels(pred, i).get("defendants") or [] if d.get("name")}
        extra = [guess[x] for x in guess if not any(names_match(x, y) for y in truth)]
        missed = [truth[y] for y in truth if not any(names_match(x, y) for x in guess)]
        tp, fp, fn = tp + len(truth) - len(missed), fp + len(extra), fn + len(missed)
        if extra or missed:
            misses.append({"id": i, "missed": missed, "extra": extra})
    return {"releases": len(ids), "tp": tp, "fp": fp, "fn": fn, **f1(tp, fp, fn), "misses": misses}


def format_names(report: dict, show) -> str:
    lines = [f"staff defendant names: {report['releases']} releases, tp {report['tp']} fp {report['fp']} fn {report['fn']}, "
             f"P {report['precision']:.3f} R {report['recall']:.3f} F1 {report['f1']:.3f}"]
    if any(f in ("all", "defendant_names") for f in show):
        for m in report["misses"]:
            lines.append(f"  defendant_names: {m['id']}: missed={m['missed']!r} extra={m['extra']!r}")
    return "\n".join(lines)
