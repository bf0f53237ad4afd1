"""From documents to cases: link each defendant's documents into one prosecution, with a timeline.

A case is one defendant's prosecution. Mentions (one per defendant of a document or manual record) are
compared only within their block (block_key: the normalised surname). They are linked when the names agree
(nicknames from the nicknames package: "Bill" ~ "William", "Chris" ~ "Christopher"; initials, middle names,
suffixes, "Last, First"; a surname alone joins the one group of its region) and nothing else contradicts it:
no different country or region, no different facility kind unless the facility names agree, and dates within
six years; a group never holds two names that disagree (Christopher and Christine through "Chris").
Manual case records (corpus/cases/*.yml) join the same way, and their facts win. The case's
stage and outcome come from its latest document (the one furthest along, then the newest); where documents disagree, the disagreement
is kept in `disagreements` instead of being hidden.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlsplit

from casebook.case_records import slug
from casebook.vocabulary import STAGE_ORDER, case_status

MAX_YEARS_APART = 6
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# words that start a compound surname ("de la Vega", "Van der Berg"), never a given name after the first word
PARTICLES = {"de", "del", "della", "der", "den", "di", "da", "das", "dos", "du", "la", "le", "van", "von", "ten", "ter"}
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


class PersonName(NamedTuple):
    """A name in parts: given names (first, middles) in order, surname, suffix ("jr", "iii"), all plain lower case."""
    given: tuple[str, ...]
    last: str
    suffix: str | None


@lru_cache(maxsize=65536)
def parse_name(name: str | None) -> PersonName | None:
    """The parts of a person's name: "Smith, John A." and "John A. Smith" alike; None without a word.

    Accents go ("Rodríguez-Pagán" -> "rodriguez-pagan"), suffixes (Jr., Sr., II-IV) are kept apart, words run
    together by a broken extraction are split ("StoryHal" -> "story", "hal"; "McAllister" stays).
    """
    if not name:
        return None
    # "Smith, John A." -> "John A. Smith"; not "Wesley Lanham, Jr." (only a suffix after the comma)
    head, comma, tail = name.partition(",")
    if comma and "," not in tail and len(head.split()) == 1 and tail.strip() and \
            not all(w.strip(".").lower() in SUFFIXES for w in tail.split()):
        name = f"{tail} {head}"
    # a lower-case letter run of 4+ then a capital inside one word: "StoryHal" -> "Story Hal" (not "McAllister", "DeAndre")
    name = re.sub(r"(?<=[a-z]{4})(?=[A-Z][a-z])", " ", name)
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    tokens = [t.strip("'-") for t in re.split(r"[^a-z'-]+", plain)]
    tokens = [t for t in tokens if t]
    suffix = next((t for t in tokens if t in SUFFIXES), None)
    tokens = [t for t in tokens if t not in SUFFIXES]
    if not tokens:
        return None
    # a surname particle ends the given names: "Ramon De Soto Vargas" -> (ramon), "De Soto Vargas" -> a surname alone
    given = tokens[:-1]
    for k, t in enumerate(given):
        if t in PARTICLES and (k > 0 or len(tokens) >= 3):
            given = given[:k]
            break
    return PersonName(tuple(given), tokens[-1], suffix)


def name_parts(name: str | None) -> tuple[str, str] | None:
    """(first, last) of a name, lower-cased, without accents, middle names or suffixes; None for a surname alone."""
    parts = parse_name(name)
    return (parts.given[0], parts.last) if parts and parts.given else None


def block_key(mention_or_name: dict | str | None) -> str | None:
    """The linking block of one mention (or name): its normalised surname. Only mentions of one block are compared."""
    name = mention_or_name.get("name") if isinstance(mention_or_name, dict) else mention_or_name
    parts = parse_name(name)
    return parts.last if parts else None


@lru_cache(maxsize=1)
def nicknamer():
    """The nicknames package's hand-curated table of English first names and their nicknames (Bill ~ William)."""
    from nicknames import NickNamer

    return NickNamer()


@lru_cache(maxsize=4096)
def first_names_agree(a: str, b: str) -> bool:
    """Two given names that can be one person's: equal, an initial, a nickname of the other, or a prefix unknown to the table.

    "bill" ~ "william", "bob" ~ "robert", "chris" ~ "christopher" and "chris" ~ "christine" (but never
    "christopher" ~ "christine"), "j" ~ "jacob", "ray" ~ "raymond"; "dan" !~ "dana" (the table knows "dan").
    """
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    nn = nicknamer()
    if b in nn.canonicals_of(a) or b in nn.nicknames_of(a) or a in nn.canonicals_of(b) or a in nn.nicknames_of(b):
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short) and not nn.canonicals_of(short)


