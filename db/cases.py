"""From documents to cases: link each defendant's documents into one prosecution, with a timeline.

A case is one defendant's prosecution. Documents are linked when they name the same defendant
(normalised, fuzzy on first names: "Chris" ~ "Christopher", "J." ~ "Jacob") and nothing else
contradicts it: no different region, facility kind or country, and dates within six years.
Manual case records (corpus/cases/*.yml) join the same way, and their facts win. The case's
stage and outcome come from its latest document (the one furthest along, then the newest); where documents disagree, the disagreement
is kept in `disagreements` instead of being hidden.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from urllib.parse import urlsplit

from casebook.case_records import slug
from casebook.vocabulary import STAGE_ORDER, case_status

MAX_YEARS_APART = 6
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# Sentences that show how the misconduct grew: the warning signs trainers teach.
#   "exchanged letters and phone calls", "gave her gifts", "did favours", "kept the relationship secret"
WARNING_SIGNS = {
    "letters": re.compile(r"\b(?:letters?|love notes?|cards? to)\b", re.I),
    "phones": re.compile(r"\b(?:phone calls?|called (?:her|him|them)|text(?:ed| messages?)|messag(?:ed|es)|social media|(?:mobile|cell(?:ular)?) phones?|SIM cards?)\b", re.I),
    "favours": re.compile(r"\b(?:favou?rs?|gifts?|special treatment|extra (?:food|privileges)|money|cash|paid|payments?|bribes?)\b", re.I),
    "grooming": re.compile(r"\b(?:groom\w*|relationship|romantic|intimate|flirt\w*|compliment\w*|in love)\b", re.I),
    "secrecy": re.compile(r"\b(?:secret\w*|conceal\w*|hid(?:den|ing)?|deleted|lied|false statements?|cover(?:ed)? up)\b", re.I),
}
SENTENCE_RE = re.compile(r"[^.!?\n]+(?:[.!?]+[”\"’']?|$)")
MAX_SIGNS = 4


def name_parts(name: str | None) -> tuple[str, str] | None:
    """(first, last) of a name, lower-cased, without accents, middle initials or suffixes."""
    if not name:
        return None
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    tokens = [t for t in re.split(r"[^a-z'-]+", plain) if t and t.strip("'-") and t not in SUFFIXES]
    if len(tokens) < 2:
        return None
    return tokens[0], tokens[-1]


def block_key(name: str | None) -> str:
    """The linking block of a defendant's name: its surname ("" for a mention with no usable name).

    Mentions of different blocks never join one case, so a build relinks only the blocks a changed
    document touches.
    """
    parts = name_parts(name)
    return parts[1] if parts else ""


def same_person(a: str | None, b: str | None) -> bool:
    pa, pb = name_parts(a), name_parts(b)
    if not pa or not pb or pa[1] != pb[1]:
        return False
    fa, fb = pa[0], pb[0]
    return fa == fb or (len(min(fa, fb, key=len)) >= 3 and (fa.startswith(fb) or fb.startswith(fa))) or \
        (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb))


def compatible(a: dict, b: dict) -> bool:
    """Nothing known about a and b contradicts one prosecution."""
    for key in ("country", "region", "facility_kind"):
        if a.get(key) and b.get(key) and a[key] != b[key]:
            return False
    if a.get("date") and b.get("date"):
        if abs(int(a["date"][:4]) - int(b["date"][:4])) > MAX_YEARS_APART:
            return False
    return True


def mentions_from_documents(docs: list[dict], labels_by_doc: dict) -> list[dict]:
    """One mention per staff defendant of each relevant document; the document's outcome goes to its first defendant."""
    out = []
    for doc in docs:
        labels = labels_by_doc[doc["id"]]
        if not labels.get("relevant"):
            continue
        fac, jur, outcome = labels.get("facility") or {}, labels.get("jurisdiction") or {}, labels.get("outcome") or {}
        for i, d in enumerate(labels.get("defendants") or []):
            principal = i == 0
            out.append({
                "origin": "document", "document_id": doc["id"], "position": i, "name": d.get("name"), "role": d.get("role"),
                "staff_gender": d.get("gender"), "date": doc.get("published"),
                "stage": labels.get("stage"), "disposition": outcome.get("disposition") if principal else None,
                "custody_months": outcome.get("custody_months") if principal else None,
                "custody_months_max": outcome.get("custody_months_max") if principal else None,
                "suspended": bool(outcome.get("suspended")) if principal else None,
                "fine_amount": outcome.get("fine_amount") if principal else None,
                "currency": outcome.get("currency") if principal else None,
                "facility_name": fac.get("name"), "facility_kind": fac.get("kind"), "country": jur.get("country"),
                "region": jur.get("region"), "system": jur.get("system"), "inmate_gender": labels.get("inmate_gender"),
                "misconduct": list(labels.get("misconduct") or []), "contraband": list(labels.get("contraband") or []),
                "statutes": list(labels.get("statutes") or []), "title": doc.get("title"), "url": doc["url"],
                "publisher": doc.get("publisher"), "text": doc.get("text") or "",
            })
    return out


