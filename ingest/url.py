"""Any list of URLs (state attorneys general, departments of corrections, police forces, ...).

Each page's main text is found by trafilatura (`ingest.extract.main_text_of`), its title
(`h1`, `og:title`, `<title>`) and date (`article:published_time`, `<time>`, a written date near
the top) with beautifulsoup4. How a page is filed and licensed comes from its host in
`sources.url.hosts`; a host not listed there is stored as `copyrighted`: facts, a link and a
short quote only, never the full text (rule 3 of the project).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ingest.extract import main_text_of, page_date, page_title, soup_of
from ingest.store import Fetched

SOURCE = "url"
UNKNOWN_HOST = {"source_kind": "news_report", "licence": "copyrighted"}


def parse_page(content: str, url: str = "") -> dict:
    soup = soup_of(content)
    canonical = soup.select_one("link[rel=canonical]")
    title = page_title(soup)
    text = main_text_of(content, url)  # without the headline: the title is stored apart
    return {"title": title, "published": page_date(soup), "text": text,
            "canonical": canonical.get("href") if canonical is not None and canonical.get("href", "").startswith("http") else None}


def crawl(ctx):
    """Fetch each URL given (the allow-list is their hosts plus the configured ones)."""
    from ingest.http import FetchError
    from ingest.run import Failed

    hosts = ctx.settings.get("hosts") or {}
    for url in ctx.options.targets:
        ctx.client.allowed_hosts.add(urlsplit(url).netloc)
    done = set((ctx.resume() or {}).get("done", []))
    for url in ctx.options.targets:
        if url in done:
            continue
        try:
            response = ctx.client.get(url, accept="text/html")
        except FetchError as e:
            yield Failed(url, url, f"{e.kind}: {e.problem}")
            continue
        if response.not_modified:
            from ingest.run import Skipped
            yield Skipped(url)
        else:
            page = parse_page(response.text, response.url)
            host = urlsplit(url).netloc
            filing = hosts.get(host) or {**UNKNOWN_HOST, "publisher": host}
            yield Fetched(
                source=SOURCE, native_id=url, url=page["canonical"] or response.url, title=page["title"], text=page["text"],
                published=page["published"], publisher=filing.get("publisher") or host, source_kind=filing["source_kind"],
                licence=filing["licence"], raw=response.content if filing["licence"] != "copyrighted" else b"",
                raw_content_type=response.content_type, fetch_url=url, http_status=response.status,
                fetched_at=response.fetched_at,
            )
        done.add(url)
        ctx.checkpoint({"done": sorted(done)})


EXAMPLES = {
    "state_ag_release.html": lambda b: parse_page(b.decode("utf-8"), "https://ag.example.gov/news/jailer-sentenced"),
    "police_news_cp1252.html": lambda b: parse_page(b.decode("cp1252"), "https://police.example.uk/news/officer-jailed"),
}
