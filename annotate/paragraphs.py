"""`casebook_paragraphs`: a line break always ends a sentence (titles and headings carry no full stop)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("casebook_paragraphs")
def make_paragraphs(nlp: Language, name: str):
    return mark_paragraphs


def mark_paragraphs(doc: Doc) -> Doc:
    """Mark the token after any whitespace holding a newline as a sentence start; others stay unset."""
    n = len(doc)
    for i, token in enumerate(doc):
        if i + 1 < n and "\n" in token.whitespace_ + (token.text if token.is_space else ""):
            doc[i + 1].is_sent_start = True
    if n:
        doc[0].is_sent_start = True
    return doc