STRONG, WEAK = 2, 1


@lru_cache(maxsize=262144)  # a block of a common surname compares the same names many times over
def name_agreement(a: str | None, b: str | None) -> int | None:
    """How two names agree on being one person: STRONG (same surname, first names agree, no middle or suffix
    against it), WEAK (same surname, one side a surname alone, or one's middle name the other's first), None (not one person)."""
    pa, pb = parse_name(a), parse_name(b)
    if not pa or not pb or pa.last != pb.last:
        return None
    if pa.suffix and pb.suffix and pa.suffix != pb.suffix:
        return None  # John Smith Jr. and John Smith Sr. are two people
    if not pa.given or not pb.given:
        return WEAK
    if first_names_agree(pa.given[0], pb.given[0]):
        ma, mb = pa.given[1:2], pb.given[1:2]
        if ma and mb and not first_names_agree(ma[0], mb[0]):
            return None  # John A. Smith and John B. Smith
        return STRONG
    # "J. Michael Smith" ~ "Michael Smith"; "Anne Marie Smith" ~ "Marie Smith" only weakly (a call name or another person)
    for x, y in ((pa, pb), (pb, pa)):
        if len(x.given) > 1 and len(y.given) == 1 and first_names_agree(x.given[-1], y.given[0]):
            return STRONG if len(x.given[0]) == 1 and len(x.given) == 2 else WEAK
    return None


def same_person(a: str | None, b: str | None) -> bool:
    """Two full names (given name and surname) that can be one person's (name_agreement is STRONG)."""
    return name_agreement(a, b) == STRONG


FACILITY_WORDS = {"the", "in", "at", "of", "and", "s", "county", "state", "federal", "city", "regional", "jail", "jails",
                  "prison", "penitentiary", "correctional", "corrections", "correction", "center", "centre", "facility",
                  "institution", "detention", "department", "office", "sheriff", "sheriffs", "complex", "unit", "house",
                  "fci", "fmc", "fdc", "usp", "fpc", "hmp", "yoi", "adult", "juvenile", "youth", "women", "womens",
                  "men", "mens", "camp", "medical", "transport", "transportation", "processing"}


@lru_cache(maxsize=65536)
def facility_words(name: str | None) -> frozenset[str]:
    """The distinctive words of a facility name: "Tolland County Metropolitan Detention Center" -> {"tolland", "metropolitan"}."""
    return frozenset(w for w in re.findall(r"[a-z]+", (name or "").lower()) if w not in FACILITY_WORDS and len(w) > 1)


def compatible(a: dict, b: dict) -> bool:
    """Nothing known about a and b contradicts one prosecution: country, region, facility, dates.

    A facility kind that differs is a contradiction only when the facility names share no distinctive word (the
    annotator may call one detention centre a county jail in one release and a federal prison in another).
    The staff gender is no contradiction here: the annotator reads it from pronouns that are often the victim's.
    """
    for key in ("country", "region"):
        if a.get(key) and b.get(key) and a[key] != b[key]:
            return False
    if a.get("facility_kind") and b.get("facility_kind") and a["facility_kind"] != b["facility_kind"] \
            and not facility_words(a.get("facility_name")) & facility_words(b.get("facility_name")):
        return False
    if a.get("date") and b.get("date"):
        if abs(int(a["date"][:4]) - int(b["date"][:4])) > MAX_YEARS_APART:
            return False
    return True


