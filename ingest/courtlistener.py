"""CourtListener REST API v4 opinion search (courtlistener.com), sources.md §4.

`GET /api/rest/v4/search/?type=o&q=...` with `Authorization: Token <key>` (from the environment
variable named in the config, COURTLISTENER_TOKEN by default); 20 results a page, followed by
the absolute `next` URL (a cursor we never build). The opinion text comes from
`/api/rest/v4/opinions/<id>/` (`plain_text`, else `html`). The default pace (one request per
15 s) keeps a default account under its 5/min and 50/hour limits. Opinions are public domain.
"""

from __future__ import annotations

import json
import os

from casebook.errors import CasebookError
from ingest.extract import clean, html_to_text, iso_to_date, soup_of
from ingest.http import FetchError, rebase
from ingest.store import Fetched

SERVER_SEARCH = True  # --query goes to the source's own search
SOURCE = "courtlistener"
OFFICIAL = "https://www.courtlistener.com"
ATTRIBUTION = "Opinion text via CourtListener (Free Law Project). {url}"


def token(settings: dict) -> str:
    name = settings.get("token_env") or "COURTLISTENER_TOKEN"
    value = os.environ.get(name, "").strip()
    if not value:
        raise CasebookError(f"courtlistener: no API token in ${name}",
                            f"create one at {OFFICIAL}/profile/api/ and run: export {name}=<your 40-character token>")
    return value


def headers(settings: dict) -> dict:
    """The auth header every request carries (the word "Token", a space, the key)."""
    return {"Authorization": f"Token {token(settings)}"}


def parse_search(content: bytes, url: str = "") -> dict:
    """{"count", "next", "results": [{cluster_id, case_name, court, date_filed, url, citations, opinion_ids, snippet}]}."""
    from ingest.run import SourceDataError

    try:
        data = json.loads(content)
    except ValueError:
        raise SourceDataError(SOURCE, url, "(body)", "not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise SourceDataError(SOURCE, url, "results", "expected a list")
    results = []
    for n, r in enumerate(data["results"]):
        if not r.get("cluster_id"):
            raise SourceDataError(SOURCE, f"{url} result {n}", "cluster_id", "missing")
        opinions = r.get("opinions") or []
        results.append({
            "cluster_id": str(r["cluster_id"]),
            "case_name": clean(r.get("caseName") or r.get("caseNameFull")) or None,
            "court": clean(r.get("court")) or None,
            "court_id": r.get("court_id") or None,
            "date_filed": iso_to_date(r.get("dateFiled")),
            "url": OFFICIAL + r["absolute_url"] if (r.get("absolute_url") or "").startswith("/") else r.get("absolute_url"),
            "citations": list(r.get("citation") or []),
            "docket_number": r.get("docketNumber") or None,
            "opinion_ids": [str(o["id"]) for o in opinions if o.get("id")],
            "snippet": clean(soup_of(opinions[0].get("snippet") or "").get_text("")) if opinions else None,
        })
    return {"count": data.get("count"), "next": data.get("next"), "results": results}


def parse_opinion(content: bytes, url: str = "") -> dict:
    """{"id", "text"}: the plain text, else the HTML reduced to paragraphs."""
    from ingest.run import SourceDataError

    try:
        data = json.loads(content)
    except ValueError:
        raise SourceDataError(SOURCE, url, "(body)", "not JSON") from None
    text = (data.get("plain_text") or "").strip()
    if not text:
        markup = data.get("html_with_citations") or data.get("html") or data.get("html_lawbox") or ""
        text = html_to_text(markup)
    return {"id": str(data.get("id")), "text": text}


def local(url: str, base: str) -> str:
    """An absolute API URL (official host) read from the configured host instead."""
    return rebase(url, base) if url.startswith(OFFICIAL) else url


def crawl(ctx):
    """Search each query (newest first, within --since/--until); fetch each cluster's first opinion."""
    from ingest.run import Failed

    base = ctx.settings["base_url"]
    for query in ctx.queries:
        saved = (ctx.resume() or {}).get(query)
        params = None
        next_url = saved
        if not next_url:
            next_url = f"{base}/api/rest/v4/search/"
            params = {"q": query, "type": "o", "order_by": "dateFiled desc"}
            if ctx.options.since:
                params["filed_after"] = ctx.options.since
            if ctx.options.until:
                params["filed_before"] = ctx.options.until
        while next_url:
            try:
                response = ctx.client.get(next_url, accept="application/json", params=params, conditional=False)
            except FetchError as e:
                if e.kind == "not-found" and saved:  # an old cursor ("Invalid cursor"): start the query again
                    ctx.log(f"courtlistener: saved cursor refused ({e.problem}); restarting {query!r}")
                    ctx.checkpoint({**(ctx.resume() or {}), query: None})
                    saved, next_url = None, f"{base}/api/rest/v4/search/"
                    params = {"q": query, "type": "o", "order_by": "dateFiled desc"}
                    continue
                raise
            params = None
            page = parse_search(response.content, response.url)
            for r in page["results"]:
                if not r["opinion_ids"]:
                    yield Failed(r["cluster_id"], r["url"] or "", "no opinion in the cluster")
                    continue
                op_url = f"{base}/api/rest/v4/opinions/{r['opinion_ids'][0]}/"
                try:
                    op = ctx.client.get(op_url, accept="application/json")
                except FetchError as e:
                    yield Failed(r["cluster_id"], r["url"] or op_url, f"{e.kind}: {e.problem}")
                    continue
                opinion = parse_opinion(op.content, op_url)
                yield Fetched(
                    source=SOURCE, native_id=r["cluster_id"], url=r["url"] or op_url, title=r["case_name"],
                    text=opinion["text"], published=r["date_filed"],
                    publisher=f"CourtListener (Free Law Project): {r['court'] or r['court_id'] or 'court'}",
                    source_kind="court_judgment", licence="public-domain-us-gov",
                    attribution=ATTRIBUTION.format(url=r["url"] or op_url), raw=op.content, raw_content_type=op.content_type,
                    fetch_url=op_url, http_status=op.status, fetched_at=op.fetched_at,
                    extra={k: v for k, v in (("citations", r["citations"]), ("docket_number", r["docket_number"]),
                                             ("court_id", r["court_id"])) if v},
                )
            next_url = local(page["next"], base) if page["next"] else None
            ctx.checkpoint({**(ctx.resume() or {}), query: next_url})


EXAMPLES = {
    "search_page1.json": lambda b: parse_search(b, "search_page1.json"),
    "opinion_101.json": lambda b: parse_opinion(b, "opinion_101.json"),
    "opinion_202.json": lambda b: parse_opinion(b, "opinion_202.json"),
}
