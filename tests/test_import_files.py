"""`casebook import` of CSV tables and of local HTML, PDF and TXT files with a metadata sidecar."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from casebook.cli import cli
from casebook.corpus import load_corpus
from casebook.errors import CasebookError
from ingest.importer import import_file

TEXT = ("A former correctional officer at the Example County Jail was sentenced today to 24 months in prison for "
        "smuggling methamphetamine to inmates in exchange for cash payments.")
META = ("id: local-{name}\nurl: https://www.justice.gov/usao-ndex/pr/{name}\npublisher: U.S. Department of Justice\n"
        "source_kind: us_federal_press_release\nlicence: public-domain-us-gov\npublished: 2024-03-05\n")


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF with the text in Helvetica, byte offsets computed (a real file pypdf reads)."""
    stream = f"BT /F1 10 Tf 20 700 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (Officer sentenced) >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def csv_row(**kw):
    row = {"id": "csv-one", "url": "https://www.justice.gov/opa/pr/one", "publisher": "U.S. Department of Justice",
           "source_kind": "us_federal_press_release", "licence": "public-domain-us-gov", "published": "2024-01-02",
           "title": "Jail officer sentenced", "text": TEXT, "text_is_excerpt": "false"}
    row.update(kw)
    return row


def test_csv_rows_are_imported_with_types_restored(tmp_path):
    path = write_csv(tmp_path / "docs.csv", [csv_row(), csv_row(id="csv-two", published="", text_is_excerpt="true")])
    summary = import_file(path, tmp_path / "corpus")
    assert len(summary["new"]) == 2
    docs = {d["id"]: d for d in load_corpus(tmp_path / "corpus")}
    assert docs["csv-two"]["published"] is None and docs["csv-two"]["text_is_excerpt"] is True
    assert docs["csv-one"]["text_is_excerpt"] is False


def test_a_bad_csv_cell_names_file_line_and_field_and_writes_nothing(tmp_path):
    path = write_csv(tmp_path / "docs.csv", [csv_row(), csv_row(id="csv-two", licence="all-rights-reserved")])
    with pytest.raises(CasebookError) as e:
        import_file(path, tmp_path / "corpus")
    assert "docs.csv:3: licence:" in str(e.value) and "nothing was imported" in str(e.value)
    assert not (tmp_path / "corpus").exists()


@pytest.mark.parametrize("suffix", ["html", "pdf", "txt"])
def test_local_files_with_a_sidecar(tmp_path, suffix):
    name = f"report-{suffix}"
    path = tmp_path / f"{name}.{suffix}"
    if suffix == "html":
        path.write_text(f"<html><head><title>Officer sentenced</title></head><body><nav>Menu</nav><main><h1>Officer sentenced</h1>"
                        f"<p>{TEXT}</p></main></body></html>", encoding="utf-8")
    elif suffix == "pdf":
        path.write_bytes(tiny_pdf(TEXT[:90]))
    else:
        path.write_text(TEXT, encoding="utf-8")
    (tmp_path / f"{name}.{suffix}.meta.yml").write_text(META.format(name=name), encoding="utf-8")
    summary = import_file(path, tmp_path / "corpus")
    assert summary["new"] == [f"local-{name}"]
    (doc,) = load_corpus(tmp_path / "corpus")
    assert doc["published"] == "2024-03-05" and doc["provenance"]["file_name"] == path.name
    assert doc["text"].startswith(TEXT[:60]) and "Menu" not in doc["text"]
    if suffix != "txt":
        assert doc["title"] == "Officer sentenced"
    assert import_file(path, tmp_path / "corpus")["unchanged"] == [f"local-{name}"]


def test_a_local_file_without_its_sidecar_says_what_to_write(tmp_path):
    path = tmp_path / "lonely.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(path), "--corpus", str(tmp_path / "corpus")])
    assert result.exit_code == 1 and "lonely.txt: (sidecar)" in result.output and "lonely.txt.meta.yml" in result.output


def test_a_broken_pdf_is_named_not_a_traceback(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nnot really")
    (tmp_path / "broken.pdf.meta.yml").write_text(META.format(name="broken"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(path), "--corpus", str(tmp_path / "corpus")])
    assert result.exit_code == 1 and "broken.pdf" in result.output and "Traceback" not in result.output


def test_news_text_from_a_local_file_is_refused_beyond_a_short_quote(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text(TEXT * 3, encoding="utf-8")
    (tmp_path / "news.txt.meta.yml").write_text(
        "id: news-one\nurl: https://news.example.com/a\npublisher: Example News\nsource_kind: news_report\nlicence: copyrighted\n",
        encoding="utf-8")
    with pytest.raises(CasebookError, match="short quote"):
        import_file(path, tmp_path / "corpus")
