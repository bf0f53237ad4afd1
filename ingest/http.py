"""A polite HTTP client for the scrapers (httpx): paced, retried, robots-aware, allow-listed, size-capped.

Rules from ../shared/sources.md §0: identify yourself; obey robots.txt; one request at a time per
host with a delay; exponential backoff with jitter on connection errors, 5xx and 429, honouring
Retry-After; branch on status and Content-Type, never on the body; decode by the declared charset,
else UTF-8, with cp1252 as the last resort.
"""

from __future__ import annotations

import email.utils
import random
import re
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from casebook.errors import CasebookError

RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_REDIRECTS = 5
# justice.gov blocks clients above 4 requests/s (sources.md, quoting the DOJ developer page).
HOST_MIN_INTERVAL = {"justice.gov": 0.25}
# <meta charset="windows-1252"> or <meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
META_CHARSET_RE = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", re.I)


class FetchError(CasebookError):
    """A request that did not give a usable response; `kind` says why (blocked, disallowed, failed, ...)."""

    def __init__(self, url: str, kind: str, problem: str, status: int | None = None):
        super().__init__(f"{url}: {kind}: {problem}")
        self.url, self.kind, self.problem, self.status = url, kind, problem, status


@dataclass
class Response:
    url: str                       # final URL, after redirects
    status: int
    headers: dict
    content: bytes
    fetched_at: float = field(default_factory=time.time)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def text(self) -> str:
        return decode(self.content, self.headers.get("content-type", ""))

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def decode(content: bytes, content_type: str = "") -> str:
    """Bytes to text: the declared charset (header, then <meta>), else UTF-8; cp1252 when that fails."""
    m = re.search(r"charset=[\"']?([A-Za-z0-9_-]+)", content_type or "", re.I)
    declared = m.group(1) if m else None
    if declared is None:
        mm = META_CHARSET_RE.search(content[:2048])
        declared = mm.group(1).decode("ascii") if mm else None
    for encoding in (declared, "utf-8"):
        if not encoding:
            continue
        try:
            return content.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return content.decode("cp1252", errors="replace")


def rebase(url: str, base: str) -> str:
    """The same path and query on the configured host: an official URL read from a mirror or the test server."""
    parts = urlsplit(url)
    return base.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds: "120" or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now or time.time()))


