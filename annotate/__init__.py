"""The annotator: a spaCy pipeline, assembled from config.cfg, that tags documents with the schema's labels."""

from annotate.pipeline import PIPELINE_VERSION, annotate_records, load_nlp

__all__ = ["PIPELINE_VERSION", "annotate_records", "load_nlp"]
