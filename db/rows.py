"""One document's rows for the published tables: pure functions of the (redacted) document and its labels."""

from __future__ import annotations

from annotate.version import PIPELINE_VERSION


def source_id(publisher: str | None, licence: str) -> str:
    return f"{publisher or 'unknown'} | {licence}"


def document_rows(doc: dict, ann: dict) -> dict[str, list[dict]]:
    """Rows of documents, annotations, defendants, document_misconduct / contraband / statutes and evidence."""
    labels, evidence = ann["labels"], ann["evidence"]
    out = labels.get("outcome") or {}
    fac = labels.get("facility") or {}
    jur = labels.get("jurisdiction") or {}
    defendants = labels.get("defendants") or []
    principal = defendants[0] if defendants else {}
    doc_id = doc["id"]
    return {
        "documents": [{
            "id": doc_id, "title": doc["title"], "published": doc["published"], "url": doc["url"],
            "publisher": doc["publisher"], "source_kind": doc["source_kind"], "licence": doc["licence"],
            "source_id": source_id(doc["publisher"], doc["licence"]), "attribution": doc["attribution"], "text": doc["text"],
            "text_is_excerpt": int(doc["text_is_excerpt"]), "retrieved": doc["retrieved"],
            "content_sha256": doc["content_sha256"], "names_withheld": doc.get("names_withheld", 0),
        }],
        "annotations": [{
            "document_id": doc_id, "relevant": int(bool(labels.get("relevant"))),
            "defendant_count": len(defendants), "principal_name": principal.get("name"),
            "role": principal.get("role"), "staff_gender": principal.get("gender") or ("unknown" if defendants else None),
            "inmate_gender": labels.get("inmate_gender"), "gender_dynamic": labels.get("gender_dynamic"),
            "misconduct": ", ".join(labels.get("misconduct") or []) or None,
            "contraband": ", ".join(labels.get("contraband") or []) or None,
            "stage": labels.get("stage"), "disposition": out.get("disposition"),
            "custody_months": out.get("custody_months"), "custody_months_max": out.get("custody_months_max"),
            "suspended": int(bool(out.get("suspended"))), "probation_months": out.get("probation_months"),
            "supervised_release_months": out.get("supervised_release_months"),
            "supervised_release_life": int(bool(out.get("supervised_release_life"))),
            "fine_amount": out.get("fine_amount"), "restitution_amount": out.get("restitution_amount"),
            "currency": out.get("currency"), "facility_name": fac.get("name"), "facility_kind": fac.get("kind"),
            "country": jur.get("country"), "region": jur.get("region"), "system": jur.get("system"),
            "published": doc["published"], "pipeline_version": PIPELINE_VERSION,
            "corrected_fields": ", ".join(ann.get("corrected_fields") or []) or None,
        }],
        "defendants": [{"id": f"{doc_id}#{i}", "document_id": doc_id, "position": i, "name": d.get("name"),
                        "age": d.get("age"), "gender": d.get("gender"), "role": d.get("role")}
                       for i, d in enumerate(defendants)],
        "document_misconduct": [{"document_id": doc_id, "misconduct": m} for m in sorted(set(labels.get("misconduct") or []))],
        "document_contraband": [{"document_id": doc_id, "contraband": c} for c in sorted(set(labels.get("contraband") or []))],
        "document_statutes": [{"document_id": doc_id, "statute": s} for s in sorted(set(labels.get("statutes") or []))],
        "evidence": [{"id": f"{doc_id}#{e['field']}", "document_id": doc_id, "field": e["field"], "quote": e["quote"],
                      "location": e["location"], "start": e["start"], "end": e["end"]}
                     for e in sorted(evidence, key=lambda e: (e["field"], e["start"]))],
    }
