"""`casebook_paragraphs`: a line break always ends a sentence (titles and headings carry no full stop)."""

from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from annotate.text import text_of

# The first visible character after a line break: "...in Lexington\n\nA Kentucky man was sentenced"
LINE_START_RE = re.compile(r"\n\s*(?=\S)")


@Language.factory("casebook_paragraphs")
def make_paragraphs(nlp: Language, name: str):
    return mark_paragraphs


def mark_paragraphs(doc: Doc) -> Doc:
    """Mark the first token of every line as a sentence start; the sentencizer fills in the rest.

    All marks are written in one from_array call: Token.is_sent_start's setter scans the whole Doc for a
    parse on every call, which made this component quadratic (minutes on a 1,000,000-character text).
    """
    if not len(doc):
        return doc
    if doc.has_annotation("DEP"):
        raise ValueError("casebook_paragraphs must run before the parser: a parsed Doc has its sentences")
    starts = doc.to_array("IDX").astype(numpy.int64)
    lengths = doc.to_array("LENGTH").astype(numpy.int64)
    firsts = [m.end() for m in LINE_START_RE.finditer(text_of(doc))]
    # the token holding each line's first character (what doc.char_span(c, c + 1, "expand") gives)
    tokens = numpy.searchsorted(starts, numpy.array(firsts, dtype=numpy.int64), side="right") - 1
    at_space = (tokens >= 0) & (numpy.array(firsts, dtype=numpy.int64) == starts[tokens] + lengths[tokens])
    tokens = tokens + at_space
    tokens = tokens[(tokens > 0) & (tokens < len(doc))]
    sent_starts = doc.to_array(SENT_START)
    sent_starts[0] = 1
    sent_starts[tokens] = 1
    doc.from_array([SENT_START], sent_starts)
    return doc
