"""`depeche watch`: feeds served by a local HTTP server (no outside network)."""
from __future__ import annotations

import threading
import time
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
                if status == 200 and kind.endswith("xml") and self.headers.get("If-None-Match") == '"v1"':
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                if kind.endswith("xml"):
                    self.send_header("ETag", '"v1"')
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
    assert feed_requests[-1].get("If-None-Match") == '"v1"'
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
                    b + "/private/feed.xml", b + "/feed.xml")
    assert status == 1
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert f"depeche: {b}/broken/feed.xml: HTTP 500 Internal Server Error" in lines
    assert any(line.startswith(f"depeche: {b}/bad/feed.xml: malformed feed:") for line in lines)
    assert any(line.startswith(f"depeche: {b}{HUGE}: over the size limit") for line in lines)
    assert f"depeche: {b}/private/feed.xml: robots.txt forbids fetching it" in lines
    assert "5 sources polled, 3 entries new, 2 articles stored, 4 errors" in err
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

    def sleep(seconds):
        slept.append(seconds)
        if len(slept) == 2:
            raise KeyboardInterrupt  # Ctrl-C during the second wait

    monkeypatch.setattr(time, "sleep", sleep)
    status = main(["watch", site.base + "/feed.xml", "--db", str(tmp_path / "desk.duckdb"), "--delay", "0",
                   "--interval", "42"])
    assert status == 130
    assert slept == [42, 42]
    err = capsys.readouterr().err
    assert "2 articles stored" in err and "0 articles stored" in err  # the second poll found nothing new
    assert site.hits["/news/maire.html"] == 1


def test_a_source_that_is_not_a_url_is_refused(tmp_path, capsys):
    assert main(["watch", "ftp://example.test/feed", "--db", str(tmp_path / "x.duckdb"), "--once"]) == 2
    assert "not an http(s) URL nor a file" in capsys.readouterr().err
