"""`casebook_relevance`: is this document about custody staff's misconduct involving people in custody?

Relevant: a specific case, or official figures and findings about such misconduct.
Not relevant: inmates assaulting staff, visitors smuggling alone, policy with no misconduct in it.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from annotate.cues import cue_count, cue_spans
from annotate.text import text_of, quote_span

# Staff and misconduct in one sentence: "a small minority continue to engage in corrupt behaviour in our prisons"
# Staff and misconduct in one sentence. Real examples, one per branch:
#   "a small minority continue to engage in corrupt behaviour in our prisons" (staff word ... misconduct word)
#   "sexually victimized by other prisoners and corrections staff" (misconduct word ... by staff)
#   "contraband smuggling by local, state, and federal prison officials"
#   "staff-on-youth sexual violence", "staff sexual misconduct"
# "staf" is how PDF text loses the ff ligature: "sexual victimization by facility staf".
STAFF_WORDS = r"(?:staff?|officers?|guards?|employees?|jailers?|wardens?|personnel|COs|nurses?|(?:prison|jail|corrections?|correctional) officials?)"
STAFF_MISCONDUCT_RE = re.compile(
    rf"\b{STAFF_WORDS}\b[^.]{{0,160}}\b(?:corrupt\w*|misconduct|abus\w+|smuggl\w*|brib\w*|arrested|convicted|dismissed|disciplin\w+|relationships?|contraband|wrongdoing)\b"
    rf"|\b(?:corrupt\w*|misconduct|abuse|smuggling|bribery|relationships?|victimi[sz]\w*|harassment)\b[^.]{{0,80}}\b(?:by|of|involving|against|with) (?:[\w,]+ ){{0,4}}{STAFF_WORDS}(?![\w-])"
    r"|\bstaff[- ](?:initiated|on[- ](?:inmates?|youth|juveniles?|prisoners?|detainees?)|sexual|corruption|misconduct)\b",
    re.I,
)
MIN_CUSTODY = 2


@Language.factory("casebook_relevance")
def make_relevance(nlp: Language, name: str):
    return tag_relevance


def tag_relevance(doc: Doc) -> Doc:
    text = text_of(doc)
    custody = cue_count(doc, "CUSTODY")
    policy = cue_spans(doc, "GENRE:policy")
    defendants = [d for d in doc.spans.get("defendants", []) if d._.role]
    misconduct = doc._.misconduct or []
    staff_misconduct = STAFF_MISCONDUCT_RE.search(text)
    evidence = dict(doc._.evidence or {})
    relevant = False
    quote_at = None
    if custody >= MIN_CUSTODY:
        if defendants and misconduct:
            relevant = True
            quote_at = (doc._.evidence or {}).get("misconduct")
        elif staff_misconduct and not policy:
            relevant = True
            quote_at = staff_misconduct
    doc._.relevant = relevant
    if relevant and quote_at is not None:
        if hasattr(quote_at, "start_char"):
            evidence["relevant"] = quote_at
        else:
            evidence["relevant"] = quote_span(doc, quote_at.start(), quote_at.end())
    else:
        evidence.pop("relevant", None)
    doc._.evidence = evidence
    return doc
