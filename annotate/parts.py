"""Long documents: cut a text into parts the annotator reads one by one, then merge their labels into one.

spaCy refuses a text over nlp.max_length (1,000,000 characters), and several components slow down on
very long Docs. A text longer than PART_CHARS is therefore cut at a paragraph break (else a line break,
else a space, else anywhere) into parts; each part is annotated as its own Doc (the title goes with the
first part), and merge_parts turns the parts' labels into one prediction for the document:

- relevant: when any part is relevant;
- defendants: those of the first part that names one (else the first part with an unnamed one), then the
  named defendants of the other parts in text order, each name once;
- misconduct, contraband, statutes: the union, in order of first appearance;
- stage and outcome: from the part furthest along (casebook.vocabulary.STAGE_ORDER; the earlier part on a
  tie), as the cases table picks a case's latest document;
- facility, jurisdiction: the first part that names one (a facility kind alone when no part names one);
- inmate_gender: the first part that knows it, starting with the defendants' part; gender_dynamic from the
  first defendant's gender and the inmate gender, as the gender component does;
- evidence: each quote comes from the part its label was taken from, with its start and end moved by the
  part's offset so that text[start:end] is the quote in the whole document (title quotes unchanged).

A text of PART_CHARS characters or fewer is one part, and its labels and evidence are exactly those of
annotating it whole.
"""

from __future__ import annotations

import re

from casebook.vocabulary import STAGE_ORDER

# Longest part annotated as one Doc: well under spaCy's max_length (1,000,000), and short enough that a
# part's Doc stays small in memory (about 40,000 tokens).
PART_CHARS = 200_000

# A blank line between paragraphs: "...was sentenced today.\n\nAccording to court documents"
PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n")
# A line break: "UNITED STATES DISTRICT COURT\nEASTERN DISTRICT OF KENTUCKY"
LINE_BREAK_RE = re.compile(r"\n")
# Any space: "pleaded guilty to one count"
SPACE_RE = re.compile(r"\s")

# The evidence fields that go with each label taken from one part.
DEFENDANT_EVIDENCE = ("role", "gender")


def cut_at(text: str, start: int, size: int) -> int:
    """Where the part beginning at start ends: after the last paragraph break in the second half of its
    size, else the last line break there, else the last space, else at start + size."""
    lo, hi = start + size // 2, start + size
    for separator in (PARAGRAPH_BREAK_RE, LINE_BREAK_RE, SPACE_RE):
        last = None
        for last in separator.finditer(text, lo, hi):
            pass
        if last is not None:
            return last.end()
    return hi


def split_text(text: str, size: int = PART_CHARS) -> list[tuple[int, str]]:
    """(offset, part) pairs that put together give the text back; one pair when the text is not longer than size."""
    parts, start = [], 0
    while len(text) - start > size:
        end = cut_at(text, start, size)
        parts.append((start, text[start:end]))
        start = end
    parts.append((start, text[start:]))
    return parts


def part_records(record: dict, size: int = PART_CHARS) -> list[tuple[int, dict]]:
    """(offset into the text, record) for each part of a record: the first part keeps the title, the others have none."""
    text = record.get("text") or ""
    if len(text) <= size:
        return [(0, record)]
    return [(offset, {**record, "text": part, **({"title": None} if i else {})})
            for i, (offset, part) in enumerate(split_text(text, size))]


def shift_evidence(evidence: list[dict], offset: int) -> list[dict]:
    """The evidence quotes of a part with their text offsets moved into the whole document."""
    return [{**e, "start": e["start"] + offset, "end": e["end"] + offset} if e["location"] == "text" else dict(e)
            for e in evidence]


def _name_key(name: str) -> str:
    return " ".join(name.lower().split())


def _same_person(a: str, b: str) -> bool:
    """The same defendant: the same name, or a surname alone that is the other name's last word."""
    ka, kb = _name_key(a), _name_key(b)
    if ka == kb:
        return True
    wa, wb = ka.split(), kb.split()
    return (len(wa) == 1 or len(wb) == 1) and wa[-1] == wb[-1]


