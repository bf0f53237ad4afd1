"""The planted test set for victim anonymity: real dev documents about sexual abuse, with invented
victim names inserted in the forms a victim's name takes in real texts.

Forms: the full name; the surname alone; the possessive; initials; "Ms" and the surname; a name in a
quotation. The names are invented (checked against no real case). Deterministic: the same set every run.
"""

from __future__ import annotations

import json
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "gold" / "dev.jsonl"
NAMES = [("Marisol", "Quenby"), ("Tamsin", "Vellacott"), ("Odalys", "Prewitt"), ("Kerensa", "Moyle"),
         ("Ysolde", "Farrant"), ("Bettina", "Orcutt"), ("Lunette", "Haskard"), ("Perpetua", "Sallow"),
         ("Noreen", "Quiller"), ("Idony", "Brackett"), ("Maelis", "Corvo"), ("Rosalind", "Tapster")]
# Each document gets the full name once and two more forms, in rotation.
# (form, sentence, the words that name her in it)
FORMS = [
    ("surname", "{L} told investigators that the officer had threatened her.", "{L}"),
    ("possessive", "{L}'s cellmate later confirmed the account.", "{L}"),
    ("initials", "Court papers identify the woman only as {I}.", "{I}"),
    ("titled", "Ms {L} was 24 years old at the time.", "Ms {L}"),
    ("quote", "“I was afraid of him every night,” said {F} {L}.", "{F} {L}"),
    ("titled", "Ms. {L} has since been released.", "Ms. {L}"),
]
FULL = ("full name", "The victim, {F} {L}, reported the abuse to a staff member.", "{F} {L}")


def planted_records() -> list[dict]:
    """[{record (with planted text), planted: {first, last, initials, sentences}}]."""
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = [g for g in gold if not g.get("not_relevant") and "sexual_abuse" in g["labels"]["misconduct"]][:len(NAMES)]
    out = []
    for i, (g, (first, last)) in enumerate(zip(chosen, NAMES)):
        initials = f"{first[0]}.{last[0]}."
        fill = {"F": first, "L": last, "I": initials}
        forms = [FULL] + [FORMS[(2 * i + k) % len(FORMS)] for k in range(2)]
        mentions = [{"form": f, "sentence": t.format(**fill), "name": n.format(**fill)} for f, t, n in forms]
        sentences = [m["sentence"] for m in mentions]
        paragraphs = g["text"].split("\n\n")
        at = min(2, len(paragraphs))
        text = "\n\n".join(paragraphs[:at] + [" ".join(sentences)] + paragraphs[at:])
        record = {k: g[k] for k in ("id", "url", "publisher", "source_kind", "licence", "published", "title", "text_is_excerpt")}
        record["text"] = text
        out.append({"record": record, "first": first, "last": last, "initials": initials, "sentences": sentences,
                    "mentions": mentions,
                    "defendants": [d["name"] for d in g["labels"]["defendants"] if d.get("name")]})
    return out