def corroborated(a: dict, b: dict) -> bool:
    """Context that speaks for one prosecution when the names alone are weak: same region, no other facility or staff gender."""
    if not (a.get("region") and a.get("region") == b.get("region")):
        return False
    ga, gb = a.get("staff_gender"), b.get("staff_gender")
    if ga in ("male", "female") and gb in ("male", "female") and ga != gb:
        return False
    fa, fb = facility_words(a.get("facility_name")), facility_words(b.get("facility_name"))
    return not (fa and fb and not fa & fb)


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
    """Groups of mentions that are one prosecution, block by block (block_key: the surname).

    Within a block: first every pair of full names that agree STRONGly and whose context is compatible joins,
    strongest first (the same full name, then the same first name, then a nickname, initial or prefix), and two
    groups join only when every pair across them still agrees (no contradicting names, context or shared
    document): "Chris Jackson" may join "Christopher Jackson" or "Christine Jackson", never both. Then each
    mention still alone (a surname alone, a name known by its middle) joins the one group it weakly agrees
    with when the region is the same and no facility contradicts it; with two such groups it stays alone.
    Two defendants of one document are two people, also through a third mention. The groups of a block depend
    only on the mentions of that block.
    """
    blocks: dict[str, list[int]] = {}
    groups: list[list[int]] = []
    for i, m in enumerate(mentions):
        key = block_key(m)
        if key is None:
            groups.append([i])
        else:
            blocks.setdefault(key, []).append(i)
    for members in blocks.values():
        groups.extend(link_block([mentions[i] for i in members], members))
    groups.sort(key=lambda g: g[0])
    return [[mentions[i] for i in g] for g in groups]


def pair_allowed(a: dict, b: dict) -> bool:
    """Two mentions that may be in one group: not one document, not two manual cases, names and context agree."""
    if a.get("document_id") and a.get("document_id") == b.get("document_id"):
        return False
    if a["origin"] == b["origin"] == "manual" and a["case_id"] != b["case_id"]:
        return False
    return name_agreement(a["name"], b["name"]) is not None and compatible(a, b)


def link_block(block: list[dict], ids: list[int]) -> list[list[int]]:
    """The groups (as lists of ids) of the mentions of one block; see link."""
    n = len(block)
    group_of = list(range(n))
    members = {i: [i] for i in range(n)}
    allowed: dict[tuple[int, int], bool] = {}

    def ok(i: int, j: int) -> bool:
        key = (i, j) if i < j else (j, i)
        if key not in allowed:
            allowed[key] = pair_allowed(block[i], block[j])
        return allowed[key]

    def join(i: int, j: int) -> bool:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            return True
        if not all(ok(x, y) for x in members[gi] for y in members[gj]):
            return False
        for x in members[gj]:
            group_of[x] = gi
        members[gi].extend(members.pop(gj))
        return True

    def strength(i: int, j: int) -> int:
        pa, pb = parse_name(block[i]["name"]), parse_name(block[j]["name"])
        return 2 if pa == pb else 1 if pa.given[:1] == pb.given[:1] else 0

    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)
             if name_agreement(block[i]["name"], block[j]["name"]) == STRONG]
    for i, j in sorted(pairs, key=lambda p: (-strength(*p), p)):
        if ok(i, j):
            join(i, j)
    for i in range(n):
        if len(members[group_of[i]]) > 1:
            continue
        candidates = [g for g, ms in members.items() if g != group_of[i]
                      and any(parse_name(block[x]["name"]).given for x in ms)
                      and all(ok(i, x) for x in ms) and any(corroborated(block[i], block[x]) for x in ms)]
        if len(candidates) == 1:
            join(i, members[candidates[0]][0])
    return [[ids[x] for x in sorted(ms)] for ms in members.values()]


def latest(mentions: list[dict]) -> dict:
    """The document furthest along (a sentencing after a plea), then the newest: many reports carry no date."""
    return max(mentions, key=lambda m: (STAGE_ORDER.get(m.get("stage"), -1), m.get("date") or "", m.get("document_id") or ""))


def most_common(values):
    values = [v for v in values if v not in (None, "", "unknown")]
    return Counter(values).most_common(1)[0][0] if values else None


@lru_cache(maxsize=4096)  # a long document read once, whichever cases cite it
def warning_signs(text: str) -> tuple[tuple[str, str], ...]:
    """(kind, verbatim sentence) for sentences that show a warning sign, at most one per kind."""
    found = []
    kinds = set()
    for m in SENTENCE_RE.finditer(text):
        if len(kinds) == len(WARNING_SIGNS):
            break  # one of each kind found: the rest of a long document cannot add one
        sentence = m.group(0).strip()
        if len(sentence) < 25 or len(sentence) > 400:
            continue
        for kind, regex in WARNING_SIGNS.items():
            if kind not in kinds and regex.search(sentence):
                found.append((kind, sentence))
                kinds.add(kind)
                break
    return tuple(found)


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
        tables["cases"][-1].update({"_block": block_key(group[0]) or "", "_base": case_id if manual else base})
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
