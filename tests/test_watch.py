"""`depeche watch`: feeds served by a local HTTP server (no outside network)."""
from __future__ import annotations

import threading
import time
import zlib
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import duckdb
import pytest

from depeche.cli import main

ARTICLES = {
    "/news/maire.html": ("Lyon : le maire veut plus de tramways",
                         "Le maire de Lyon a déclaré mardi que la ville construirait trois nouvelles lignes "
                         "de tramway d'ici 2030. « Nous n'avons plus le choix », a-t-il ajouté devant le "
                         "conseil municipal. L'opposition a dénoncé un projet trop coûteux."),
    "/news/port.html": ("Marseille : les dockers en grève",
                        "Les dockers du port de Marseille ont annoncé jeudi une grève de quarante-huit "
                        "heures. Selon le syndicat, les salaires n'ont pas suivi l'inflation depuis deux ans. "
                        "La direction du port a affirmé qu'elle recevrait les représentants lundi."),
}
HUGE = "/big/enorme.html"
LIMIT = 50_000


def _page(title: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in text.split(". ") if s.strip())
    return (f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>").encode()


def _rss(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{ARTICLES.get(p, ('Un article', ''))[0]}</title><link>{base}{p}</link>"
        f"<guid>{base}{p}</guid><pubDate>Tue, 03 Mar 2026 08:00:00 GMT</pubDate>"
        f"<description>Résumé de l'article.</description></item>" for p in paths)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Le Quotidien</title>"
            f"<link>{base}/</link><description>Actualités</description>{items}</channel></rss>").encode()


class Site:
    """A tiny news site: routes answered from a dict, every request counted."""

    def __init__(self):
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.hits: Counter = Counter()
        self.headers: list[dict] = []
        self.slow: set[str] = set()  # paths answered only after a second
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                try:
                    self._answer()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout under test)

            def _answer(self):
                site.hits[self.path] += 1
                site.headers.append({"path": self.path, **dict(self.headers)})
                if self.path in site.slow:
                    time.sleep(1.0)
                status, kind, body = site.routes.get(self.path, (404, "text/plain", b"not found"))
                if status in (301, 302):
                    self.send_response(status)
                    self.send_header("Location", body.decode())
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                etag = f'"{zlib.crc32(body):x}"'  # changes with the feed
                if status == 200 and kind.endswith("xml") and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                if kind.endswith("xml"):
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    s = Site()
    b = s.base
    s.routes.update({
        "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
        "/": (200, "text/html", (f"<html><head><title>Le Quotidien</title><link rel='alternate' "
                                 f"type='application/rss+xml' href='/feed.xml'></head><body>Accueil</body>"
                                 f"</html>").encode()),
        "/feed.xml": (200, "application/rss+xml", _rss(b, list(ARTICLES))),
        "/broken/feed.xml": (500, "text/plain", b"oops"),
        "/bad/feed.xml": (200, "application/rss+xml", b"<rss version='2.0'><channel><<<& not xml at all"),
        "/big/feed.xml": (200, "application/rss+xml", _rss(b, [HUGE])),
        HUGE: (200, "text/html", b"<html><body><p>" + b"Texte sans fin. " * 5000 + b"</p></body></html>"),
        "/private/feed.xml": (200, "application/rss+xml", _rss(b, ["/private/secret.html"])),
        "/private/secret.html": (200, "text/html", _page("Secret", ARTICLES["/news/maire.html"][1])),
        "/loop/feed.xml": (301, "", b"/loop/other.xml"),
        "/loop/other.xml": (302, "", b"/loop/feed.xml"),
    })
    for path, (title, text) in ARTICLES.items():
        s.routes[path] = (200, "text/html", _page(title, text))
    yield s
    s.close()


def _watch(db, *sources, limit=LIMIT):
    return main(["watch", *sources, "--db", str(db), "--once", "--delay", "0", "--timeout", "5",
                 "--max-bytes", str(limit)])


