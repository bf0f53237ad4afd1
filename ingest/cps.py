"""Crown Prosecution Service news (cps.gov.uk), sources.md §2: listing pages, then each article.

The listing's markup is unconfirmed, so the parser holds on to the generic anchors third-party
scrapers rely on: an `h3 > a[href]` per item, the item's own text for the date (`09 August 2024`)
and labels, and a relative next-page link. Articles: the first `<h1>`, a `<time>` or a written
date near the top, `main` paragraphs up to "Notes to editors" (kept, after a heading).
Open Government Licence v3.0.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from ingest.extract import block_text, clean, iso_to_date, soup_of, text_to_date
from ingest.http import FetchError
from ingest.store import Fetched

SOURCE = "cps"
# "Notes to editors", "Notes to Editors:", "Note to editors"
NOTES_RE = re.compile(r"^\s*notes? to editors\s*:?\s*$", re.I)
NOT_AREAS = {"cps", "news", "cy", ""}


def area_of(url: str) -> str | None:
    """The CPS area from the article path: /mersey-cheshire/news/<slug> -> "Mersey-Cheshire"."""
    first = urlsplit(url).path.strip("/").split("/")[0]
    if first in NOT_AREAS:
        return None
    return "-".join(w.capitalize() for w in first.split("-"))


def parse_listing(content: str, page_url: str) -> dict:
    """{"items": [{url, title, published, labels}], "next": absolute URL or None}."""
    soup = soup_of(content)
    items, seen = [], set()
    for a in soup.select("h3 a[href]"):
        url = urljoin(page_url, a["href"])
        if "/cy/" in urlsplit(url).path or url in seen:  # Welsh duplicates
            continue
        seen.add(url)
        holder = a.find_parent(["article", "li", "div"]) or a.parent
        text = clean(holder.get_text(" "))
        items.append({"url": url, "title": clean(a.get_text(" ")), "published": text_to_date(text),
                      "labels": [clean(x.get_text(" ")) for x in holder.select(".label, .tag, .field__item") if clean(x.get_text(" "))]})
    nxt = soup.select_one("a[rel=next]") or soup.select_one("a[aria-label='Next page']") or \
        next((a for a in soup.find_all("a", href=True) if clean(a.get_text(" ")).lower().startswith("next")), None)
    return {"items": items, "next": urljoin(page_url, nxt["href"]) if nxt is not None else None}


def parse_article(content: str, url: str) -> dict:
    """{title, published, text, notes_to_editors, area}: the body stops at "Notes to editors"."""
    soup = soup_of(content)
    h1 = soup.find("h1")
    title = clean(h1.get_text(" ")) if h1 else None
    time_el = soup.find("time")
    published = iso_to_date(time_el.get("datetime")) if time_el is not None else None
    container = soup.find("main") or soup.find("article") or soup.body or soup
    if published is None:
        published = text_to_date(container.get_text(" ")[:1500])
    if h1 is not None:
        h1.decompose()
    if time_el is not None:
        time_el.decompose()
    paragraphs = block_text(container).split("\n\n")
    body, notes, in_notes = [], [], False
    for p in paragraphs:
        if NOTES_RE.match(p):
            in_notes = True
            continue
        (notes if in_notes else body).append(p)
    return {"title": title, "published": published, "text": "\n\n".join(body).strip(),
            "notes_to_editors": "\n\n".join(notes).strip() or None, "area": area_of(url)}


def crawl(ctx):
    """Walk the news listing from the checkpointed page; yield each article in the date range."""
    from ingest.run import Failed

    base = ctx.settings["base_url"]
    page_url = (ctx.resume() or {}).get("next") or f"{base}/news"
    while page_url:
        listing = parse_listing(ctx.client.get(page_url, accept="text/html").text, page_url)
        if not listing["items"]:
            return
        stop = False
        for item in listing["items"]:
            if ctx.before_since(item["published"]):
                stop = True
                break
            if not ctx.in_range(item["published"]):
                continue
            native_id = urlsplit(item["url"]).path
            try:
                response = ctx.client.get(item["url"], accept="text/html")
            except FetchError as e:
                yield Failed(native_id, item["url"], f"{e.kind}: {e.problem}")
                continue
            if response.not_modified:
                from ingest.run import Skipped
                yield Skipped(native_id)
                continue
            art = parse_article(response.text, response.url)
            text = art["text"] + (f"\n\nNotes to editors\n\n{art['notes_to_editors']}" if art["notes_to_editors"] else "")
            publisher = "Crown Prosecution Service" + (f" ({art['area']})" if art["area"] else "")
            yield Fetched(
                source=SOURCE, native_id=native_id, url=response.url, title=art["title"] or item["title"], text=text,
                published=art["published"] or item["published"], publisher=publisher, source_kind="uk_cps_news",
                licence="ogl-3.0", raw=response.content, raw_content_type=response.content_type, fetch_url=item["url"],
                http_status=response.status, fetched_at=response.fetched_at,
                extra={k: v for k, v in (("area", art["area"]), ("labels", item["labels"])) if v},
            )
        page_url = None if stop else listing["next"]
        ctx.checkpoint({"next": page_url})


EXAMPLES = {
    "listing_page0.html": lambda b: parse_listing(b.decode("utf-8"), "https://www.cps.gov.uk/news"),
    "article_area.html": lambda b: parse_article(b.decode("utf-8"), "https://www.cps.gov.uk/mersey-cheshire/news/prison-officer-jailed-smuggling-phones"),
    "article_national.html": lambda b: parse_article(b.decode("utf-8"), "https://www.cps.gov.uk/cps/news/former-prison-officer-charged-misconduct-public-office"),
}
