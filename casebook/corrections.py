"""Reviewer corrections: `corpus/corrections.yml` overrides any label of a document or a case.

Each correction names its target (`document: <id>` or `case: <id>`), the field, the value, the
reviewer, the date and the reason. They are applied at every build, and the database keeps
both values: the `corrections` table (annotator value, reviewer value, who, when, why) and a
`corrected_fields` column on each corrected row.
"""

from __future__ import annotations

from pathlib import Path

from casebook.vocabulary import (
    CONTRABAND, CURRENCIES, DISPOSITIONS, FACILITY_KINDS, GENDER_DYNAMICS, GENDERS, INMATE_GENDERS, MISCONDUCT, ROLES,
    STAGES, SYSTEMS,
)
from casebook.yamlfile import list_entries

# field -> (path in a document's labels, type, allowed values)
DOCUMENT_FIELDS = {
    "relevant": (("relevant",), bool, None),
    "stage": (("stage",), str, STAGES),
    "disposition": (("outcome", "disposition"), str, DISPOSITIONS),
    "custody_months": (("outcome", "custody_months"), int, None),
    "custody_months_max": (("outcome", "custody_months_max"), int, None),
    "suspended": (("outcome", "suspended"), bool, None),
    "fine_amount": (("outcome", "fine_amount"), float, None),
    "restitution_amount": (("outcome", "restitution_amount"), float, None),
    "currency": (("outcome", "currency"), str, CURRENCIES),
    "facility_name": (("facility", "name"), str, None),
    "facility_kind": (("facility", "kind"), str, FACILITY_KINDS),
    "country": (("jurisdiction", "country"), str, None),
    "region": (("jurisdiction", "region"), str, None),
    "system": (("jurisdiction", "system"), str, SYSTEMS),
    "inmate_gender": (("inmate_gender",), str, INMATE_GENDERS),
    "gender_dynamic": (("gender_dynamic",), str, GENDER_DYNAMICS),
    "misconduct": (("misconduct",), list, tuple(MISCONDUCT)),
    "contraband": (("contraband",), list, tuple(CONTRABAND)),
    "statutes": (("statutes",), list, None),
    "principal_name": (("defendants", 0, "name"), str, None),
    "role": (("defendants", 0, "role"), str, ROLES),
    "staff_gender": (("defendants", 0, "gender"), str, GENDERS),
}
# field of the cases table -> (type, allowed values)
CASE_FIELDS = {
    "name": (str, None), "role": (str, ROLES), "staff_gender": (str, GENDERS), "inmate_gender": (str, INMATE_GENDERS),
    "gender_dynamic": (str, GENDER_DYNAMICS), "facility_name": (str, None), "facility_kind": (str, FACILITY_KINDS),
    "country": (str, None), "region": (str, None), "current_stage": (str, STAGES), "disposition": (str, DISPOSITIONS),
    "custody_months": (int, None), "custody_months_max": (int, None), "summary": (str, None),
    "misconduct": (list, tuple(MISCONDUCT)), "contraband": (list, tuple(CONTRABAND)),
}


def corrections_path(corpus_dir: Path) -> Path:
    return Path(corpus_dir) / "corrections.yml"


def load_corrections(corpus_dir: Path) -> list[dict]:
    """The validated corrections ([] when there is no file); each keeps its file and line."""
    out = []
    for c, at, item, kind in list_entries(corrections_path(corpus_dir), "corrections", ("document", "case")):
        target = c.get(item, at, kind)
        field = c.get(item, at, "field")
        fields = DOCUMENT_FIELDS if kind == "document" else CASE_FIELDS
        if field not in fields:
            c.fail(at + ("field",), f"{field!r} cannot be corrected on a {kind}", hint=f"fields: {', '.join(fields)}")
        kind_type, choices = (fields[field][1], fields[field][2]) if kind == "document" else fields[field]
        if "value" not in item:
            c.fail(at, "value is missing (use null to clear a label)")
        if item["value"] is not None:
            c.get(item, at, "value", kind_type, choices=choices)
        for key in ("reviewer", "reason"):
            c.get(item, at, key)
        date = c.get(item, at, "date")
        out.append({"target_type": kind, "target_id": target, "field": field, "value": item["value"],
                    "reviewer": item["reviewer"], "date": date, "reason": item["reason"],
                    "file": str(c.path), "line": c.lines.get(at)})
    return out


def _get(labels: dict, path: tuple):
    node = labels
    for p in path:
        if isinstance(p, int):
            node = node[p] if isinstance(node, list) and len(node) > p else None
        else:
            node = node.get(p) if isinstance(node, dict) else None
        if node is None:
            return None
    return node


def _set(labels: dict, path: tuple, value) -> None:
    node = labels
    for p, nxt in zip(path, path[1:]):
        if isinstance(p, int):
            while len(node) <= p:
                node.append({})
            node = node[p]
        else:
            node = node.setdefault(p, [] if isinstance(nxt, int) else {})
    last = path[-1]
    node[last] = value


def apply_document_corrections(labels: dict, corrections: list[dict]) -> tuple[dict, list[dict]]:
    """Labels with the reviewer's values set; returns (labels, applied records with the annotator's value)."""
    import copy

    labels = copy.deepcopy(labels)
    applied = []
    for corr in corrections:
        path = DOCUMENT_FIELDS[corr["field"]][0]
        before = _get(labels, path)
        _set(labels, path, corr["value"])
        applied.append({**corr, "annotator_value": before})
    return labels, applied
