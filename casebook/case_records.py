"""Manual case records: `corpus/cases/*.yml`, for cases known from news or long reports.

Facts, dates, stages, outcomes and source URLs only, with at most a short quote each (the text of a
news report may not be republished). Every file is validated in full before a build uses it; a bad
value is reported as `file:line: field: problem`. See corpus/cases/README.md for the format.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from casebook.corpus import ID_RE, URL_RE, _check_date
from casebook.licences import SHORT_QUOTE_CHARS
from casebook.vocabulary import (
    CONTRABAND, CURRENCIES, DISPOSITIONS, FACILITY_KINDS, GENDER_DYNAMICS, GENDERS, INMATE_GENDERS, MISCONDUCT, ROLES,
    STAGES, SYSTEMS,
)
from casebook.yamlfile import Checker, load_with_lines

OUTCOME_NUMBERS = ("custody_months", "custody_months_max", "probation_months", "supervised_release_months")
OUTCOME_MONEY = ("fine_amount", "restitution_amount")


def case_files(corpus_dir: Path) -> list[Path]:
    folder = Path(corpus_dir) / "cases"
    return sorted(list(folder.glob("*.yml")) + list(folder.glob("*.yaml")))


def slug(text: str) -> str:
    """"Jorge Rodríguez-Pagán" -> "jorge-rodriguez-pagan"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def load_case_file(path: Path) -> dict:
    """One validated case record (a group of defendants sharing the facts of one event)."""
    data, lines = load_with_lines(path)
    c = Checker(path, lines)
    if not isinstance(data, dict):
        c.fail((), "expected a mapping with case_group, summary, facility, jurisdiction and defendants")
    group = c.get(data, (), "case_group")
    if not ID_RE.match(group):
        c.fail(("case_group",), f"{group!r} is not a slug (letters, digits, '.', '-', '_')")
    c.get(data, (), "summary")
    fac = c.get(data, (), "facility", dict)
    c.get(fac, ("facility",), "name")
    c.get(fac, ("facility",), "kind", choices=FACILITY_KINDS)
    jur = c.get(data, (), "jurisdiction", dict)
    c.get(jur, ("jurisdiction",), "country")
    c.get(jur, ("jurisdiction",), "region", required=False)
    c.get(jur, ("jurisdiction",), "system", required=False, choices=SYSTEMS)
    c.get(data, (), "inmate_gender", required=False, choices=INMATE_GENDERS)
    defendants = c.get(data, (), "defendants", list)
    if not defendants:
        c.fail(("defendants",), "needs at least one defendant")
    for i, d in enumerate(defendants):
        at = ("defendants", i)
        if not isinstance(d, dict):
            c.fail(at, "expected a mapping")
        c.get(d, at, "name")
        c.get(d, at, "gender", choices=GENDERS)
        c.get(d, at, "role", choices=ROLES)
        c.get(d, at, "age_at_charge", int, required=False)
        c.get(d, at, "gender_dynamic", required=False, choices=GENDER_DYNAMICS)
        c.get(d, at, "misconduct", list, choices=tuple(MISCONDUCT))
        c.get(d, at, "reported_not_charged", list, required=False, choices=tuple(MISCONDUCT))
        c.get(d, at, "contraband", list, required=False, choices=tuple(CONTRABAND))
        charges = c.get(d, at, "charges", list, required=False) or []
        for j, charge in enumerate(charges):
            if not isinstance(charge, str):
                c.fail(at + ("charges", j), "expected text")
        timeline = c.get(d, at, "timeline", list)
        if not timeline:
            c.fail(at + ("timeline",), "needs at least one dated, sourced event")
        for j, ev in enumerate(timeline):
            _check_event(c, ev, at + ("timeline", j), stage_required=True)
        out = c.get(d, at, "outcome", dict, required=False) or {}
        c.get(out, at + ("outcome",), "disposition", required=False, choices=DISPOSITIONS)
        for key in OUTCOME_NUMBERS:
            c.get(out, at + ("outcome",), key, int, required=False)
        for key in OUTCOME_MONEY:
            c.get(out, at + ("outcome",), key, float, required=False)
        if any(out.get(k) is not None for k in OUTCOME_MONEY):
            c.get(out, at + ("outcome",), "currency", choices=CURRENCIES)
        signs = c.get(d, at, "warning_signs", list, required=False) or []
        for j, sign in enumerate(signs):
            if not isinstance(sign, str) or not sign.strip():
                c.fail(at + ("warning_signs", j), "expected text")
    for j, rep in enumerate(c.get(data, (), "related_reports", list, required=False) or []):
        _check_event(c, rep, ("related_reports", j), stage_required=False)
    data["_path"] = str(path)
    return data


def _check_event(c: Checker, ev, at: tuple, stage_required: bool) -> None:
    if not isinstance(ev, dict):
        c.fail(at, "expected a mapping with date, fact and source")
    date = c.get(ev, at, "date")
    try:
        _check_date(date, c.path, None, ".".join(map(str, at + ("date",))))
    except Exception:
        c.fail(at + ("date",), f"expected an ISO date, got {date!r}")
    ev["date"] = date
    c.get(ev, at, "stage", required=stage_required, choices=STAGES)
    c.get(ev, at, "fact")
    source = c.get(ev, at, "source")
    if not URL_RE.match(source):
        c.fail(at + ("source",), f"not an http(s) URL: {source!r}")
    quote = c.get(ev, at, "quote", required=False)
    if quote is not None and len(quote) > SHORT_QUOTE_CHARS:
        c.fail(at + ("quote",), f"{len(quote)} characters; a quote from a source we may not republish is at most {SHORT_QUOTE_CHARS}")


def load_case_records(corpus_dir: Path) -> list[dict]:
    """Every case file of the corpus, validated; two files may not share a case_group."""
    records, seen = [], {}
    for path in case_files(corpus_dir):
        rec = load_case_file(path)
        if rec["case_group"] in seen:
            from casebook.errors import InvalidRecord
            raise InvalidRecord(path, 1, "case_group", f"{rec['case_group']!r} is also used by {seen[rec['case_group']]}")
        seen[rec["case_group"]] = path
        records.append(rec)
    return records