def mentions_from_records(records: list[dict]) -> list[dict]:
    """One mention per defendant of each manual case record, with its own timeline."""
    out = []
    for rec in records:
        fac, jur = rec.get("facility") or {}, rec.get("jurisdiction") or {}
        for d in rec["defendants"]:
            timeline = sorted(d["timeline"], key=lambda e: (e["date"], STAGE_ORDER.get(e.get("stage"), -1)))
            last = timeline[-1]
            outcome = d.get("outcome") or {}
            out.append({
                "origin": "manual", "case_id": f"{rec['case_group']}-{slug(d['name'])}", "record": rec, "defendant": d,
                "name": d["name"], "role": d["role"], "staff_gender": d["gender"],
                "date": last["date"], "stage": last.get("stage"),
                "disposition": outcome.get("disposition"), "custody_months": outcome.get("custody_months"),
                "custody_months_max": outcome.get("custody_months_max"), "suspended": bool(outcome.get("suspended")),
                "fine_amount": outcome.get("fine_amount"), "currency": outcome.get("currency"),
                "facility_name": fac.get("name"), "facility_kind": fac.get("kind"), "country": jur.get("country"),
                "region": jur.get("region"), "system": jur.get("system"), "inmate_gender": rec.get("inmate_gender"),
                "gender_dynamic": d.get("gender_dynamic"),
                "misconduct": list(d.get("misconduct") or []), "contraband": list(d.get("contraband") or []),
                "statutes": [], "summary": rec["summary"].strip(), "timeline": timeline,
            })
    return out


def link(mentions: list[dict]) -> list[list[dict]]:
    """Groups of mentions that are one prosecution (union of compatible same-person pairs).

    Two defendants of one document are two people, also through a third mention: "John Smith" and "J. Smith"
    of one release never join, even when both match the "John Smith" of another (the group that would hold
    one document twice is not joined).
    """
    parent = list(range(len(mentions)))
    documents = {i: {m["document_id"]} if m.get("document_id") else set() for i, m in enumerate(mentions)}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i, j):
        ri, rj = find(i), find(j)
        if ri != rj and not documents[ri] & documents[rj]:
            parent[ri] = rj
            documents[rj] |= documents.pop(ri)

    by_last: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        parts = name_parts(m["name"])
        if parts:
            by_last.setdefault(parts[1], []).append(i)
    for members in by_last.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                a, b = mentions[i], mentions[j]
                if a["origin"] == b["origin"] == "manual" and a["case_id"] != b["case_id"]:
                    continue
                if same_person(a["name"], b["name"]) and compatible(a, b):
                    join(i, j)
    groups: dict[int, list[dict]] = {}
    for i, m in enumerate(mentions):
        groups.setdefault(find(i), []).append(m)
    return list(groups.values())


def latest(mentions: list[dict]) -> dict:
    """The document furthest along (a sentencing after a plea), then the newest: many reports carry no date."""
    return max(mentions, key=lambda m: (STAGE_ORDER.get(m.get("stage"), -1), m.get("date") or "", m.get("document_id") or ""))


def most_common(values):
    values = [v for v in values if v not in (None, "", "unknown")]
    return Counter(values).most_common(1)[0][0] if values else None


def warning_signs(text: str) -> list[tuple[str, str]]:
    """(kind, verbatim sentence) for sentences that show a warning sign, at most one per kind."""
    found = []
    kinds = set()
    for m in SENTENCE_RE.finditer(text):
        sentence = m.group(0).strip()
        if len(sentence) < 25 or len(sentence) > 400:
            continue
        for kind, regex in WARNING_SIGNS.items():
            if kind not in kinds and regex.search(sentence):
                found.append((kind, sentence))
                kinds.add(kind)
                break
    return found


