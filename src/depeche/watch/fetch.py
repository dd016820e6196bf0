"""HTTP for the watcher: polite (robots.txt, a delay per host, a User-Agent
that names us), bounded (timeout, size, redirects) and conditional."""
from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from depeche import __version__

USER_AGENT = f"depeche/{__version__} (news extraction; feed watcher)"
ROBOTS_NAME = "depeche"


class FetchError(Exception):
    """One fetch that failed, said in one line. `retry`: worth trying again at
    the next poll (a server error, a timeout) rather than given up for good."""

    def __init__(self, message: str, retry: bool = False):
        super().__init__(message)
        self.retry = retry


@dataclass
class Page:
    url: str  # after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    max_age: float | None = None  # seconds the server says the page stays fresh (Cache-Control)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class Limits:
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    delay: float = 1.0  # seconds between two requests to one host


class Fetcher:
    def __init__(self, limits: Limits | None = None, transport: httpx.BaseTransport | None = None):
        self.limits = limits or Limits()
        self.client = httpx.Client(timeout=self.limits.timeout, follow_redirects=False,
                                   headers={"User-Agent": USER_AGENT}, transport=transport)
        self._robots: dict[str, object] = {}
        self._last: dict[str, float] = {}

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Page:
        """The page at `url`, redirects followed by hand so that every hop is
        checked against its own host's robots.txt and a loop is named as one."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        visited = []
        while True:
            self._check_robots(url)
            page, location = self._one(url, headers)
            if location is None:
                return page
            visited.append(url)
            url = urljoin(url, location)
            if url in visited:
                raise FetchError(f"redirect loop back to {url}")
            if len(visited) > self.limits.max_redirects:
                raise FetchError(f"more than {self.limits.max_redirects} redirects")

    def _one(self, url: str, headers: dict) -> tuple[Page, str | None]:
        self._wait_turn(url)
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                if r.is_redirect and r.headers.get("location"):
                    return Page(url, r.status_code), r.headers["location"]
                if r.status_code == 304:
                    return Page(url, 304, max_age=max_age(r.headers.get("cache-control"))), None
                if r.status_code >= 400:
                    raise FetchError(f"HTTP {r.status_code} {r.reason_phrase}".rstrip(),
                                     retry=r.status_code >= 500 or r.status_code == 429)
                body = self._body(r)
                return Page(url, r.status_code, body, r.headers.get("content-type", ""),
                            r.headers.get("etag"), r.headers.get("last-modified"),
                            max_age(r.headers.get("cache-control"))), None
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.limits.timeout or 0:g} s", retry=True) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch: {type(exc).__name__}: {exc}", retry=True) from None

    def _body(self, r: httpx.Response) -> bytes:
        limit = self.limits.max_bytes
        declared = r.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise FetchError(f"over the size limit: {declared} bytes (limit {limit})")
        chunks, size = [], 0
        for chunk in r.iter_bytes():
            size += len(chunk)
            # a server may send more than it declared, or declare nothing
            if size > limit:
                raise FetchError(f"over the size limit: more than {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc
        wait = self._last.get(host, float("-inf")) + self._delay(host) - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last[host] = time.monotonic()

    def _delay(self, host: str) -> float:
        rules = self._robots.get(host)
        asked = rules.crawl_delay(ROBOTS_NAME) if rules is not None and rules is not _FORBID_ALL else None
        return max(self.limits.delay, float(asked or 0))

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"not an http(s) URL: {url}")
        if parts.netloc not in self._robots:
            self._robots[parts.netloc] = self._load_robots(f"{parts.scheme}://{parts.netloc}/robots.txt")
        rules = self._robots[parts.netloc]
        if rules is _FORBID_ALL or not rules.can_fetch(url, ROBOTS_NAME):
            raise FetchError("robots.txt forbids fetching it")

    def _load_robots(self, robots_url: str):
        from protego import Protego

        self._wait_turn(robots_url)
        try:
            r = self.client.get(robots_url, follow_redirects=True)
        except httpx.HTTPError:
            return Protego.parse("")  # no robots.txt to be had: nothing forbidden
        # RFC 9309: a missing file allows everything, a server error forbids
        # everything until it answers again
        if r.status_code >= 500:
            return _FORBID_ALL
        if r.status_code >= 400:
            return Protego.parse("")
        return Protego.parse(r.content[:500_000].decode("utf-8", "replace"))


_FORBID_ALL = object()


def max_age(cache_control: str | None) -> float | None:
    """`max-age` (or `s-maxage`, meant for shared caches such as a poller) in
    seconds; None when absent or unreadable. `no-cache`/`no-store` say
    nothing about how often to ask: None too."""
    if not cache_control:
        return None
    found = {}
    for part in cache_control.lower().split(","):
        name, _, value = part.strip().partition("=")
        if name in ("max-age", "s-maxage"):
            try:
                found[name] = max(0.0, float(value.strip().strip('"')))
            except ValueError:
                continue
    return found.get("s-maxage", found.get("max-age"))
