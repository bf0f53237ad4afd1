"""U.S. Department of Justice press releases (OPA and the U.S. Attorneys' Offices), sources.md §1.

The JSON API (`/api/v1/press_releases.json`, zero-based `page`, at most 50 a page, epoch-second
dates) is walked newest first; a release whose title, teaser or body holds a custody word is
kept for the annotator. When the API body is empty the HTML page is read instead (current
USWDS layout, the older Drupal 7 layout, and the legacy archive). Public domain (17 U.S.C. § 105).
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

from ingest.extract import block_text, clean, epoch_to_date, html_to_text, iso_to_date, soup_of, text_to_date
from ingest.http import FetchError, decode, rebase
from ingest.store import Fetched

SOURCE = "doj"
API_PATH = "/api/v1/press_releases.json"
# "USAO - Kentucky, Eastern" / "USAO - Vermont": the only component forms turned into an office name.
USAO_RE = re.compile(r"^USAO - ([A-Z][A-Za-z. ]+?)(?:, (Eastern|Western|Northern|Southern|Middle|Central))?$")
# The Akamai bot challenge answers 200 with a page like this instead of the release (sources.md §1.2).
AKAMAI_RE = re.compile(r"Powered and protected by|akamai-logo|bm-verify=", re.I)
# "Press Release Number: 24-1173"
PR_NUMBER_RE = re.compile(r"Press Release Number:\s*([\w-]+)")
# Legacy archive: "FOR IMMEDIATE RELEASE\nTUESDAY, MARCH 5, 2002"
ARCHIVE_DATE_RE = re.compile(r"FOR IMMEDIATE RELEASE\s+[A-Z]+,?\s+([A-Z]+ \d{1,2}, \d{4})")


def publisher_for(components: list) -> str:
    """The office that issued the release, from its components (a USAO first)."""
    names = [c.get("name", "") if isinstance(c, dict) else str(c) for c in components or []]
    for name in names:
        m = USAO_RE.match(name.strip())
        if m:
            state, direction = m.group(1).strip(), m.group(2)
            district = f"{direction} District of {state}" if direction else f"District of {state}"
            return f"U.S. Department of Justice (U.S. Attorney's Office, {district})"
    named = [n for n in names if n]
    return f"U.S. Department of Justice ({named[0]})" if named else "U.S. Department of Justice"


def names(items) -> list[str]:
    """`topic` / `component` entries: objects with a name, or plain strings (both are seen)."""
    return [clean(i.get("name") if isinstance(i, dict) else str(i)) for i in items or [] if i]


def parse_listing(content: bytes, source_url: str = "") -> dict:
    """One API page: {"count", "pagesize", "page", "records": [...]}; numbers may arrive as strings."""
    from ingest.run import SourceDataError

    try:
        data = json.loads(content)
    except ValueError:
        raise SourceDataError(SOURCE, source_url, "(body)", "not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("results", []), list):
        raise SourceDataError(SOURCE, source_url, "results", "expected a list of records")
    meta = (data.get("metadata") or {}).get("resultset") or {}
    out = {"count": int(meta.get("count") or 0), "pagesize": int(meta.get("pagesize") or 0),
           "page": int(meta.get("page") or 0), "records": []}
    for n, rec in enumerate(data.get("results") or []):
        row = f"{source_url} record {n}"
        for key in ("uuid", "title", "url"):
            if not isinstance(rec.get(key), str) or not rec[key].strip():
                raise SourceDataError(SOURCE, row, key, "missing or empty")
        out["records"].append({
            "uuid": rec["uuid"],
            "vuuid": rec.get("vuuid") or None,
            "title": clean(rec["title"]),
            "url": urljoin("https://www.justice.gov/", rec["url"]),
            "published": epoch_to_date(rec.get("date")),
            "changed": rec.get("changed"),
            "number": rec.get("number") or None,
            "teaser": clean(html_to_text(rec["teaser"])) if rec.get("teaser") else None,
            "text": html_to_text(rec.get("body") or ""),
            "components": names(rec.get("component")),
            "topics": names(rec.get("topic")),
        })
    return out


def parse_release_page(content: str, url: str = "") -> dict:
    """A release page in any of the three layouts: title, date, office, components, topics, number, text."""
    if AKAMAI_RE.search(content[:20000]):
        raise FetchError(url, "blocked", "an Akamai bot challenge page came back instead of the release")
    soup = soup_of(content)
    canonical = soup.select_one("link[rel=canonical]")
    title_el = (soup.select_one("h1.page-title span.field-formatter--string") or soup.select_one("h1.page-title")
                or soup.select_one("h1#node-title") or soup.select_one("h1.prtitle") or soup.find("h1"))
    title = clean(title_el.get_text(" ")) if title_el else None
    if not title and soup.title:
        title = clean(soup.title.get_text().replace(" | United States Department of Justice", ""))
    body = (soup.select_one("div.node-body div.field_body") or soup.select_one("div.field--name-body")
            or soup.select_one("div.field--name-field-pr-body") or soup.select_one("article") or soup.find("main"))
    time_el = soup.select_one("div.node-date time") or soup.select_one("div.field--name-field-pr-date time")
    date = None
    if time_el is not None:
        date = iso_to_date(time_el.get("datetime")) or text_to_date(time_el.get_text(" "))
    if date is None:
        m = ARCHIVE_DATE_RE.search(soup.get_text(" "))
        date = text_to_date(m.group(1).title()) if m else None
    office = soup.select_one("div.node-info-box div.node-office")
    components = [clean(a.get_text(" ")) for a in soup.select("div.node-component .field__item a")] or \
                 [clean(a.get_text(" ")) for a in soup.select("div.field--name-field-pr-component a")]
    topics = [clean(t.get_text(" ")) for t in soup.select("div.node-topics .field__item")] or \
             [clean(t.get_text(" ")) for t in soup.select("div.field--name-field-pr-topic .field__item")]
    number = PR_NUMBER_RE.search(soup.get_text(" "))
    text = block_text(body) if body is not None else ""
    if not body and "###" in content:  # legacy archive pages: the text runs to the ### line
        text = block_text(soup.body or soup)
    return {
        "title": title, "published": date, "office": clean(office.get_text(" ")) if office else None,
        "components": components, "topics": topics, "number": number.group(1) if number else None,
        "canonical": canonical.get("href").split("?")[0] if canonical is not None and canonical.get("href") else None,
        "text": text,
    }


def keyword_hit(record: dict, keywords: list[str]) -> bool:
    hay = " ".join(filter(None, (record["title"], record.get("teaser"), record.get("text")))).lower()
    return any(k.lower() in hay for k in keywords)


def crawl(ctx):
    """Walk the API newest first from the checkpointed page; yield releases worth annotating."""
    from ingest.run import Failed, Skipped

    base = ctx.settings["base_url"]
    keywords = ctx.settings.get("keywords") or []
    page = (ctx.resume() or {}).get("page", 0)
    while True:
        url = base + API_PATH
        params = {"pagesize": ctx.settings.get("page_size", 50), "page": page, "sort": "date", "direction": "DESC"}
        response = ctx.client.get(url, accept="application/json", params=params, conditional=False)
        if "json" not in response.content_type:
            raise FetchError(response.url, "unexpected-content", f"expected JSON, got {response.content_type or 'no type'}")
        listing = parse_listing(response.content, response.url)
        if not listing["records"]:
            return
        older_than_range = False
        for rec in listing["records"]:
            if ctx.before_since(rec["published"]):
                older_than_range = True
                break
            if not ctx.in_range(rec["published"]):
                continue
            version = rec["vuuid"] or rec.get("changed")
            if ctx.already_have(rec["uuid"], version):
                yield Skipped(rec["uuid"])
                continue
            yield from release(ctx, rec, version, response, keywords, base, Failed)
        page += 1
        ctx.checkpoint({"page": page})
        size = listing["pagesize"] or params["pagesize"]
        if older_than_range or (listing["count"] and page * size >= listing["count"]):
            return


def release(ctx, rec, version, listing_response, keywords, base, Failed):
    """One release as a Fetched document (from the API body, or its page when the body is empty)."""
    text, raw, content_type, fetch_url, status = rec["text"], listing_response.content, listing_response.content_type, listing_response.url, 200
    details = {"components": rec["components"], "topics": rec["topics"], "number": rec["number"]}
    title, published, url = rec["title"], rec["published"], rec["url"]
    if keywords and not keyword_hit(rec, keywords):
        text = text or rec.get("teaser") or ""
        details["prefilter"] = "no custody keyword in title, teaser or body"
    elif len(text) < ctx.config["client"]["min_text_chars"]:
        try:
            page = ctx.client.get(rebase(rec["url"], base), accept="text/html")
        except FetchError as e:
            yield Failed(rec["uuid"], rec["url"], f"{e.kind}: {e.problem}")
            return
        try:
            parsed = parse_release_page(page.text, page.url)
        except FetchError as e:
            yield Failed(rec["uuid"], rec["url"], f"{e.kind}: {e.problem}")
            return
        text, raw, content_type, fetch_url, status = parsed["text"], page.content, page.content_type, page.url, page.status
        title = title or parsed["title"]
        published = published or parsed["published"]
        url = parsed["canonical"] or url
        details.update({k: parsed[k] for k in ("components", "topics", "number") if parsed[k] and not details.get(k)})
    yield Fetched(
        source=SOURCE, native_id=rec["uuid"], native_version=version, url=url, title=title, text=text,
        published=published, publisher=publisher_for(details["components"]), source_kind="us_federal_press_release",
        licence="public-domain-us-gov", raw=raw, raw_content_type=content_type, fetch_url=fetch_url, http_status=status,
        fetched_at=listing_response.fetched_at, extra={k: v for k, v in details.items() if v},
    )


# Saved example responses and the functions that parse them (tests compare with the golden files).
EXAMPLES = {
    "api_page0.json": lambda b: parse_listing(b, "api_page0.json"),
    "release_current.html": lambda b: parse_release_page(b.decode("utf-8"), "release_current.html"),
    "release_drupal7.html": lambda b: parse_release_page(b.decode("utf-8"), "release_drupal7.html"),
    "archive_cp1252.html": lambda b: parse_release_page(decode(b, "text/html"), "archive_cp1252.html"),
}
