"""What to follow: the command line's sources, and the feeds a page points to."""
from __future__ import annotations

import os
from urllib.parse import urljoin, urlsplit

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")


class SourceError(ValueError):
    pass


def expand(args: list[str]) -> list[str]:
    """URLs given directly or listed in files (one a line; blank lines and
    lines starting with # skipped), in order, each once."""
    urls: list[str] = []
    for arg in args:
        for url in _listed(arg) if os.path.isfile(arg) else [arg]:
            if not _is_http(url):
                raise SourceError(f"not an http(s) URL nor a file: {url}")
            if url not in urls:
                urls.append(url)
    return urls


def _listed(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        lines = (line.strip() for line in f)
        return [line for line in lines if line and not line.startswith("#")]


def _is_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def feed_links(page: bytes, base_url: str) -> list[str]:
    """The feeds a home page announces with <link rel="alternate" type=...>,
    absolute; trafilatura's guesses when it announces none."""
    import lxml.html

    try:
        root = lxml.html.fromstring(page)
    except Exception:  # noqa: BLE001 - not HTML: it announces nothing
        return []
    found = []
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in _FEED_TYPES and href:
            url = urljoin(base_url, href)
            if url not in found:
                found.append(url)
    return found or _guessed(page, base_url)


def _guessed(page: bytes, base_url: str) -> list[str]:
    """Links in the body that look like feeds (trafilatura's rules), without
    trafilatura fetching anything itself."""
    try:
        from trafilatura.feeds import FeedParameters, determine_feed
    except ImportError:
        return []
    try:
        parts = urlsplit(base_url)
        params = FeedParameters(f"{parts.scheme}://{parts.netloc}", parts.netloc, base_url)
        return determine_feed(page.decode("utf-8", "replace"), params)
    except Exception:  # noqa: BLE001 - a guess that fails is no guess
        return []
