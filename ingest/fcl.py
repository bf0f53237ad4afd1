"""UK National Archives Find Case Law, sources.md §3: named judgments, and feed sweeps only under licence.

The Open Justice Licence forbids "programmatic searching in bulk across the records" without a
separate computational licence. So a sweep of the Atom feed (`/atom.xml?query=...`, 1-based pages,
`rel="next"` links) runs only when `sources.fcl.computational_licence` holds a licence reference;
without it, only judgments a person names (`--uri ewca/crim/2024/123`) are fetched, one by one,
and they skip the relevance filter (a person chose them). XML is parsed with defusedxml
(no external entities, no entity expansion).
"""

from __future__ import annotations

from urllib.parse import urljoin

from defusedxml import ElementTree as ET

from casebook.errors import CasebookError
from ingest.extract import clean, iso_to_date
from ingest.http import FetchError, rebase
from ingest.store import Fetched

SERVER_SEARCH = True  # --query goes to the source's own search
SOURCE = "fcl"
OFFICIAL = "https://caselaw.nationalarchives.gov.uk"
ATOM = "{http://www.w3.org/2005/Atom}"
TNA = "{https://caselaw.nationalarchives.gov.uk}"
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
UK = "{https://caselaw.nationalarchives.gov.uk/akn}"
ATTRIBUTION = "Contains public sector information licensed under the Open Justice Licence v2.0. {ncn} {url}"


def _xml(content: bytes, where: str):
    from ingest.run import SourceDataError

    try:
        return ET.fromstring(content)
    except ET.ParseError as e:
        raise SourceDataError(SOURCE, where, "(xml)", f"not well-formed XML: {e}") from None
    except Exception as e:  # defusedxml refuses entity tricks with its own errors
        raise SourceDataError(SOURCE, where, "(xml)", f"refused: {type(e).__name__}") from None


def parse_feed(content: bytes, feed_url: str = "") -> dict:
    """{"entries": [...], "next": URL or None}; the three alternate links are told apart by type."""
    from ingest.run import SourceDataError

    root = _xml(content, feed_url)
    if root.tag != f"{ATOM}feed":
        raise SourceDataError(SOURCE, feed_url, "(root)", f"expected an Atom feed, got {root.tag}")
    nxt = next((link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "next"), None)
    entries = []
    for n, entry in enumerate(root.findall(f"{ATOM}entry")):
        uri = (entry.findtext(f"{TNA}uri") or "").strip()
        if not uri:
            raise SourceDataError(SOURCE, f"{feed_url} entry {n}", "tna:uri", "missing")
        links = {link.get("type") or "text/html": urljoin(feed_url or OFFICIAL, link.get("href"))
                 for link in entry.findall(f"{ATOM}link") if link.get("rel") in (None, "alternate")}
        identifiers = [{"type": i.get("type"), "slug": i.get("slug"), "value": (i.text or "").strip()}
                       for i in entry.findall(f"{TNA}identifier")]
        entries.append({
            "uri": uri,
            "title": clean(entry.findtext(f"{ATOM}title")),
            "published": iso_to_date(entry.findtext(f"{ATOM}published")),
            "updated": (entry.findtext(f"{ATOM}updated") or "").strip() or None,
            "court": clean(entry.findtext(f"{ATOM}author/{ATOM}name")) or None,
            "contenthash": (entry.findtext(f"{TNA}contenthash") or "").strip() or None,
            "html": links.get("text/html"), "xml": links.get("application/akn+xml"), "pdf": links.get("application/pdf"),
            "identifiers": identifiers,
        })
    return {"entries": entries, "next": urljoin(feed_url or OFFICIAL, nxt) if nxt else None}


def _para_text(node) -> str:
    return clean(" ".join(t for t in node.itertext()))


def parse_judgment(content: bytes, where: str = "") -> dict:
    """Name, date, court, NCN, parties, judges and the numbered paragraphs of an Akoma Ntoso judgment."""
    from ingest.run import SourceDataError

    root = _xml(content, where)
    doc = next(iter(root), None)
    if root.tag != f"{AKN}akomaNtoso" or doc is None:
        raise SourceDataError(SOURCE, where, "(root)", "expected <akomaNtoso> with one judgment")
    work = doc.find(f"{AKN}meta/{AKN}identification/{AKN}FRBRWork")
    name = work.find(f"{AKN}FRBRname").get("value") if work is not None and work.find(f"{AKN}FRBRname") is not None else None
    date = None
    if work is not None:
        for d in work.findall(f"{AKN}FRBRdate"):
            if d.get("name") in ("judgment", "decision"):
                date = d.get("date")
    header = doc.find(f"{AKN}header")
    if date is None and header is not None:
        dd = header.find(f".//{AKN}docDate")
        date = dd.get("date") if dd is not None else None
    prop = doc.find(f"{AKN}meta/{AKN}proprietary")
    ncn = (prop.findtext(f"{UK}cite") if prop is not None else None) or \
          (header.findtext(f".//{AKN}neutralCitation") if header is not None else None)
    court = prop.findtext(f"{UK}court") if prop is not None else None
    parties = []
    if header is not None:
        parties = [_para_text(p) for p in header.iter(f"{AKN}party") if _para_text(p)]
    if not parties and prop is not None:
        parties = [clean(p.text) for p in prop.findall(f"{UK}party") if clean(p.text)]
    judges = [_para_text(j) for j in header.iter(f"{AKN}judge")] if header is not None else []
    paragraphs = []
    body = doc.find(f"{AKN}judgmentBody")
    if body is not None:
        for para in body.iter(f"{AKN}paragraph"):
            num = clean(para.findtext(f"{AKN}num"))
            content_text = " ".join(_para_text(c) for c in para if c.tag != f"{AKN}num" and c.tag != f"{AKN}paragraph")
            paragraphs.append({"eId": para.get("eId"), "num": num, "text": clean(content_text)})
    text = "\n\n".join(f"{p['num']} {p['text']}".strip() for p in paragraphs if p["text"])
    return {"name": clean(name) or None, "date": iso_to_date(date), "court": (court or "").strip() or None,
            "ncn": clean(ncn) or None, "parties": parties, "judges": [j for j in judges if j],
            "paragraphs": paragraphs, "text": text}


