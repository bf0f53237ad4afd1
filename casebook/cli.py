"""The `casebook` command: one subcommand per step of the flow, and `up` for all of them."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from casebook import __version__
from casebook.errors import CasebookError
from casebook.paths import CORPUS_DIR, DB_PATH, METADATA


def friendly_errors(fn):
    """Print a CasebookError (or a missing file) as one line with a hint, never a traceback."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except CasebookError as e:
            click.secho(f"Error: {e}", fg="red", err=True)
            if e.hint:
                click.echo(f"Hint: {e.hint}", err=True)
            sys.exit(1)
        except FileNotFoundError as e:
            click.secho(f"Error: {e.filename}: no such file", fg="red", err=True)
            sys.exit(1)
    return wrapper


def corpus_option(fn):
    return click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path), default=CORPUS_DIR,
                        show_default="the shipped corpus/", help="Corpus folder to work on.")(fn)


def db_option(fn):
    return click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DB_PATH,
                        show_default="db/casebook.db", help="SQLite database file.")(fn)


def serve_options(fn):
    fn = click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")(fn)
    fn = click.option("--port", default=8001, show_default=True, type=int, help="Port to listen on.")(fn)
    # not click's exists=True: serve checks the file itself (missing, not YAML, not a mapping) with a hint
    fn = click.option("--metadata", type=click.Path(path_type=Path), default=METADATA,
                      show_default="metadata.yml", help="Datasette metadata file.")(fn)
    return fn


def progress_bar(label):
    def wrap(iterable, total):
        with click.progressbar(iterable, length=total, label=label, file=sys.stderr) as bar:
            yield from bar
    return wrap


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="casebook")
def cli():
    """Custody Casebook: prosecutions of prison and jail staff, from public documents to Datasette.

    \b
    The flow:  import/ingest -> corpus/ -> annotate -> build (SQLite) -> serve (Datasette)
    Everything at once:  casebook up
    """


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@corpus_option
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows; write the invalid ones to a rejects file.")
@click.option("--rejects", type=click.Path(dir_okay=False, path_type=Path), help="Where --skip-invalid writes rejects (default FILE.rejects.jsonl).")
@friendly_errors
def import_(files, corpus_dir, skip_invalid, rejects):
    """Import documents from files into the corpus (each file all rows or none).

    JSONL or CSV: one document per row, the corpus fields as keys or columns (rows like
    shared/corpus-seed/documents.jsonl; gold records are accepted, their labels ignored).
    HTML, PDF or TXT: one document per file, its metadata in a sidecar FILE.meta.yml
    (id, url, publisher, source_kind, licence, published, title). Re-importing the same
    content changes nothing.

    \b
    Examples:
        casebook import ../shared/corpus-seed/documents.jsonl
        casebook import reports.csv annual-report.pdf
    """
    from ingest.importer import import_file

    for path in files:
        s = import_file(path, corpus_dir, skip_invalid=skip_invalid, rejects_path=rejects)
        click.echo(f"{path}: {len(s['new'])} new, {len(s['updated'])} updated, {len(s['unchanged'])} unchanged, {s['rejected']} rejected")
        for doc_id in s["updated"]:
            click.echo(f"  updated: {doc_id}")
        if s["rejects_file"]:
            click.echo(f"  rejected rows written to {s['rejects_file']}")