def case_rows(groups: list[list[dict]], evidence_by_doc: dict) -> dict[str, list[dict]]:
    """Rows of cases, case_documents (the timeline), case_misconduct / contraband / statutes and warning signs."""
    tables = {k: [] for k in ("cases", "case_documents", "case_misconduct", "case_contraband", "case_statutes",
                              "case_warning_signs")}
    built = []
    for group in groups:
        manual = [m for m in group if m["origin"] == "manual"]
        docs = sorted((m for m in group if m["origin"] == "document"), key=lambda m: (m.get("date") or "", m["document_id"]))
        head = manual[0] if manual else latest(docs)
        name = head["name"]
        built.append((group, manual, docs, head, name))
    # ids: the manual record's, else name + place; numbered when two cases would share one
    used: Counter = Counter()
    for group, manual, docs, head, name in sorted(built, key=lambda b: (b[4] or "", b[2][0]["document_id"] if b[2] else "")):
        if manual:
            case_id = head["case_id"]
        else:
            base = case_id_base(head)
            used[base] += 1
            case_id = base if used[base] == 1 else f"{base}-{used[base]}"
        tables_for_case(tables, case_id, group, manual, docs, head, evidence_by_doc)
        # where the build keeps the case (its linking block, its id before numbering): not published
        tables["cases"][-1].update({"_block": block_key(group[0]["name"]), "_base": case_id if manual else base})
    for t in tables.values():
        t.sort(key=lambda r: tuple(str(r.get(k) or "") for k in ("case_id", "id", "date", "document_id")))
    return tables


def case_id_base(head: dict) -> str:
    """A case's id before numbering: the defendant's name and the place ("jane-doe-kentucky")."""
    return slug(" ".join(filter(None, (head["name"] or f"unnamed {head.get('role') or 'staff'}",
                                       head.get("region") or head.get("country")))))


def case_head(group: list[dict]) -> dict:
    """The mention that names a case: its manual record, else its latest document."""
    manual = [m for m in group if m["origin"] == "manual"]
    return manual[0] if manual else latest([m for m in group if m["origin"] == "document"])


def status_note(status: str, stage: str | None, date: str | None, country: str | None) -> str:
    """What a reader must know about the person's legal position, in words."""
    as_of = f"as of {date}" if date else "as of the latest source (undated)"
    if status == "alleged":
        note = (f"ALLEGED: {stage or 'under investigation or charged'}, not convicted, {as_of}. "
                "The person is presumed innocent unless proven guilty.")
        if country == "UK":
            note += " UK proceedings may be active: only what the official source said is shown."
        return note
    if status == "acquitted":
        return f"ACQUITTED {as_of}: found not guilty."
    if status == "dismissed":
        return f"DISMISSED {as_of}: the charges were dropped or dismissed."
    return f"CONVICTED ({stage}) {as_of}."


def citation_for(head: dict, manual: list, last_doc: dict | None, evidence_by_doc: dict) -> dict:
    """Where the case's outcome is stated: quote, source, date, publisher and a ready-to-paste citation."""
    if manual:
        event = [e for e in head["timeline"] if e.get("stage")][-1]
        url, date, quote, title = event["source"], event["date"], event.get("quote"), event["fact"].strip()
        publisher = urlsplit(url).netloc.removeprefix("www.")
    else:
        ev = {e["field"]: e["quote"] for e in evidence_by_doc.get(last_doc["document_id"], [])}
        url, date, title, publisher = last_doc["url"], last_doc.get("date"), last_doc.get("title"), last_doc.get("publisher")
        quote = ev.get("outcome") if last_doc["position"] == 0 else None
        quote = quote or ev.get("stage")
    citation = (f"{publisher} ({date}), {url}" if manual else
                f"{publisher or 'Unknown publisher'}, “{title or 'untitled'}” ({date or 'n.d.'}), {url}")
    if quote:
        citation += f": “{quote}”"
    return {"outcome_quote": quote, "outcome_source_url": url, "outcome_source_date": date,
            "outcome_source_publisher": publisher, "citation": citation}


