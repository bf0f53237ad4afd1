"""`casebook_cues`: regex cues from cues.jsonl (misconduct, stage, inmate gender) as doc.spans["cues"]."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from annotate.text import furniture_ranges, in_ranges, leading_literals, lower_text_of, read_regex_patterns


@Language.factory("casebook_cues", default_config={"patterns_path": None})
def make_cues(nlp: Language, name: str, patterns_path: str):
    # Case-insensitive cues, run on the lower-cased text (same offsets) for speed.
    return CueMatcher(read_regex_patterns(patterns_path, flags=0, lowercase=True))


def gate_of(regex) -> tuple[str, ...] | None:
    """The strings one of which a text must hold for the regex to match there (None: no such gate)."""
    found = leading_literals(regex.pattern)
    return tuple(sorted(found)) if found else None


class CueMatcher:
    def __init__(self, patterns):
        # (label, regex, gate): a text holding none of a pattern's leading words is not scanned for it
        self.patterns = [(label, regex, gate_of(regex)) for label, regex in patterns]

    def __call__(self, doc: Doc) -> Doc:
        text = lower_text_of(doc)
        furniture = furniture_ranges(doc)
        spans = []
        for label, regex, gate in self.patterns:
            if gate is not None and not any(word in text for word in gate):
                continue
            for m in regex.finditer(text):
                if furniture and in_ranges(m.start(), furniture):
                    continue
                span = doc.char_span(m.start(), m.end(), label=label, alignment_mode="expand")
                if span is not None and len(span):
                    spans.append(span)
        spans.sort(key=lambda s: (s.start_char, s.end_char, s.label_))
        doc.spans["cues"] = spans  # assign: running twice gives the same result
        return doc


def cue_spans(doc: Doc, prefix: str) -> list[Span]:
    """Cue spans whose label starts with prefix ("MISCONDUCT:", "STAGE:", "INMATES:")."""
    return [s for s in doc.spans.get("cues", []) if s.label_.startswith(prefix)]


def term_spans(doc: Doc, prefix: str) -> list[Span]:
    """SpanRuler vocabulary hits (roles, contraband) whose label starts with prefix, longest first at each place."""
    spans = [s for s in doc.spans.get("terms", []) if s.label_.startswith(prefix)]
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    out, last_end = [], -1
    for s in spans:
        if s.start >= last_end:
            out.append(s)
            last_end = s.end
    return out
