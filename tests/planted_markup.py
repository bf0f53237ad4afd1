"""A small corpus with markup and `javascript:` planted in every field a page shows, for the escaping tests.

One imported document (invented names, constructed sentences) with <script> in its title, text and publisher, an
http(s) URL that tries to break out of an attribute, and `javascript:` in its title and text (import accepts only
http(s) URLs, so `javascript:` gets in as text); and one manual case record with <script>, an onmouseover attribute
and `javascript:` in its summary, a timeline fact, a quote and its warning signs. A page that escapes everything
shows these strings as text; a page that does not runs alert() or makes a javascript: link.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DOC_ID = "planted-markup-officer-sentenced"
CASE_ID = "planted-markup-2020-orla-pennick"
MARK = "<script>alert('planted')</script>"
JS_LINK = "javascript:alert('planted-link')"
URL = "https://example.org/release?a=\"><script>alert('url')</script>"

DOCUMENT = {
    "id": DOC_ID,
    "url": URL,
    "publisher": f"U.S. Attorney's Office, District of Nowhere {MARK}",
    "source_kind": "us_federal_press_release",
    "licence": "public-domain-us-gov",
    "published": "2021-03-04",
    "title": f"Former correctional officer sentenced for smuggling contraband {MARK} {JS_LINK}",
    "text": (
        "A former correctional officer at the Federal Correctional Institution in Fairhaven, Darnell Quimby, 41, "
        "was sentenced today to 24 months in federal prison for smuggling contraband into the prison in exchange "
        f"for bribes from inmates. {MARK} See {JS_LINK} and <img src=x onerror=alert('img')>. Quimby pleaded guilty "
        "in November to accepting bribes from inmates and providing them with cell phones and tobacco."
    ),
}

CASE_RECORD = f"""\
case_group: planted-markup-2020
summary: >-
  {MARK} A constructed case for the escaping tests: {JS_LINK}
facility: {{name: Fairhaven County Jail, kind: county_jail, place: "Fairhaven, Ohio"}}
jurisdiction: {{country: US, region: Ohio, system: state}}
inmate_gender: male
defendants:
  - name: Orla Pennick
    gender: female
    role: correctional_officer
    misconduct: [contraband_smuggling]
    contraband: [phone]
    timeline:
      - date: 2020-05-01
        stage: charged
        fact: "<b onmouseover=alert('fact')>Charged</b> with smuggling phones; {JS_LINK}"
        source: "https://example.org/news?b=\\"><script>alert('source')</script>"
        quote: "{MARK}"
    warning_signs:
      - "{JS_LINK}"
      - "{MARK} passed phones in a lunch box"
"""


def planted_corpus(tmp_path: Path) -> Path:
    """The corpus folder: the planted document imported the way users import, and the planted case record."""
    from ingest.importer import import_file

    src = tmp_path / "planted.jsonl"
    src.write_text(json.dumps(DOCUMENT) + "\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    import_file(src, corpus)
    (corpus / "cases").mkdir(parents=True, exist_ok=True)
    (corpus / "cases" / "planted-markup-2020.yml").write_text(CASE_RECORD, encoding="utf-8")
    return corpus


@pytest.fixture(scope="module")
def planted_server(tmp_path_factory):
    """A real Datasette over a database built from the planted-markup corpus: (base URL, database path)."""
    from db.build import build
    from tests.conftest import running_datasette, stop

    tmp = tmp_path_factory.mktemp("planted")
    db_path = tmp / "casebook.db"
    build(planted_corpus(tmp), db_path)
    proc, base = running_datasette(db_path)
    yield base, db_path
    stop(proc)


def planted_pages(db_path) -> list[str]:
    """Every page that shows a planted value (the case built from the document is found by its document)."""
    import sqlite3

    doc_case = sqlite3.connect(db_path).execute("select id from cases where latest_document_id = ?", [DOC_ID]).fetchone()[0]
    return [f"/casebook/cases/{CASE_ID}", f"/casebook/cases/{doc_case}", "/casebook/cases",
            "/casebook/cases?_allcols=1", f"/casebook/documents/{DOC_ID}", "/casebook/documents",
            "/casebook/documents?_search=Quimby", "/casebook/case_documents", "/casebook/case_warning_signs",
            "/casebook/new_cases_feed", "/casebook/policy_outcomes_with_citations?status=alleged", "/methodology",
            "/-/search?q=Quimby"]