def merge_defendants(labels: list[dict]) -> tuple[list[dict], int | None]:
    """(defendants, index of the part they start from); see the module docstring."""
    named = [i for i, lab in enumerate(labels) if any(d.get("name") for d in lab["defendants"])]
    anyone = [i for i, lab in enumerate(labels) if lab["defendants"]]
    first = named[0] if named else anyone[0] if anyone else None
    if first is None:
        return [], None
    out = [dict(d) for d in labels[first]["defendants"]]
    for i, lab in enumerate(labels):
        if i == first:
            continue
        for d in lab["defendants"]:
            if d.get("name") and not any(o.get("name") and _same_person(o["name"], d["name"]) for o in out):
                out.append(dict(d))
    return out, first


def _first(indexes, test) -> int | None:
    return next((i for i in indexes if test(i)), None)


def merge_parts(parts: list[tuple[int, dict, list[dict]]]) -> tuple[dict, list[dict]]:
    """One (labels, evidence) for a document from its parts' (offset, labels, evidence), in text order."""
    if len(parts) == 1:
        offset, labels, evidence = parts[0]
        return labels, shift_evidence(evidence, offset)
    labels = [lab for _, lab, _ in parts]
    evidence = [shift_evidence(ev, offset) for offset, _, ev in parts]
    order = range(len(parts))
    source: dict[str, int | None] = {}  # evidence field -> the part whose quote backs the merged label

    source["relevant"] = _first(order, lambda i: labels[i]["relevant"])
    defendants, d_part = merge_defendants(labels)
    for field in DEFENDANT_EVIDENCE:
        source[field] = d_part

    lists = {}
    for field in ("misconduct", "contraband", "statutes"):
        lists[field] = list(dict.fromkeys(v for lab in labels for v in lab[field] or []))
        source[field] = _first(order, lambda i, f=field: bool(labels[i][f]))

    staged = [i for i in order if labels[i]["stage"] in STAGE_ORDER]
    stage_part = max(staged, key=lambda i: (STAGE_ORDER[labels[i]["stage"]], -i)) if staged else None
    source["stage"] = source["outcome"] = stage_part
    outcome_part = stage_part if stage_part is not None else 0

    f_part = _first(order, lambda i: (labels[i]["facility"] or {}).get("name") is not None)
    if f_part is None:
        f_part = _first(order, lambda i: (labels[i]["facility"] or {}).get("kind") is not None)
    source["facility"] = f_part
    j_part = _first(order, lambda i: any(v is not None for v in (labels[i]["jurisdiction"] or {}).values()))
    source["jurisdiction"] = j_part

    people_first = ([d_part] if d_part is not None else []) + [i for i in order if i != d_part]
    g_part = _first(people_first, lambda i: labels[i]["inmate_gender"] != "unknown")
    inmate_gender = labels[g_part]["inmate_gender"] if g_part is not None else "unknown"
    source["inmate_gender"] = g_part
    staff = defendants[0]["gender"] if defendants else None
    if staff in ("male", "female") and inmate_gender in ("male", "female"):
        dynamic = f"{staff}_staff_{inmate_gender}_inmate"
    elif not defendants:
        dyn_part = _first(order, lambda i: labels[i]["gender_dynamic"] != "unknown")
        dynamic = labels[dyn_part]["gender_dynamic"] if dyn_part is not None else "unknown"
    else:
        dynamic = "unknown"

    for field in sorted({e["field"] for ev in evidence for e in ev} - set(source)):  # a field no rule above names
        source[field] = _first(order, lambda i, f=field: any(e["field"] == f for e in evidence[i]))
    quotes = []
    for field, part in sorted(source.items()):
        if part is not None:
            quotes += [e for e in evidence[part] if e["field"] == field]
    merged = {
        "relevant": source["relevant"] is not None,
        "jurisdiction": labels[j_part if j_part is not None else 0]["jurisdiction"],
        "facility": labels[f_part if f_part is not None else 0]["facility"],
        "defendants": defendants,
        "inmate_gender": inmate_gender,
        "gender_dynamic": dynamic,
        "misconduct": lists["misconduct"],
        "contraband": lists["contraband"],
        "statutes": lists["statutes"],
        "stage": labels[stage_part]["stage"] if stage_part is not None else None,
        "outcome": labels[outcome_part]["outcome"],
        "evidence": {q["field"]: q["quote"] for q in quotes},
    }
    return merged, quotes
