"""`casebook_stage`: how far the case had gone when the document was published, and the disposition."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from annotate.cues import cue_spans
from annotate.text import text_of, body_start, quote_span, sentence_bounds

# Furthest stage wins among the cues of the title and the lede.
PRIORITY = ["acquitted", "dismissed", "appeal", "sentenced", "convicted", "pleaded_guilty", "charged", "arrested", "investigation"]
LEDE_SENTENCES = 3
# "convicted by a federal jury", "following a five-day trial": the verdict came at trial
TRIAL_RE = re.compile(r"\b(?:jury (?:convicted|found|returned)|convicted (?:by|after|following) (?:a )?(?:\w+ )?(?:jury|trial)|found guilty (?:by|after|following|at)|after a (?:\w+[- ])*trial|following a (?:\w+[- ])*trial|convicted at trial|at trial|jury trial|trial jury|guilty verdict|verdict)\b", re.I)
PLEA_RE = re.compile(r"\b(?:plead(?:ed|s)? guilty|pled guilty|guilty pleas?|plea agreement|admitted (?:the )?(?:offen[cs]es?|charges?))\b", re.I)
NOT_GUILTY_PLEA_RE = re.compile(r"\bplead(?:ed|s)? not guilty|pled not guilty|denies the charges?\b", re.I)


@Language.factory("casebook_stage")
def make_stage(nlp: Language, name: str):
    return tag_stage


def tag_stage(doc: Doc) -> Doc:
    text = text_of(doc)
    b = body_start(doc)
    bounds = [sb for sb in sentence_bounds(doc) if sb[0] >= b]
    lede_end = bounds[min(LEDE_SENTENCES, len(bounds)) - 1][1] if bounds else len(text)
    cues = [c for c in cue_spans(doc, "STAGE:") if not NOT_GUILTY_PLEA_RE.search(text, max(0, c.start_char - 5), c.end_char + 5)]
    title_cues = [c for c in cues if c.start_char < b]
    lede_cues = [c for c in cues if b <= c.start_char < lede_end]
    body_cues = [c for c in cues if c.start_char >= b and c.label_ != "STAGE:investigation"]
    chosen = None
    for pool in (title_cues + lede_cues, body_cues):
        if pool:
            chosen = min(pool, key=lambda c: (PRIORITY.index(c.label_.split(":", 1)[1]), c.start_char))
            break
    stage = chosen.label_.split(":", 1)[1] if chosen else None
    if stage == "convicted" and PLEA_RE.search(text) and not TRIAL_RE.search(text):
        # headlines say "convicted" of a guilty plea: read on in the body for how far it went
        later = [c for c in body_cues if c.label_ == "STAGE:sentenced"]
        chosen = later[0] if later else next((c for c in cues if c.label_ == "STAGE:pleaded_guilty"), chosen)
        stage = chosen.label_.split(":", 1)[1]
    meta = doc.user_data.get("casebook_meta", {})
    scope = doc.user_data.get("casebook_example_scope")
    if scope:
        # an example case further down a report: its own sentences say how far it went
        pool = [c for c in cues if scope[0] <= c.start_char < scope[1] and c.label_ != "STAGE:investigation"]
        chosen = min(pool, key=lambda c: (PRIORITY.index(c.label_.split(":", 1)[1]), c.start_char)) if pool else None
        stage = chosen.label_.split(":", 1)[1] if chosen else None
    elif not doc.spans.get("defendants") and meta.get("source_kind") == "government_report" and stage != "investigation":
        # a report's figures ("272 correctional officers were arrested") are not the stage of a case
        chosen, stage = None, None
    disposition = None
    if stage in ("sentenced", "pleaded_guilty", "convicted", "appeal"):
        if stage == "pleaded_guilty" or (PLEA_RE.search(text) and not TRIAL_RE.search(text)):
            disposition = "pleaded_guilty"
        elif stage == "convicted" or TRIAL_RE.search(text):
            disposition = "convicted_at_trial"
        elif PLEA_RE.search(text):
            disposition = "pleaded_guilty"
    elif stage in ("charged", "arrested"):
        disposition = "pending"
    elif stage in ("acquitted", "dismissed"):
        disposition = stage
    doc._.stage = stage
    doc._.disposition = disposition
    evidence = dict(doc._.evidence or {})
    if chosen is not None:
        evidence["stage"] = quote_span(doc, chosen.start_char, chosen.end_char)
    else:
        evidence.pop("stage", None)
    doc._.evidence = evidence
    return doc