class PoliteClient:
    """One client per run. `sleep` and `jitter` can be replaced (tests keep real waits short)."""

    def __init__(self, *, user_agent: str, allowed_hosts, pace_seconds: float, timeout_seconds: float = 30,
                 max_tries: int = 5, backoff_seconds: float = 2.0, max_retry_after_seconds: float = 300,
                 max_response_bytes: int = 20_000_000, headers: dict | None = None, validators=None,
                 sleep=time.sleep, log=None):
        self.allowed_hosts = set(allowed_hosts)
        self.pace = pace_seconds
        self.max_tries = max(1, int(max_tries))
        self.backoff = backoff_seconds
        self.max_retry_after = max_retry_after_seconds
        self.max_bytes = int(max_response_bytes)
        self.validators = validators  # state store: remembers ETag / Last-Modified per URL
        self.sleep = sleep
        self.log = log or (lambda msg: None)
        self.user_agent = user_agent
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self.requests = 0
        self.http = httpx.Client(
            headers={"User-Agent": user_agent, **(headers or {})},
            timeout=httpx.Timeout(timeout_seconds), follow_redirects=False,
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- the rules -------------------------------------------------------------------------------

    def check_host(self, url: str) -> None:
        host = urlsplit(url).netloc
        if host not in self.allowed_hosts:
            raise FetchError(url, "off-list", f"host {host!r} is not on this source's allow-list")

    def wait_turn(self, host: str) -> None:
        """One request at a time per host, at least `pace` seconds apart (and never over a host's cap)."""
        interval = self.pace
        for suffix, floor in HOST_MIN_INTERVAL.items():
            if host == suffix or host.endswith("." + suffix):
                interval = max(interval, floor)
        last = self._last.get(host)
        if last is not None:
            wait = last + interval - time.monotonic()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = time.monotonic()

    def robots_allows(self, url: str) -> bool:
        """robots.txt, fetched once per host per run (RFC 9309: 4xx = no rules, 5xx or no answer = keep out)."""
        parts = urlsplit(url)
        host = parts.netloc
        if host not in self._robots:
            robots_url = f"{parts.scheme}://{host}/robots.txt"
            parser = urllib.robotparser.RobotFileParser(robots_url)
            try:
                self.wait_turn(host)
                r = self.http.get(robots_url)
                self.requests += 1
                if r.status_code >= 500:
                    parser.disallow_all = True
                elif r.status_code >= 400:
                    parser.allow_all = True
                else:
                    parser.parse(decode(r.content, r.headers.get("content-type", "")).splitlines())
            except httpx.HTTPError:
                parser.disallow_all = True
            self._robots[host] = parser
        return self._robots[host].can_fetch(self.user_agent, url)

    def backoff_wait(self, attempt: int) -> float:
        return self.backoff * (2 ** attempt) + random.uniform(0, self.backoff)

    # -- the request -----------------------------------------------------------------------------

    def get(self, url: str, *, accept: str = "text/html", params: dict | None = None, conditional: bool = True) -> Response:
        """GET with every rule applied; raises FetchError(kind=...) when no usable response comes back."""
        if params:
            url = str(httpx.URL(url, params=params))
        self.check_host(url)
        if not self.robots_allows(url):
            raise FetchError(url, "disallowed", "robots.txt disallows this path")
        headers = {"Accept": accept}
        if conditional and self.validators is not None:
            headers.update(self.validators.conditional_headers(url))
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            response = self._get_with_retries(current, headers)
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    raise FetchError(current, "bad-redirect", f"HTTP {response.status} without a Location")
                nxt = urljoin(current, location)  # Location may be relative
                try:
                    self.check_host(nxt)
                except FetchError:
                    raise FetchError(url, "off-host-redirect", f"redirected to {nxt}, which is not on the allow-list") from None
                if not self.robots_allows(nxt):
                    raise FetchError(nxt, "disallowed", "robots.txt disallows the redirect target")
                current = nxt
                continue
            break
        else:
            raise FetchError(url, "redirect-loop", f"more than {MAX_REDIRECTS} redirects")
        status = response.status
        if status == 304:
            return response
        if status in (401, 403):
            raise FetchError(current, "blocked", f"HTTP {status} (access refused)", status)
        if status == 404:
            raise FetchError(current, "not-found", "HTTP 404", status)
        if status >= 400:
            raise FetchError(current, "failed", f"HTTP {status}", status)
        if self.validators is not None:
            self.validators.remember(url, response.headers)
        return response

    def _get_with_retries(self, url: str, headers: dict) -> Response:
        host = urlsplit(url).netloc
        problem = "no response"
        for attempt in range(self.max_tries):
            self.wait_turn(host)
            try:
                response = self._fetch(url, headers)
            except httpx.TimeoutException:
                problem = "timed out"
            except (httpx.TransportError, httpx.DecodingError) as e:  # reset, refused, truncated body
                problem = f"connection error ({type(e).__name__})"
            else:
                if response.status not in RETRY_STATUSES:
                    return response
                problem = f"HTTP {response.status}"
                wait = retry_after_seconds(response.headers.get("retry-after"))
                if wait is not None:
                    if wait > self.max_retry_after:
                        raise FetchError(url, "rate-limited", f"HTTP {response.status} with Retry-After {wait:.0f} s "
                                                              f"(more than the {self.max_retry_after:.0f} s we wait)", response.status)
                    if attempt + 1 < self.max_tries:
                        self.log(f"{url}: {problem}; waiting {wait:.1f} s as Retry-After asks")
                        self.sleep(wait)
                    continue
            if attempt + 1 < self.max_tries:
                wait = self.backoff_wait(attempt)
                self.log(f"{url}: {problem}; retry {attempt + 1} of {self.max_tries - 1} in {wait:.1f} s")
                self.sleep(wait)
        raise FetchError(url, "failed", f"{problem} after {self.max_tries} tries")

    def _fetch(self, url: str, headers: dict) -> Response:
        self.requests += 1
        with self.http.stream("GET", url, headers=headers) as r:
            declared = r.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(url, "too-large", f"{declared} bytes declared (cap {self.max_bytes})", r.status_code)
            chunks, size = [], 0
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(url, "too-large", f"more than {self.max_bytes} bytes", r.status_code)
                chunks.append(chunk)
            return Response(str(r.url), r.status_code, {k.lower(): v for k, v in r.headers.items()}, b"".join(chunks))
