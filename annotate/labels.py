"""Turn an annotated Doc into the schema's label record, and its evidence into verbatim quotes."""

from __future__ import annotations

from spacy.tokens import Doc

from annotate.text import text_of, body_start


def evidence_quotes(doc: Doc) -> list[dict]:
    """[{field, quote, location, start, end}] with offsets into the title or the text."""
    b = body_start(doc)
    out = []
    for field, span in sorted((doc._.evidence or {}).items()):
        if span is None or not span.text.strip():
            continue
        s, e = span.start_char, span.end_char
        if s < b:
            location, start, end = "title", s, min(e, max(b - 2, s))
        else:
            location, start, end = "text", s - b, e - b
        quote = text_of(doc)[s:e] if location == "text" else text_of(doc)[s:s + (end - start)]
        out.append({"field": field, "quote": quote, "location": location, "start": start, "end": end})
    return out


def doc_to_labels(doc: Doc) -> dict:
    """The label record of the annotation schema, plus "relevant"."""
    defendants = []
    for span in doc.spans.get("defendants", []):
        defendants.append({
            "name": span.text if span.label_ == "DEFENDANT" else None,
            "age": span._.age,
            "gender": span._.gender,
            "role": span._.role,
        })
    return {
        "relevant": bool(doc._.relevant),
        "jurisdiction": doc._.jurisdiction or {"country": None, "region": None, "system": None},
        "facility": doc._.facility or {"name": None, "kind": None},
        "defendants": defendants,
        "inmate_gender": doc._.inmate_gender,
        "gender_dynamic": doc._.gender_dynamic,
        "misconduct": list(doc._.misconduct or []),
        "contraband": list(doc._.contraband or []),
        "statutes": list(doc._.statutes or []),
        "stage": doc._.stage,
        "outcome": doc._.outcome,
        "evidence": {q["field"]: q["quote"] for q in evidence_quotes(doc)},
    }