def tables_for_case(tables, case_id, group, manual, docs, head, evidence_by_doc) -> None:
    last_doc = latest(docs) if docs else None
    # the manual record's outcome is reviewed by a person: it wins over a document's
    outcome_from = head if manual else last_doc
    dates = [m["date"] for m in docs if m.get("date")] + ([e["date"] for e in head["timeline"]] if manual else [])
    stage = head.get("stage") if manual else last_doc.get("stage")
    if manual and last_doc and last_doc.get("date") and last_doc["date"] > head["date"]:
        stage = last_doc.get("stage")  # a newer document moves the case on
    disagreements = []
    for key in ("custody_months", "disposition", "role", "facility_name"):
        values = {}
        for m in group:
            if m.get(key) not in (None, "", "unknown"):
                values.setdefault(m[key], []).append(m.get("document_id") or m.get("case_id"))
        if len(values) > 1:
            disagreements.append(f"{key}: " + "; ".join(f"{v} ({', '.join(srcs)})" for v, srcs in values.items()))
    staff_gender = head.get("staff_gender") if manual else most_common(m.get("staff_gender") for m in group)
    inmate_gender = head.get("inmate_gender") if manual else most_common(m.get("inmate_gender") for m in group)
    dynamic = head.get("gender_dynamic") if manual and head.get("gender_dynamic") else (
        f"{staff_gender}_staff_{inmate_gender}_inmate" if staff_gender in ("male", "female") and inmate_gender in ("male", "female") else "unknown")
    misconduct = sorted({x for m in group for x in m["misconduct"]})
    contraband = sorted({x for m in group for x in m["contraband"]})
    statutes = sorted({x for m in group for x in m["statutes"]})
    status = case_status(stage)
    summary = head["summary"] if manual else (last_doc.get("title") or None)
    cite = citation_for(head, manual, last_doc, evidence_by_doc)
    row = {
        "id": case_id, "name": head["name"], "role": head.get("role") or most_common(m.get("role") for m in group),
        "staff_gender": staff_gender or "unknown", "inmate_gender": inmate_gender or "unknown", "gender_dynamic": dynamic,
        "facility_name": head.get("facility_name") or most_common(m.get("facility_name") for m in group),
        "facility_kind": head.get("facility_kind") or most_common(m.get("facility_kind") for m in group),
        "country": head.get("country") or most_common(m.get("country") for m in group),
        "region": head.get("region") or most_common(m.get("region") for m in group),
        "system": head.get("system") or most_common(m.get("system") for m in group),
        "misconduct": ", ".join(misconduct) or None, "contraband": ", ".join(contraband) or None,
        "current_stage": stage, "status": status,
        "disposition": outcome_from.get("disposition"), "custody_months": outcome_from.get("custody_months"),
        "custody_months_max": outcome_from.get("custody_months_max"), "suspended": int(bool(outcome_from.get("suspended"))),
        "fine_amount": outcome_from.get("fine_amount"), "currency": outcome_from.get("currency"),
        "first_date": min(dates) if dates else None, "last_date": max(dates) if dates else None,
        "documents": len({m["document_id"] for m in docs}), "sources": len(docs) + (len(head["timeline"]) if manual else 0),
        "latest_document_id": last_doc["document_id"] if last_doc else None,
        "summary": summary, "disagreements": "\n".join(disagreements) or None,
        "origin": "manual record" if manual else "annotator", "corrected_fields": None, **cite,
    }
    row["status_note"] = status_note(status, stage, row["last_date"], row["country"])
    tables["cases"].append(row)
    for m in docs:
        ev = {e["field"]: e["quote"] for e in evidence_by_doc.get(m["document_id"], [])}
        tables["case_documents"].append({
            "id": f"{case_id}#{m['document_id']}", "case_id": case_id, "document_id": m["document_id"], "date": m.get("date"),
            "stage": m.get("stage"), "disposition": m.get("disposition"), "custody_months": m.get("custody_months"),
            "fact": m.get("title"), "quote": ev.get("outcome") if m["position"] == 0 else None,
            "source_url": m["url"], "publisher": m.get("publisher"), "origin": "document",
        })
    if manual:
        rec = head["record"]
        events = [(e, f"{case_id}#{i}") for i, e in enumerate(head["timeline"])]
        events += [({**r, "stage": None}, f"{case_id}#report{i}") for i, r in enumerate(rec.get("related_reports") or [])]
        for e, eid in events:
            tables["case_documents"].append({
                "id": eid, "case_id": case_id, "document_id": None, "date": e["date"], "stage": e.get("stage"),
                "disposition": None, "custody_months": None, "fact": e["fact"].strip(), "quote": e.get("quote"),
                "source_url": e["source"], "publisher": e.get("publisher"), "origin": "manual record",
            })
    for m in misconduct:
        tables["case_misconduct"].append({"case_id": case_id, "misconduct": m})
    for c in contraband:
        tables["case_contraband"].append({"case_id": case_id, "contraband": c})
    for s in statutes:
        tables["case_statutes"].append({"case_id": case_id, "statute": s})
    # warning signs: none for an alleged UK case (contempt of court: only what the official source said)
    if status == "alleged" and row["country"] == "UK":
        return
    n = 0
    if manual:
        for sign in head["defendant"].get("warning_signs") or []:
            n += 1
            tables["case_warning_signs"].append({"id": f"{case_id}#sign{n}", "case_id": case_id, "kind": "reported",
                                                 "quote": sign.strip(), "document_id": None,
                                                 "source_url": head["timeline"][0]["source"], "origin": "manual record"})
    for m in docs:
        for kind, sentence in warning_signs(m["text"]):
            if n >= MAX_SIGNS:
                break
            n += 1
            tables["case_warning_signs"].append({"id": f"{case_id}#sign{n}", "case_id": case_id, "kind": kind, "quote": sentence,
                                                 "document_id": m["document_id"], "source_url": m["url"], "origin": "document"})
