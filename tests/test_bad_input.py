"""Property tests (hypothesis): random and malformed input to every importer and every YAML file.

Whatever comes in, the result is either a clean import or a CasebookError that names the file (and the
line and field where there is one) — never a traceback — and a failed import writes nothing.
"""

from __future__ import annotations

import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.case_records import load_case_file
from casebook.corrections import load_corrections
from casebook.errors import CasebookError, InvalidRecord
from casebook.takedowns import load_takedowns
from ingest.importer import import_file

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
GOOD = {"id": "doc-one", "url": "https://www.justice.gov/opa/pr/one", "publisher": "U.S. Department of Justice",
        "source_kind": "us_federal_press_release", "licence": "public-domain-us-gov", "published": "2024-01-02",
        "title": "Officer sentenced", "text": "A correctional officer was sentenced today for smuggling contraband.",
        "text_is_excerpt": False}
values = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.text(max_size=40),
                   st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2))


@st.composite
def mutated_rows(draw):
    """A valid row with fields dropped, retyped or added."""
    row = dict(GOOD)
    for key in draw(st.lists(st.sampled_from(sorted(GOOD)), max_size=3, unique=True)):
        if draw(st.booleans()):
            row.pop(key)
        else:
            row[key] = draw(values)
    if draw(st.booleans()):
        row[draw(st.text(string.ascii_lowercase, min_size=1, max_size=8))] = draw(values)
    return row


def snapshot(folder):
    return sorted((p.relative_to(folder).as_posix(), p.read_bytes()) for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


OUTCOMES = {"ok": 0, "error": 0}


def check(path, corpus, call, rows=False):
    before = snapshot(corpus)
    try:
        call()
        OUTCOMES["ok"] += 1
    except CasebookError as e:
        OUTCOMES["error"] += 1
        assert path.name in str(e), str(e)  # names the file
        assert isinstance(e, InvalidRecord) and e.field, str(e)  # and the field ("(file)", "(line)" for whole-file faults)
        if rows and e.field not in ("(file)", "(header)", "(sidecar)"):
            assert e.line is not None, str(e)  # a row's problem names its line
        assert snapshot(corpus) == before  # and nothing was half-written


@SETTINGS
@given(rows=st.lists(mutated_rows(), min_size=1, max_size=4), junk=st.lists(st.text(max_size=30), max_size=2))
def test_jsonl_rows(tmp_path_factory, rows, junk):
    tmp = tmp_path_factory.mktemp("jsonl")
    path = tmp / "in.jsonl"
    lines = [json.dumps(r, default=str) for r in rows] + junk
    path.write_text("\n".join(lines), encoding="utf-8")
    check(path, tmp / "corpus", lambda: import_file(path, tmp / "corpus"), rows=True)


@SETTINGS
@given(text=st.text(max_size=300))
def test_csv_text(tmp_path_factory, text):
    tmp = tmp_path_factory.mktemp("csv")
    path = tmp / "in.csv"
    header = "id,url,publisher,source_kind,licence,published,title,text,text_is_excerpt\n"
    path.write_text(header + text if text[:1] != "#" else text, encoding="utf-8")
    check(path, tmp / "corpus", lambda: import_file(path, tmp / "corpus"), rows=True)


@SETTINGS
@given(body=st.binary(max_size=400), meta=st.one_of(st.text(max_size=200), st.just(
    "id: local-doc\nurl: https://www.justice.gov/a\npublisher: DOJ\nsource_kind: us_federal_press_release\n"
    "licence: public-domain-us-gov\n")), suffix=st.sampled_from(["html", "txt", "pdf"]))
def test_local_files_with_sidecars(tmp_path_factory, body, meta, suffix):
    tmp = tmp_path_factory.mktemp("local")
    path = tmp / f"doc.{suffix}"
    path.write_bytes((b"%PDF-1.4\n" if suffix == "pdf" else b"") + body)
    (tmp / f"doc.{suffix}.meta.yml").write_text(meta, encoding="utf-8")
    check(path, tmp / "corpus", lambda: import_file(path, tmp / "corpus"))


yaml_text = st.one_of(
    st.text(max_size=300),
    st.builds(lambda k, v: f"{k}: {v}\n", st.sampled_from(["case_group", "defendants", "corrections", "takedowns", "summary"]),
              st.text(string.printable, max_size=60)),
    st.builds(lambda v: f"corrections:\n  - document: x\n    field: {v}\n    value: 1\n", st.text(string.ascii_letters, max_size=12)),
    st.builds(lambda v: f"takedowns:\n  - case: {v}\n", st.text(string.printable, max_size=20)),
)


@SETTINGS
@given(text=yaml_text)
def test_case_records_corrections_and_takedowns(tmp_path_factory, text):
    tmp = tmp_path_factory.mktemp("yaml")
    (tmp / "cases").mkdir()
    for name, load, path in (("case", lambda: load_case_file(tmp / "cases" / "x.yml"), tmp / "cases" / "x.yml"),
                             ("corrections", lambda: load_corrections(tmp), tmp / "corrections.yml"),
                             ("takedowns", lambda: load_takedowns(tmp), tmp / "takedowns.yml")):
        path.write_text(text, encoding="utf-8")
        check(path, tmp / "corpus", load)


def test_the_properties_saw_both_outcomes():
    """Runs last in this file: the generators produced both good input and bad input."""
    assert OUTCOMES["error"] > 50 and OUTCOMES["ok"] > 0, OUTCOMES
