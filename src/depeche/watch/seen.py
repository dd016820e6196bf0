"""What the watcher remembers in the knowledge base between polls."""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import urldefrag


@lru_cache(maxsize=20_000)  # a feed's links are normalised again at every poll
def normalise(url: str) -> str:
    """One spelling per article link, so that tracking parameters, case or a
    fragment do not make an entry look new."""
    from courlan import normalize_url

    try:
        url = normalize_url(url)
    except Exception:  # noqa: BLE001 - an odd URL is still a key, as written
        pass
    return urldefrag(url)[0]


def taken(con, urls: list[str]) -> dict[str, set]:
    """The versions already taken of each of `urls` that was, in one query
    (a feed of a thousand entries is checked at every poll)."""
    found: dict[str, set] = {}
    for url, version in con.execute("SELECT url, version FROM watch_seen WHERE url IN (SELECT unnest(?))",
                                    [urls]).fetchall():
        found.setdefault(url, set()).add(version)
    return found


def is_seen(con, url: str, version: str | None = None, known: dict[str, set] | None = None) -> bool:
    """Taken already, in this version: an entry the feed says was updated
    since is not. `known`: taken(con, ...) for a set of urls including this one."""
    versions = (known if known is not None else taken(con, [url])).get(url, set())
    # (a row kept before versions were, NULL, stands for any: the upgrade fetches nothing again)
    return bool(versions) and (version is None or version in versions or None in versions)


def mark_seen(con, url: str, feed: str, outcome: str, version: str | None = None) -> None:
    con.execute("DELETE FROM watch_seen WHERE url = ?", [url])
    con.execute("INSERT INTO watch_seen (url, feed, outcome, version) VALUES (?, ?, ?, ?)",
                [url, feed, outcome, version])


def validators(con, feed_url: str) -> tuple[str | None, str | None]:
    row = con.execute("SELECT etag, last_modified FROM watch_feeds WHERE url = ?", [feed_url]).fetchone()
    return (row[0], row[1]) if row else (None, None)


def remember_validators(con, feed_url: str, etag: str | None, last_modified: str | None) -> None:
    con.execute("DELETE FROM watch_feeds WHERE url = ?", [feed_url])
    con.execute("INSERT INTO watch_feeds (url, etag, last_modified) VALUES (?, ?, ?)",
                [feed_url, etag, last_modified])
