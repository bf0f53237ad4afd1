"""The ingest settings: `ingest/sources.yml` (or `--config FILE`), checked field by field on load."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

from casebook import __version__
from casebook.errors import CasebookError

DEFAULT_CONFIG = Path(__file__).resolve().parent / "sources.yml"
SOURCES = ("doj", "cps", "fcl", "courtlistener", "url")
CLIENT_NUMBERS = ("timeout_seconds", "max_tries", "backoff_seconds", "max_retry_after_seconds",
                  "max_response_bytes", "min_text_chars")


def _fail(path, field, problem, hint=None):
    raise CasebookError(f"{path}: {field}: {problem}", hint or "see ingest/sources.yml for the expected shape")


def load_config(path: Path | None = None) -> dict:
    """The parsed and checked settings; every problem names the file and the field."""
    path = Path(path or DEFAULT_CONFIG)
    try:
        cfg = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise CasebookError(f"{path}: cannot read: {e.strerror}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise CasebookError(f"{where}: not valid YAML: {getattr(e, 'problem', e)}") from None
    if not isinstance(cfg, dict):
        _fail(path, "(file)", "expected a mapping with client, queries and sources")
    client = cfg.get("client")
    if not isinstance(client, dict):
        _fail(path, "client", "missing or not a mapping")
    for key in CLIENT_NUMBERS:
        if not isinstance(client.get(key), (int, float)) or client[key] < 0:
            _fail(path, f"client.{key}", f"expected a number ≥ 0, got {client.get(key)!r}")
    for key in ("user_agent", "contact"):
        if not isinstance(client.get(key), str) or not client[key].strip():
            _fail(path, f"client.{key}", "expected text")
    queries = cfg.get("queries")
    if not isinstance(queries, list) or not all(isinstance(q, str) and q.strip() for q in queries):
        _fail(path, "queries", "expected a list of search terms")
    sources = cfg.get("sources")
    if not isinstance(sources, dict):
        _fail(path, "sources", "missing or not a mapping")
    for name in SOURCES:
        src = sources.get(name)
        if not isinstance(src, dict):
            _fail(path, f"sources.{name}", "missing or not a mapping")
        if not isinstance(src.get("pace_seconds"), (int, float)) or src["pace_seconds"] < 0:
            _fail(path, f"sources.{name}.pace_seconds", f"expected a number ≥ 0, got {src.get('pace_seconds')!r}")
        if name != "url" and not _is_url(src.get("base_url")):
            _fail(path, f"sources.{name}.base_url", f"expected an http(s) URL, got {src.get('base_url')!r}")
    _check_url_hosts(path, sources["url"].get("hosts") or {})
    cfg["path"] = str(path)
    return cfg


def _check_url_hosts(path, hosts) -> None:
    """Each host of the url source names a known source kind and licence (a typo would file pages wrongly)."""
    from casebook.licences import LICENCES, SOURCE_KINDS

    if not isinstance(hosts, dict):
        _fail(path, "sources.url.hosts", "expected a mapping of host: {source_kind, licence, publisher}")
    for host, filing in hosts.items():
        if not isinstance(filing, dict):
            _fail(path, f"sources.url.hosts.{host}", "expected {source_kind, licence, publisher}")
        if filing.get("licence") not in LICENCES:
            _fail(path, f"sources.url.hosts.{host}.licence", f"{filing.get('licence')!r} is not one of {', '.join(LICENCES)}")
        if filing.get("source_kind") not in SOURCE_KINDS:
            _fail(path, f"sources.url.hosts.{host}.source_kind",
                  f"{filing.get('source_kind')!r} is not one of {', '.join(SOURCE_KINDS)}")


def _is_url(value) -> bool:
    return isinstance(value, str) and urlsplit(value).scheme in ("http", "https") and bool(urlsplit(value).netloc)


def user_agent(cfg: dict) -> str:
    """The identifying User-Agent: product/version, project URL and the configured contact."""
    client = cfg["client"]
    return client["user_agent"].format(version=__version__, contact=client["contact"])


def source_settings(cfg: dict, name: str, base_url: str | None = None) -> dict:
    """One source's settings, with --base-url applied: the mirror's host joins the allow-list."""
    src = dict(cfg["sources"][name])
    hosts = set(src.get("hosts") or [])
    if name == "url":
        hosts = set((src.get("hosts") or {}).keys())
    if base_url:
        if not _is_url(base_url):
            raise CasebookError(f"--base-url: expected an http(s) URL, got {base_url!r}")
        src["base_url"] = base_url.rstrip("/")
        hosts.add(urlsplit(base_url).netloc)
    elif src.get("base_url"):
        hosts.add(urlsplit(src["base_url"]).netloc)
    src["allowed_hosts"] = sorted(hosts)
    return src
