"""`casebook_stage`: how far the case had gone when the document was published, and the disposition."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from annotate.cues import cue_spans
from annotate.text import text_of, body_start, quote_span, sentence_bounds, sentence_at, fast_compile

# Furthest stage wins among the cues of the title and the lede.
PRIORITY = ["acquitted", "dismissed", "appeal", "sentenced", "convicted", "pleaded_guilty", "charged", "arrested", "investigation"]
LEDE_SENTENCES = 3
# A lede sentence is a real sentence of the story: page furniture ("Advertisement", "Updated") does not count.
LEDE_WORDS = 6
# "convicted by a federal jury", "following a five-day trial", "convictions following trial by jury": a verdict at trial
TRIAL_RE = fast_compile(r"\b(?:jury (?:convicted|found (?!(?:[\w,.'’-]+ ){0,8}not guilty)|returned)|jurors (?:convicted|found (?!(?:[\w,.'’-]+ ){0,8}not guilty))|convicted (?:by|after|following) (?:a )?(?:\w+ )?(?:jury|trial)|found guilty (?:by|after|following|at)|(?:after|following) (?:a |an )?(?:\w+[- ])*trial|trial by jury|convicted at trial|at trial|jury trial|trial jury|guilty verdict|verdict)\b", re.I)
# "pleaded guilty", "after pleading guilty", "entered a guilty plea"; UK and Commonwealth news say "admitted":
# "A former prison officer has admitted misconduct in public office" (constructed), "admitted two counts of"
PLEA_RE = fast_compile(r"\b(?:plead(?:ed|s|ing)? guilty|pled guilty|guilty pleas?|plea agreement|admitted (?:the )?(?:offen[cs]es?|charges?)"
                     r"|(?:has|have|had) admitted|admit(?:s|ted|ting)? (?:a |an |one |two |three |four |five |six |\d+ )?(?:charges?|counts?|offen[cs]es?|misconduct|conveying|smuggling|bribery|possessing|supplying|conspiracy|accepting|taking|bringing|(?:an? )?(?:inappropriate|improper|sexual) (?:relationship|activity|contact))"
                     r"|admitted (?:\w+ ){0,2}(?:at|in|before) (?:\w+ ){0,3}(?:court|magistrates))\b", re.I)
NOT_GUILTY_PLEA_RE = fast_compile(r"\bplead(?:ed|s)? not guilty|pled not guilty|denies the charges?\b", re.I)
# An appellate court's own judgment, read from its heading (constructed): "Court of Appeal, Criminal Division",
# "UNITED STATES COURT OF APPEALS FOR THE NINTH CIRCUIT", "JANE ROE, Appellant", "Defendant-Appellant"
APPEAL_HEAD_RE = fast_compile(r"\b(?:COURT OF (?:CRIMINAL )?APPEALS?|Court of (?:Criminal )?Appeals?|Defendants?-Appellants?|Appellants?\b|EWCA Crim|Criminal Appeal from|ON APPEAL FROM|Appeals? from the)", re.I)
APPEAL_HEAD_CHARS = 2500
# a conviction quashed on appeal and a retrial sought: the case is pending again
RETRIAL_RE = fast_compile(r"\bretrial\b|\bre-trial\b", re.I)
# "arrested" in the headline and "was charged with" soon after (of the arrested officer, whether named or not)
ARREST_CHARGE_CHARS = 600
UPGRADE_FROM = {"pleaded_guilty": ("sentenced",), "convicted": ("sentenced",), "arrested": ("charged",)}


@Language.factory("casebook_stage")
def make_stage(nlp: Language, name: str):
    return tag_stage


def lede_end_of(doc: Doc, text: str, b: int) -> int:
    """End of the lede: the first LEDE_SENTENCES sentences of the body that have LEDE_WORDS words or more."""
    bounds = [sb for sb in sentence_bounds(doc) if sb[0] >= b]
    if not bounds:
        return len(text)
    n, end = 0, bounds[-1][1]
    for s, e in bounds:
        if len(text[s:e].split()) >= LEDE_WORDS:
            n += 1
            if n == LEDE_SENTENCES:
                end = e
                break
    return end


def furthest(pool):
    return min(pool, key=lambda c: (PRIORITY.index(c.label_.split(":", 1)[1]), c.start_char)) if pool else None


def stage_of(c) -> str | None:
    return c.label_.split(":", 1)[1] if c is not None else None


def pick(pool):
    """The furthest stage of a pool of cues; an acquittal on some counts beside a conviction is not an acquittal."""
    chosen = furthest(pool)
    if stage_of(chosen) == "acquitted":
        rest = [c for c in pool if stage_of(c) in ("sentenced", "convicted", "pleaded_guilty", "appeal")]
        if rest:
            chosen = furthest(rest)
    return chosen


def tag_stage(doc: Doc) -> Doc:
    text = text_of(doc)
    b = body_start(doc)
    lede_end = lede_end_of(doc, text, b)
    cues = [c for c in cue_spans(doc, "STAGE:")
            if c.label_ == "STAGE:charged" or not NOT_GUILTY_PLEA_RE.search(text, max(0, c.start_char - 5), c.end_char + 5)]
    title_cues = [c for c in cues if c.start_char < b]
    lede_cues = [c for c in cues if b <= c.start_char < lede_end]
    body_cues = [c for c in cues if c.start_char >= b and c.label_ != "STAGE:investigation"]
    chosen = None
    for pool in (title_cues + lede_cues, body_cues):
        if pool:
            chosen = pick(pool)
            break
    stage = stage_of(chosen)
    if stage == "convicted" and PLEA_RE.search(text) and not TRIAL_RE.search(text):
        # headlines say "convicted" of a guilty plea: read on in the body for how far it went
        later = [c for c in body_cues if c.label_ == "STAGE:sentenced"]
        chosen = later[0] if later else next((c for c in cues if c.label_ == "STAGE:pleaded_guilty"), chosen)
        stage = stage_of(chosen)
    defendants = list(doc.spans.get("defendants", []))
    if stage in UPGRADE_FROM and defendants:
        # "pleads guilty" in the headline, "was sentenced to two years" further down about the same person;
        # "arrested" in the headline, "was charged with" in the body
        principal = defendants[0]
        mentions = doc.user_data.get("casebook_mentions", {}).get(principal.start_char, [(principal.start_char, principal.end_char)])
        named = {sentence_at(doc, ms) for ms, _ in mentions}
        if len(defendants) == 1:
            named |= {sentence_at(doc, c.start_char) for c in title_cues + lede_cues}
        later = [c for c in body_cues if stage_of(c) in UPGRADE_FROM[stage]
                 and (sentence_at(doc, c.start_char) in named or (stage == "arrested" and c.start_char < lede_end + ARREST_CHARGE_CHARS))]
        if later:
            chosen, stage = later[0], stage_of(later[0])
    # a judgment's heading is its first page; in a press release or news story only the headline says the
    # text is about an appeal ("... the U.S. Court of Appeals for the Fifth Circuit held" is history)
    meta = doc.user_data.get("casebook_meta", {})
    judgment = meta.get("source_kind") in ("court_judgment", "court_sentencing_remarks")
    head_end = min(len(text), b + APPEAL_HEAD_CHARS) if judgment else b
    head_text = text[:head_end]
    head = APPEAL_HEAD_RE.search(text, 0, head_end) if ("ppeal" in head_text or "PPEAL" in head_text or "EWCA" in head_text) else None
    if head and stage not in ("acquitted", "dismissed"):
        # a judgment of an appellate court: the case is on appeal whatever the judgment recounts
        chosen = next((c for c in cues if c.label_ == "STAGE:appeal" and c.start_char < b + APPEAL_HEAD_CHARS), None)
        stage = "appeal"
    scope = doc.user_data.get("casebook_example_scope")
    if scope:
        # an example case further down a report: its own sentences say how far it went
        pool = [c for c in cues if scope[0] <= c.start_char < scope[1] and c.label_ != "STAGE:investigation"]
        chosen = pick(pool)
        stage = stage_of(chosen)
    elif not defendants and meta.get("source_kind") == "government_report" and stage != "investigation":
        # a report's figures ("272 correctional officers were arrested") are not the stage of a case
        chosen, stage = None, None
    disposition = None
    if stage in ("sentenced", "pleaded_guilty", "convicted"):
        if stage == "pleaded_guilty" or (PLEA_RE.search(text) and not TRIAL_RE.search(text)):
            disposition = "pleaded_guilty"
        elif stage == "convicted" or TRIAL_RE.search(text):
            disposition = "convicted_at_trial"
    elif stage == "appeal":
        # how the conviction under appeal came about, if the text says; a quashed conviction sent for retrial is pending
        if RETRIAL_RE.search(text):
            disposition = "pending"
        elif TRIAL_RE.search(text):
            disposition = "convicted_at_trial"
        elif PLEA_RE.search(text):
            disposition = "pleaded_guilty"
    elif stage == "charged":
        disposition = "pending"
    elif stage in ("acquitted", "dismissed"):
        disposition = stage
    # "arrested" (no charge yet) and "investigation" have no disposition
    doc._.stage = stage
    doc._.disposition = disposition
    evidence = dict(doc._.evidence or {})
    if chosen is None and head is not None and stage == "appeal":
        evidence["stage"] = quote_span(doc, head.start(), head.end())
    elif chosen is not None:
        evidence["stage"] = quote_span(doc, chosen.start_char, chosen.end_char)
    else:
        evidence.pop("stage", None)
    doc._.evidence = evidence
    return doc