@cli.command()
@click.argument("source", type=click.Choice(["doj", "cps", "fcl", "courtlistener", "url"]))
@click.argument("targets", nargs=-1)
@corpus_option
@click.option("--since", metavar="YYYY-MM-DD", help="Only documents published on or after this date.")
@click.option("--until", metavar="YYYY-MM-DD", help="Only documents published on or before this date.")
@click.option("--max", "max_items", type=click.IntRange(min=1), help="Stop after this many documents.")
@click.option("--query", metavar="TERMS", help="Search these terms instead of the configured ones.")
@click.option("--base-url", metavar="URL", help="Read the source from this address (a mirror, or a test server).")
@click.option("--url-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="url: a file of URLs, one per line.")
@click.option("--uri", "uris", multiple=True, metavar="URI", help="fcl: a named judgment (ewca/crim/2024/123); repeatable.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Settings file.  [default: ingest/sources.yml]")
@click.option("--no-progress", is_flag=True, help="No progress bar (for logs).")
@friendly_errors
def ingest(source, targets, corpus_dir, since, until, max_items, query, base_url, url_file, uris, config_path, no_progress):
    """Fetch new prosecution reports from a public source into the corpus.

    Polite (paced, robots.txt, identifying User-Agent), resumable (stop it any time and run it
    again) and filtered: only documents the annotator calls relevant are kept; the others are
    listed with the reason in CORPUS/.ingest/rejected.jsonl, failures in failed.jsonl.

    \b
    Sources:  doj (justice.gov API)   cps (cps.gov.uk news)   courtlistener (needs COURTLISTENER_TOKEN)
              fcl (Find Case Law: named judgments with --uri; bulk only with a licence)   url (any pages)
    \b
    Examples:
        casebook ingest doj --since 2024-01-01 --max 200
        casebook ingest fcl --uri ewca/crim/2024/123
        casebook ingest url https://www.gov.uk/government/news/some-release
    """
    from ingest.run import Options, ingest as run_ingest

    for label, value in (("--since", since), ("--until", until)):
        if value:
            import datetime as dt
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise CasebookError(f"{label}: expected a date YYYY-MM-DD, got {value!r}") from None
    targets = list(targets) + list(uris)
    if url_file:
        targets += [line.strip() for line in url_file.read_text(encoding="utf-8").splitlines()
                    if line.strip() and not line.startswith("#")]
    if source == "url" and not targets:
        raise CasebookError("url: no URLs given", "pass URLs as arguments or --url-file FILE")
    if source not in ("url", "fcl") and targets:
        raise CasebookError(f"{source}: takes no URLs or URIs", "use --query, --since, --until or --max")
    options = Options(since=since, until=until, max_items=max_items, query=query, base_url=base_url, targets=targets)
    counts = run_ingest(source, corpus_dir, options, config_path=config_path, progress=not no_progress)
    click.echo(f"{source}: " + ", ".join(f"{counts[k]} {k}" for k in ("new", "updated", "unchanged", "rejected", "failed")))
    if counts["rejected"] or counts["failed"]:
        click.echo(f"  reasons: {corpus_dir / '.ingest'}/rejected.jsonl and failed.jsonl")


@cli.command()
@click.argument("input_file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write predictions here (default: standard output).")
@corpus_option
@friendly_errors
def annotate(input_file, output, corpus_dir):
    """Tag documents with the schema's labels and evidence quotes.

    With FILE, annotate any JSONL of documents (id, title, text, ...) and write
    {"id", "labels"} lines. Without FILE, annotate the corpus incrementally (cached per
    document hash and pipeline version).

    \b
    Examples:
        casebook annotate ../shared/gold/dev.jsonl -o /tmp/predictions.jsonl
        casebook annotate
    """
    if input_file is None:
        from annotate.cache import annotate_corpus
        from casebook.corpus import load_corpus

        docs = load_corpus(corpus_dir)
        _, n = annotate_corpus(docs, corpus_dir, progress=progress_bar("Annotating"))
        click.echo(f"{len(docs)} documents; {n} annotated, {len(docs) - n} unchanged (cached)", err=True)
        return
    from annotate.pipeline import annotate_records
    from casebook.corpus import iter_jsonl
    from casebook.errors import InvalidRecord

    records = []
    for line, row in iter_jsonl(input_file):
        if not isinstance(row, dict) or not isinstance(row.get("id"), str):
            raise InvalidRecord(input_file, line, "id", "every row needs a text id")
        if not isinstance(row.get("text"), str):
            raise InvalidRecord(input_file, line, "text", "every row needs a text")
        records.append(row)
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        for pred in annotate_records(records):
            out.write(json.dumps(pred, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    if output:
        click.echo(f"{len(records)} documents annotated -> {output}", err=True)


@cli.command(name="eval")
@click.argument("gold_files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--show-errors", "show", multiple=True, metavar="FIELD", help="List the misses of a field ('all' for every field).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), help="Also write the report as JSON (one file: its report; several: by file name).")
@click.option("--bulk", type=click.Path(dir_okay=False, path_type=Path), default=None,
              show_default="../shared/bulk/doj-opa-2009-2018.jsonl.gz", help="Releases behind a relevance-label or case-grouping file.")
@friendly_errors
def eval_(gold_files, show, json_out, bulk):
    """Annotate gold records and score them, as shared/tools/score_annotations.py does, per kind of text.

    A gold file is full records (annotation-schema.md), relevance labels ({id, relevant, why}: scored
    over every bulk release of their years, with and without the `doj` source's keyword pre-filter) or a
    case grouping ({id, defendants}: the staff defendants' names of those bulk releases).

    \b
    Examples:
        casebook eval ../shared/gold/dev.jsonl --show-errors stage
        casebook eval ../shared/gold/*.jsonl
        casebook eval ../shared/gold/doj-opa-relevance-odd-years.jsonl --show-errors relevant
    """
    from annotate.evaluate import (format_kinds, format_names, format_relevance, format_report, names_report,
                                   relevance_report, score, score_by_kind)
    from annotate.goldsets import BULK, load_gold
    from annotate.pipeline import annotate_records

    reports = {}
    for gold_file in gold_files:
        try:
            gold, kind = load_gold(gold_file, bulk or BULK)
        except FileNotFoundError as e:
            raise CasebookError(f"{gold_file}: labels without texts need the bulk releases, and {e.filename} is missing",
                                "pass --bulk PATH, or put ../shared beside this checkout") from None
        except (ValueError, KeyError, TypeError) as e:
            raise CasebookError(f"{gold_file}: not a gold file ({e})", "see ../shared/annotation-schema.md") from None
        if len(gold_files) > 1:
            click.secho(f"== {gold_file}", bold=True)
        preds = annotate_records(gold.values())
        if len(gold) > 500:  # the bulk releases: a minute of work
            preds = progress_bar(f"Annotating {Path(gold_file).name}")(preds, len(gold))
        pred = {p["id"]: p for p in preds}
        if kind == "relevance":
            report = relevance_report(gold, pred)
            click.echo(format_relevance(report, show))
        elif kind == "names":
            report = names_report(gold, pred)
            click.echo(format_names(report, show))
        else:
            report, errors = score(gold, pred)
            report["kinds"] = score_by_kind(gold, pred)
            click.echo(format_report(report, errors, list(show)))
            click.echo(format_kinds(report["kinds"]))
        reports[Path(gold_file).name] = report
    if json_out:
        data = next(iter(reports.values())) if len(gold_files) == 1 else reports
        Path(json_out).write_text(json.dumps(data, indent=2), encoding="utf-8")


def build_options(fn):
    fn = click.option("--full", is_flag=True, help="Rebuild from scratch (the annotation cache is still used).")(fn)
    fn = click.option("--strict", is_flag=True, help="Exit non-zero when a document is quarantined (it is still left out).")(fn)
    fn = click.option("--jobs", type=click.IntRange(min=1), default=None, show_default="every core",
                      help="Processes that annotate new documents.")(fn)
    return fn


@cli.command()
@corpus_option
@db_option
@build_options
@friendly_errors
def build(corpus_dir, db_path, full, strict, jobs):
    """Bring the SQLite database up to date with the corpus, replacing it atomically.

    Only what changed since the last build is annotated, redacted and relinked; an unchanged corpus
    returns at once. Applies CORPUS/takedowns.yml and CORPUS/corrections.yml, links documents into
    cases and withholds victims' names. A document that fails a publication check is left out and
    listed in DB.quarantine.csv; the rest is published (--strict makes that an error).

    \b
    Example:
        casebook build --db /tmp/casebook.db --jobs 2
    """
    from db.build import build as build_db

    s = build_db(corpus_dir, db_path, progress=progress_bar("Building"), full=full, strict=strict, jobs=jobs)
    report_build(s)


def report_build(s: dict) -> None:
    if s["mode"] == "unchanged":
        click.echo(f"{s['db']}: up to date ({s['documents']} documents, {s['cases']} cases; nothing changed in the corpus) "
                   f"in {s['seconds']} s")
        return
    click.echo(f"{s['db']}: {s['documents']} documents ({s['relevant']} relevant), {s['cases']} cases, "
               f"{s['corrections']} corrections; {s['annotated']} annotated this time; {s['mode']} build in {s['seconds']} s")
    for t in s["takedowns"]:
        what = ", ".join(t["removed"]) or "nothing matched"
        click.echo(f"  takedown {t['kind']}: {t['value']} ({t['reason']}): removed {what}")
    if s["quarantined"]:
        from db.build import quarantine_path

        click.secho(f"  {len(s['quarantined'])} document(s) quarantined (left out of the database): "
                    f"see {quarantine_path(s['db'])}", fg="yellow", err=True)


@cli.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@db_option
@click.option("--metadata", type=click.Path(dir_okay=False, path_type=Path), default=METADATA,
              show_default="metadata.yml", help="Datasette metadata: the descriptions, licences and sources.")
@click.option("--overwrite", is_flag=True, help="Replace OUT_DIR if it is not empty.")
@friendly_errors
def export(out_dir, db_path, metadata, overwrite):
    """Write a research data release: one CSV per table, datapackage.json and CODEBOOK.md.

    The data package (Frictionless) gives every field's type and description, each table's keys,
    licence and source, and the build it comes from; check it with `frictionless validate`.

    \b
    Example:
        casebook export release/ && frictionless validate release/datapackage.json
    """
    from db.export import export as export_db

    s = export_db(db_path, out_dir, metadata, overwrite)
    click.echo(f"{s['path']}: {s['tables']} tables, {s['rows']:,} rows, datapackage.json and CODEBOOK.md")


@cli.command()
@db_option
@serve_options
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="Datasette processes over the same read-only file, all on one port: more requests at once "
                   "(one per core is a good start).")
@friendly_errors
def serve(db_path, metadata, host, port, workers):
    """Serve the database with Datasette, read-only, on 127.0.0.1:8001.

    With --workers N, N processes answer on the same port (throughput grows with the cores).

    \b
    Examples:
        casebook serve --port 8002
        casebook serve --workers 2
    """
    from db.serve import serve as serve_db

    serve_db(db_path, metadata, host, port, workers)


@cli.command()
@corpus_option
@db_option
@serve_options
@friendly_errors
def up(corpus_dir, db_path, metadata, host, port):
    """Everything: check the corpus, annotate, build the database and serve it.

    \b
    Example:
        casebook up
    """
    from casebook.corpus import iter_document_paths
    from db.build import build as build_db
    from db.serve import load_metadata, serve as serve_db

    load_metadata(metadata)  # a bad --metadata fails before the build, not after
    if not iter_document_paths(corpus_dir):
        raise CasebookError(f"{corpus_dir}: the corpus has no documents",
                            hint="import some first: casebook import FILE.jsonl --corpus " + str(corpus_dir))
    s = build_db(corpus_dir, db_path, progress=progress_bar("Annotating"))
    report_build(s)
    serve_db(db_path, metadata, host, port)


if __name__ == "__main__":
    cli()