def _rows(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_new_entries_are_stored_with_their_statements_and_never_fetched_twice(site, tmp_path, capsys):
    db = tmp_path / "desk.duckdb"
    assert _watch(db, site.base + "/feed.xml") == 0
    err = capsys.readouterr().err
    assert "1 source polled, 2 entries new, 2 articles stored, 0 errors" in err

    titles = sorted(t for (t,) in _rows(db, "SELECT title FROM articles"))
    assert titles == sorted(t for t, _ in ARTICLES.values())
    urls = {u for (u,) in _rows(db, "SELECT url FROM articles")}
    assert urls == {site.base + p for p in ARTICLES}
    published = {str(p) for (p,) in _rows(db, "SELECT published FROM articles")}
    assert published == {"2026-03-03"}
    contents = " | ".join(c for (c,) in _rows(db, "SELECT content FROM statements"))
    assert "trois nouvelles lignes" in contents
    assert "recevrait les représentants" in contents

    assert _watch(db, site.base + "/feed.xml") == 0
    err = capsys.readouterr().err
    assert "1 source polled, 0 entries new, 0 articles stored, 0 errors" in err
    for path in ARTICLES:
        assert site.hits[path] == 1, path
    # the second poll asked whether the feed changed; it had not
    feed_requests = [h for h in site.headers if h["path"] == "/feed.xml"]
    assert feed_requests[-1].get("If-None-Match") == f'"{zlib.crc32(site.routes["/feed.xml"][2]):x}"'
    assert _rows(db, "SELECT count(*) FROM articles") == [(2,)]


def test_a_home_page_leads_to_its_feed_and_a_file_lists_sources(site, tmp_path, capsys):
    listing = tmp_path / "sources.txt"
    listing.write_text(f"# the desk\n\n{site.base}/\n")
    db = tmp_path / "desk.duckdb"
    assert _watch(db, str(listing)) == 0
    assert "2 articles stored, 0 errors" in capsys.readouterr().err
    assert site.hits["/feed.xml"] == 1
    assert _rows(db, "SELECT count(*) FROM articles") == [(2,)]


def test_each_failure_stays_with_its_source_and_the_good_one_is_stored(site, tmp_path, capsys):
    db = tmp_path / "desk.duckdb"
    b = site.base
    status = _watch(db, b + "/broken/feed.xml", b + "/bad/feed.xml", b + "/big/feed.xml",
                    b + "/private/feed.xml", b + "/loop/feed.xml", b + "/feed.xml")
    assert status == 1
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert f"depeche: {b}/broken/feed.xml: HTTP 500 Internal Server Error" in lines
    assert any(line.startswith(f"depeche: {b}/bad/feed.xml: malformed feed:") for line in lines)
    assert any(line.startswith(f"depeche: {b}{HUGE}: over the size limit") for line in lines)
    assert f"depeche: {b}/private/feed.xml: robots.txt forbids fetching it" in lines
    assert f"depeche: {b}/loop/feed.xml: redirect loop back to {b}/loop/feed.xml" in lines
    assert "6 sources polled, 3 entries new, 2 articles stored, 5 errors" in err
    assert "Traceback" not in err
    assert site.hits["/private/feed.xml"] == 0
    assert site.hits["/private/secret.html"] == 0
    assert _rows(db, "SELECT count(*) FROM articles") == [(2,)]
    assert _rows(db, "SELECT count(*) FROM statements")[0][0] >= 2


def test_a_redirect_loop_is_named():
    import httpx

    from depeche.watch.fetch import Fetcher, FetchError, Limits

    def bounce(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(301, headers={"Location": "/b.xml" if request.url.path == "/a.xml" else "/a.xml"})

    fetcher = Fetcher(Limits(delay=0), transport=httpx.MockTransport(bounce))
    with pytest.raises(FetchError, match="redirect loop back to http://example.test/a.xml"):
        fetcher.get("http://example.test/a.xml")


def test_a_slow_source_times_out_and_the_next_poll_tries_again(site, tmp_path, capsys):
    site.slow.add("/feed.xml")
    db = tmp_path / "desk.duckdb"
    status = main(["watch", site.base + "/feed.xml", "--db", str(db), "--once", "--delay", "0",
                   "--timeout", "0.3"])
    assert status == 1
    err = capsys.readouterr().err
    assert f"depeche: {site.base}/feed.xml: timed out after 0.3 s" in err.splitlines()
    assert "1 source polled, 0 entries new, 0 articles stored, 1 error" in err


def test_a_page_without_text_gives_the_entry_its_own_summary(site, tmp_path, capsys):
    summary = ("La préfète du Rhône a annoncé mercredi que les routes resteront fermées jusqu'à "
               "vendredi. « La sécurité passe avant tout », a-t-elle précisé.")
    site.routes["/vide/feed.xml"] = (200, "application/rss+xml", (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Brèves</title>"
        f"<item><title>Routes fermées</title><link>{site.base}/vide/breve.html</link>"
        f"<description>{summary}</description></item></channel></rss>").encode())
    site.routes["/vide/breve.html"] = (200, "text/html", b"<html><body><div></div></body></html>")
    db = tmp_path / "desk.duckdb"
    assert _watch(db, site.base + "/vide/feed.xml") == 0
    assert "1 article stored, 0 errors" in capsys.readouterr().err
    assert site.hits["/vide/breve.html"] == 1
    [(title, text, url)] = _rows(db, "SELECT title, text, url FROM articles")
    assert (title, url) == ("Routes fermées", site.base + "/vide/breve.html")
    assert "routes resteront fermées" in text
    contents = [c for (c,) in _rows(db, "SELECT content FROM statements")]
    assert any("routes resteront fermées" in c for c in contents)


def test_a_body_without_a_declared_length_is_cut_at_the_limit():
    import httpx

    from depeche.watch.fetch import Fetcher, FetchError, Limits

    def endless(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, content=iter([b"<p>encore</p>" * 100] * 1000))

    fetcher = Fetcher(Limits(delay=0, max_bytes=10_000), transport=httpx.MockTransport(endless))
    with pytest.raises(FetchError, match="over the size limit: more than 10000 bytes"):
        fetcher.get("http://example.test/page.html")


def test_without_once_it_polls_then_sleeps_the_interval(site, tmp_path, capsys, monkeypatch):
    slept = []
    real = time.monotonic

    def sleep(seconds):
        slept.append(seconds)
        if len(slept) == 2:
            raise KeyboardInterrupt  # Ctrl-C during the second wait

    # the waits pass at once: the clock jumps by what was slept
    monkeypatch.setattr(time, "monotonic", lambda: real() + sum(slept))
    monkeypatch.setattr(time, "sleep", sleep)
    status = main(["watch", site.base + "/feed.xml", "--db", str(tmp_path / "desk.duckdb"), "--delay", "0",
                   "--interval", "42"])
    assert status == 130
    # a healthy source is polled again after the interval, give or take the 10% jitter,
    # counted from when its poll began (the poll's own seconds come off the wait)
    assert len(slept) == 2 and all(42 * 0.9 - 10 <= s <= 42 * 1.1 for s in slept)
    err = capsys.readouterr().err
    assert "2 articles stored" in err and "0 articles stored" in err  # the second poll found nothing new
    assert site.hits["/news/maire.html"] == 1


def test_a_source_that_is_not_a_url_is_refused(tmp_path, capsys):
    assert main(["watch", "ftp://example.test/feed", "--db", str(tmp_path / "x.duckdb"), "--once"]) == 2
    assert "not an http(s) URL nor a file" in capsys.readouterr().err


def _status(db, *extra):
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["watch", "--status", "--db", str(db), *extra]) == 0
    return out.getvalue()


def test_each_source_health_is_kept_and_watch_status_shows_it(site, tmp_path, capsys):
    import csv
    import datetime as dt
    import json

    db = tmp_path / "desk.duckdb"
    b = site.base
    _watch(db, b + "/feed.xml", b + "/broken/feed.xml", b + "/big/feed.xml")
    first = {r["source"]: r for r in json.loads(_status(db, "--format", "json"))}
    _watch(db, b + "/feed.xml", b + "/broken/feed.xml", b + "/big/feed.xml")
    capsys.readouterr()
    rows = {r["source"]: r for r in json.loads(_status(db, "--format", "json"))}
    assert set(rows) == {b + "/feed.xml", b + "/broken/feed.xml", b + "/big/feed.xml"}

    good = rows[b + "/feed.xml"]
    # the second poll was answered 304: nothing new, still healthy
    assert (good["status"], good["errors"], good["last_error"]) == ("not modified", 0, None)
    assert (good["entries"], good["fetched"], good["stored"]) == (2, 2, 2)
    assert good["last_success"] == good["last_poll"]

    broken = rows[b + "/broken/feed.xml"]
    assert (broken["status"], broken["errors"], broken["last_error"]) == ("error", 2, "HTTP 500 Internal Server Error")
    assert broken["last_success"] is None
    # two failures in a row: due again only after four times the interval (300 s), give or take the jitter
    wait = (dt.datetime.fromisoformat(broken["next_poll"]) - dt.datetime.fromisoformat(broken["last_poll"]))
    assert 4 * 300 * 0.9 - 1 <= wait.total_seconds() <= 4 * 300 * 1.1 + 1

    big = first[b + "/big/feed.xml"]
    # the feed answers, its one entry does not: the source works, with an error to show
    assert big["status"] == "partial" and big["errors"] == 0
    assert big["last_error"].startswith(f"{b}{HUGE}: over the size limit")
    assert (big["fetched"], big["stored"]) == (1, 0)

    table = list(csv.DictReader(io_text(_status(db, "--format", "csv"))))
    assert [r["source"] for r in table][0] == b + "/broken/feed.xml"  # failing sources first
    assert {r["status"] for r in table} == {"error", "not modified"}
    assert rows[b + "/big/feed.xml"]["last_error"] is None  # the next poll found nothing wrong


def io_text(s: str):
    import io

    return io.StringIO(s)


def test_watch_status_on_a_base_without_sources_says_so(tmp_path, capsys):
    db = tmp_path / "empty.duckdb"
    duckdb.connect(str(db)).close()
    from depeche import store

    store.connect(str(db)).close()
    assert _status(db, "--format", "json").strip() == "[]"
    assert "no source watched yet" in capsys.readouterr().err


def test_an_updated_entry_fetches_its_page_again_and_replaces_its_article(site, tmp_path, capsys):
    b = site.base
    path = "/news/maire.html"
    title, text = ARTICLES[path]

    def publish(updated: str, body: str):
        site.routes["/maj/feed.xml"] = (200, "application/atom+xml", (
            f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Fil</title>"
            f"<id>{b}/maj/</id><updated>{updated}</updated><entry><title>{title}</title>"
            f"<link href='{b}{path}'/><id>{b}{path}</id><updated>{updated}</updated></entry></feed>").encode())
        site.routes[path] = (200, "text/html", _page(title, body))

    db = tmp_path / "desk.duckdb"
    publish("2026-03-03T08:00:00Z", text)
    assert _watch(db, b + "/maj/feed.xml") == 0
    publish("2026-03-03T08:00:00Z", text)
    assert _watch(db, b + "/maj/feed.xml") == 0
    assert site.hits[path] == 1  # unchanged entry: not fetched again
    corrected = text.replace("trois nouvelles lignes", "cinq nouvelles lignes")
    publish("2026-03-03T11:30:00Z", corrected)
    assert _watch(db, b + "/maj/feed.xml") == 0
    assert "1 entry new, 1 article stored, 0 errors" in capsys.readouterr().err
    assert site.hits[path] == 2
    assert _rows(db, "SELECT count(*) FROM articles") == [(1,)]
    [(stored,)] = _rows(db, "SELECT text FROM articles")
    assert "cinq nouvelles lignes" in stored and "trois" not in stored
    contents = " | ".join(c for (c,) in _rows(db, "SELECT content FROM statements"))
    assert "cinq nouvelles lignes" in contents and "trois nouvelles lignes" not in contents


def test_the_schedule_honours_ttl_and_max_age_backs_off_and_jitters():
    import random

    from depeche.watch.fetch import max_age
    from depeche.watch.schedule import MAX_BACKOFF, next_wait

    class Fixed(random.Random):
        def __init__(self, x):
            super().__init__()
            self.x = x

        def random(self):
            return self.x

    mid = Fixed(0.5)  # no jitter
    assert next_wait(60, rng=mid) == 60
    assert next_wait(60, ttl=600, rng=mid) == 600  # <ttl>10</ttl>: ten minutes
    assert next_wait(60, max_age=120, rng=mid) == 120
    assert next_wait(600, ttl=60, max_age=30, rng=mid) == 600  # never sooner than asked
    assert next_wait(60, ttl=10 ** 9, rng=mid) == 24 * 3600  # a silly ttl is capped
    assert [next_wait(60, errors=n, rng=mid) for n in (1, 2, 3)] == [120, 240, 480]
    assert next_wait(60, errors=50, rng=mid) == MAX_BACKOFF
    assert next_wait(60, errors=2, ttl=10 ** 6, rng=mid) == 240  # a failing source's hints do not hold it back
    assert next_wait(100, rng=Fixed(0.0)) == pytest.approx(90) and next_wait(100, rng=Fixed(1.0)) == pytest.approx(110)
    waits = {round(next_wait(100), 3) for _ in range(20)}
    assert len(waits) > 1 and all(90 <= w <= 110 for w in waits)

    assert max_age("public, max-age=300") == 300
    assert max_age("max-age=300, s-maxage=900") == 900
    assert max_age('max-age="60"') == 60
    assert max_age("no-cache") is None and max_age(None) is None and max_age("max-age=soon") is None


def test_a_feed_ttl_and_cache_control_set_the_next_poll(site, tmp_path, capsys):
    import datetime as dt
    import json

    b = site.base
    site.routes["/ttl/feed.xml"] = (200, "application/rss+xml", _rss(b, []).replace(
        b"<description>Actualit", b"<ttl>90</ttl><description>Actualit"))
    db = tmp_path / "desk.duckdb"
    assert main(["watch", b + "/ttl/feed.xml", "--db", str(db), "--once", "--delay", "0", "--interval", "60"]) == 0
    [row] = json.loads(_status(db, "--format", "json"))
    wait = dt.datetime.fromisoformat(row["next_poll"]) - dt.datetime.fromisoformat(row["last_poll"])
    assert 90 * 60 * 0.9 - 1 <= wait.total_seconds() <= 90 * 60 * 1.1 + 1


def test_an_entry_that_gives_no_text_is_one_error_and_not_fetched_again(site, tmp_path, capsys):
    b = site.base
    site.routes["/nu/feed.xml"] = (200, "application/rss+xml", (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Brèves</title>"
        f"<item><title>Rien</title><link>{b}/nu/vide.html</link></item>"
        f"<item><title>{ARTICLES['/news/port.html'][0]}</title><link>{b}/news/port.html</link></item>"
        f"</channel></rss>").encode())
    site.routes["/nu/vide.html"] = (200, "text/html", b"<html><body><div></div></body></html>")
    db = tmp_path / "desk.duckdb"
    assert _watch(db, b + "/nu/feed.xml") == 1
    err = capsys.readouterr().err
    [line] = [x for x in err.splitlines() if "vide.html" in x]
    assert line.startswith(f"depeche: {b}/nu/vide.html: no article text found in HTML")
    assert "1 article stored, 1 error" in err and "Traceback" not in err
    assert _rows(db, "SELECT url FROM articles") == [(b + "/news/port.html",)]
    status, kind, body = site.routes["/nu/feed.xml"]
    site.routes["/nu/feed.xml"] = (status, kind, body + b"\n")  # changed: read again, not answered 304
    assert _watch(db, b + "/nu/feed.xml") == 0  # given up for good: not an error again
    assert site.hits["/nu/vide.html"] == 1


def test_on_a_terminal_a_status_line_counts_sources_fetched_new_errors(monkeypatch):
    import io
    import sys

    from depeche.render import WatchStatus
    from depeche.watch.loop import Progress
    from depeche.watch.poll import Result, Tally

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    monkeypatch.setenv("COLUMNS", "200")
    tally = Tally()
    tally.add(Result("http://a.test/feed.xml", fetched=3, stored=2, entry_errors=1, status="partial"))
    with WatchStatus(3) as status:
        status.say("depeche: http://a.test/x.html: HTTP 404 Not Found")
        status.update(Progress(tally, Result("http://a.test/feed.xml"), time.time()))
    import re

    out = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", term.getvalue())  # the terminal's codes
    assert "3 sources · 3 fetched · 2 new · 1 errors · last poll" in out
    assert "depeche: http://a.test/x.html: HTTP 404 Not Found" in out

    log = io.StringIO()  # not a terminal: a plain line a poll, no status line
    monkeypatch.setattr(sys, "stderr", log)
    with WatchStatus(3) as status:
        status.update(Progress(tally, Result("http://a.test/feed.xml", fetched=3, stored=2), time.time()))
    assert log.getvalue() == "depeche: http://a.test/feed.xml: 3 entries new, 2 articles stored, 0 errors\n"


def test_a_base_held_by_another_process_is_one_line(site, tmp_path, capsys):
    import subprocess
    import sys

    db = tmp_path / "held.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, sys, time; c = duckdb.connect({str(db)!r}); "
                                                     "print('held', flush=True); time.sleep(30)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert _watch(db, site.base + "/feed.xml") == 2
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert err.startswith(f"depeche: cannot open {db}") and "Traceback" not in err


def _sitemap(base: str, paths: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{base}{p}</loc><lastmod>2026-03-03T08:00:00+00:00</lastmod>"
                   f"<news:news><news:title>{ARTICLES[p][0]}</news:title></news:news></url>" for p in paths)
    return ("<?xml version='1.0' encoding='UTF-8'?>"
            "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
            f"xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>{urls}</urlset>").encode()


def test_a_news_sitemap_is_followed_like_a_feed_and_an_index_is_named(site, tmp_path, capsys):
    site.routes["/sitemap-news.xml"] = (200, "application/xml", _sitemap(site.base, list(ARTICLES)))
    site.routes["/sitemap-index.xml"] = (200, "application/xml", (
        "<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"<sitemap><loc>{site.base}/sitemap-news.xml</loc></sitemap></sitemapindex>").encode())
    db = tmp_path / "desk.duckdb"
    assert _watch(db, site.base + "/sitemap-news.xml", site.base + "/sitemap-index.xml") == 1
    err = capsys.readouterr().err
    assert "2 articles stored" in err
    assert "sitemap index, not a sitemap" in err
    titles = sorted(t for (t,) in _rows(db, "SELECT title FROM articles"))
    assert titles == sorted(t for t, _ in ARTICLES.values())
    assert _watch(db, site.base + "/sitemap-news.xml") == 0  # a second poll: nothing new
    assert "0 entries new" in capsys.readouterr().err