def judgment_document(ctx, uri: str, entry: dict | None, chosen_by_hand: bool):
    base = ctx.settings["base_url"]
    xml_url = entry["xml"] if entry and entry.get("xml") else f"{base}/{uri.strip('/')}/data.xml"
    if entry and entry.get("xml") and not xml_url.startswith(base):
        xml_url = f"{base}/{uri.strip('/')}/data.xml"  # the feed names the official host; read from the configured one
    response = ctx.client.get(xml_url, accept="application/akn+xml, application/xml")
    j = parse_judgment(response.content, xml_url)
    url = f"{OFFICIAL}/{uri.strip('/')}"
    return Fetched(
        source=SOURCE, native_id=uri, native_version=(entry or {}).get("contenthash"), url=url,
        title=j["name"] or (entry or {}).get("title"), text=j["text"], published=j["date"] or (entry or {}).get("published"),
        publisher=f"The National Archives, Find Case Law ({(entry or {}).get('court') or j['court'] or 'court'})",
        source_kind="court_judgment", licence="open-justice-licence",
        attribution=ATTRIBUTION.format(ncn=j["ncn"] or "", url=url).replace("  ", " "),
        raw=response.content, raw_content_type=response.content_type, fetch_url=xml_url, http_status=response.status,
        fetched_at=response.fetched_at,
        extra={k: v for k, v in (("ncn", j["ncn"]), ("court", j["court"]), ("judges", j["judges"]),
                                 ("chosen_by_hand", chosen_by_hand)) if v},
    )


def crawl(ctx):
    """Named judgments one by one; a feed sweep only with a computational licence reference."""
    from ingest.run import Failed, Skipped

    if ctx.options.targets:
        for uri in ctx.options.targets:
            try:
                yield judgment_document(ctx, uri, None, chosen_by_hand=True)
            except FetchError as e:
                yield Failed(uri, f"{OFFICIAL}/{uri}", f"{e.kind}: {e.problem}")
        return
    if not ctx.settings.get("computational_licence"):
        raise CasebookError(
            "fcl: a bulk sweep of Find Case Law needs its computational licence (the Open Justice Licence "
            "forbids programmatic bulk searching without it)",
            "name judgments instead (casebook ingest fcl --uri ewca/crim/2024/123), or put your licence "
            "reference in sources.fcl.computational_licence of the config",
        )
    base = ctx.settings["base_url"]
    for query in ctx.queries:
        feed_url = (ctx.resume() or {}).get(query) or None
        params = None
        if feed_url is None:
            feed_url = f"{base}/atom.xml"
            params = {"query": query, "order": "-date", "page": 1, "per_page": 50}
        while feed_url:
            response = ctx.client.get(feed_url, accept="application/atom+xml", params=params)
            params = None
            feed = parse_feed(response.content, response.url)
            for entry in feed["entries"]:
                if not ctx.in_range(entry["published"]):
                    continue
                if ctx.already_have(entry["uri"], entry["contenthash"]):
                    yield Skipped(entry["uri"])
                    continue
                try:
                    yield judgment_document(ctx, entry["uri"], entry, chosen_by_hand=False)
                except FetchError as e:
                    yield Failed(entry["uri"], entry.get("html") or entry["uri"], f"{e.kind}: {e.problem}")
            nxt = feed["next"]
            if nxt and not nxt.startswith(base):  # the feed links the official host; stay on the configured one
                nxt = rebase(nxt, base) if nxt.startswith(OFFICIAL) else None
            feed_url = nxt
            ctx.checkpoint({**(ctx.resume() or {}), query: feed_url})


EXAMPLES = {
    "feed_page1.xml": lambda b: parse_feed(b, "https://caselaw.nationalarchives.gov.uk/atom.xml?query=prison+officer&page=1"),
    "judgment_ewca_crim.xml": lambda b: parse_judgment(b, "judgment_ewca_crim.xml"),
    "decision_party.xml": lambda b: parse_judgment(b, "decision_party.xml"),
}
