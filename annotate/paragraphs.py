"""`casebook_paragraphs`: a line break always ends a sentence (titles and headings carry no full stop)."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from annotate.text import text_of

# The first visible character after a line break: "...in Lexington\n\nA Kentucky man was sentenced"
LINE_START_RE = re.compile(r"\n\s*(?=\S)")


@Language.factory("casebook_paragraphs")
def make_paragraphs(nlp: Language, name: str):
    return mark_paragraphs


def mark_paragraphs(doc: Doc) -> Doc:
    """Mark the first token of every line as a sentence start; the sentencizer fills in the rest."""
    if len(doc):
        doc[0].is_sent_start = True
    for m in LINE_START_RE.finditer(text_of(doc)):
        span = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
    return doc
