"""`casebook_misconduct`: what the staff member did (misconduct, multi-label) and what was smuggled (contraband)."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from annotate.cues import cue_spans, term_spans
from annotate.text import text_of, body_start, furniture_ranges, in_ranges, quote_span, sentence_at, fast_compile

# A contraband word counts only where something is carried, found or sold:
# "A total of 11 tobacco pouches were discovered ... they were found to contain heroin and cannabis"
CONVEY_RE = fast_compile(
    r"\b(?:smuggl\w*|contraband|bring\w*|brought|introduc\w*|provid\w*|deliver\w*|suppl\w*|sell\w*|sold|distribut\w*|"
    r"possess\w*|conceal\w*|hid(?:den|e|ing)?|carr(?:y|ied|ying)|traffick\w*|pass\w*|gave|giv\w*|found|discovered|seized|"
    r"recovered|convey\w*|take|took|taking|obtain\w*|furnish\w*|items?|including|such as|goods|articles?|prohibited|illicit)\b",
    re.I,
)
# An item word that names no item carried: an inmate "using a cellphone", "cellphone records", "alcohol
# withdrawal", "a drug test" (constructed examples); "talking over a cellphone", but "handed over a phone" is carried
NOT_CARRIED_BEFORE_RE = fast_compile(r"\b(?:using|used|uses|via|(?<!handed )(?<!turned )(?<!passed )(?<!hands )(?<!hand )over) (?:an? |the |his |her |their |contraband |smuggled |illegal |illicit )*$", re.I)
NOT_CARRIED_AFTER_RE = fast_compile(r"^[’']?s? ?(?:records?|calls?|number|blocking|bills?|logs?|withdrawal|addiction|tests?|testing|treatment|rehab\w*|screen\w*)\b", re.I)
# Cues that only mean excessive force when no sexual case is described ("resulting in bodily injury").
# "use of unnecessary force" is never weak.
WEAK_FORCE_RE = fast_compile(r"^(?:bodily injury|choked?|kick\w*|punch\w*|(?:used|using|use of) (?!unnecessary|unjustified)(?:\w+ ){0,2}force)$", re.I)
# An escape is staff misconduct only where someone helps it, in the same sentence:
#   "tools smuggled in to help two men escape" / "charged with promoting prison contraband ... in the escape"
# and not "inmates ... coordinate escape attempts" or "when an inmate escapes during an unescorted transfer".
ESCAPE_HELP_RE = fast_compile(
    r"\b(?:help\w*|aid\w*|assist\w*|facilitat\w*|smuggl\w*|provid\w*|supplied|gave|tools?|hacksaw\w*|blades?|chisels?|"
    r"plan\w*|plot\w*|conspir\w*|promot\w*|allow\w*|let|drove|driv\w*|getaway|harbo\w*|escape of)\b",
    re.I,
)


@Language.factory("casebook_misconduct")
def make_misconduct(nlp: Language, name: str):
    return tag_misconduct


def tag_misconduct(doc: Doc) -> Doc:
    text = text_of(doc)
    evidence = dict(doc._.evidence or {})
    found: dict[str, object] = {}
    for span in cue_spans(doc, "MISCONDUCT:"):
        label = span.label_.split(":", 1)[1]
        if label == "escape_assistance" and not ESCAPE_HELP_RE.search(text, *sentence_at(doc, span.start_char)):
            continue
        found.setdefault(label, span)
    if "excessive_force" in found and "sexual_abuse" in found and WEAK_FORCE_RE.match(found["excessive_force"].text):
        del found["excessive_force"]
    # "bribe" alone in a document that describes no smuggling is still bribery; smuggling needs a staff tie.
    misconduct = sorted(found)
    contraband: dict[str, object] = {}
    if "contraband_smuggling" in found or "bribery" in found:
        b = body_start(doc)
        furniture = furniture_ranges(doc)
        for span in term_spans(doc, "CONTRABAND:"):
            if furniture and in_ranges(span.start_char, furniture):
                continue
            if NOT_CARRIED_BEFORE_RE.search(text, max(0, span.start_char - 40), span.start_char) \
                    or NOT_CARRIED_AFTER_RE.match(text[span.end_char: span.end_char + 20].lstrip(" ")):
                continue
            s_start, s_end = sentence_at(doc, span.start_char)
            prev_start = sentence_at(doc, max(0, s_start - 1))[0] if s_start > b else s_start
            if span.start_char < b or CONVEY_RE.search(text, prev_start, s_end):
                contraband.setdefault(span.label_.split(":", 1)[1], span)
    doc._.misconduct = misconduct
    doc._.contraband = sorted(contraband)
    if found:
        first = min(found.values(), key=lambda s: s.start_char)
        evidence["misconduct"] = quote_span(doc, first.start_char, first.end_char)
    else:
        evidence.pop("misconduct", None)
    if contraband:
        first = min(contraband.values(), key=lambda s: s.start_char)
        evidence["contraband"] = quote_span(doc, first.start_char, first.end_char)
    else:
        evidence.pop("contraband", None)
    doc._.evidence = evidence
    return doc
