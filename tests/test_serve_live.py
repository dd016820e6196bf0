"""One writer, many readers: `depeche serve --watch` stores what it follows
while its pages and API answer; the batch endpoints; `depeche ingest` and
the query commands through `--server`. Feeds come from test_watch's local
site (no outside network)."""
from __future__ import annotations

import io
import json
import socket
import threading
import time
from contextlib import contextmanager, redirect_stdout

import pytest
import uvicorn
from fastapi.testclient import TestClient

from depeche.cli import main
from depeche.serve.app import create_app
from depeche.watch.fetch import Limits
from test_watch import ARTICLES, site  # noqa: F401 - the fixture

TOKEN = "s3cret-token"


def _until(check, timeout: float = 60.0, what: str = "condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@contextmanager
def serving(app):
    """The app on a real local port (uvicorn in a thread), for commands that talk HTTP."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    _until(lambda: server.started, 20, "the server to start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(20)


def test_the_server_stores_what_it_watches_while_answering(site, tmp_path):  # noqa: F811
    b = site.base
    app = create_app(str(tmp_path / "live.duckdb"), watch=[b + "/feed.xml", b + "/broken/feed.xml"],
                     watch_interval=0.2, watch_limits=Limits(delay=0, timeout=5))
    with TestClient(app) as c:
        assert c.get("/api/health").status_code == 200  # answers at once, before anything is stored
        _until(lambda: c.get("/api/health").json()["articles"] == 2, what="the two articles")
        hits = c.get("/api/statements", params={"q": "tramway"}).json()["items"]
        assert any("trois nouvelles lignes" in h["content"] for h in hits)

        def both_with_broken_failed_twice():
            # (one read of the list: under load a second read may come from another moment)
            listed = c.get("/api/sources").json()
            names = {s["source"] for s in listed}
            done = {b + "/feed.xml", b + "/broken/feed.xml"} <= names and any(s["errors"] >= 2 for s in listed)
            return listed if done else None

        sources = _until(both_with_broken_failed_twice, what="both sources listed, the broken one failed twice")
        by = {s["source"]: s for s in sources}
        good, broken = by[b + "/feed.xml"], by[b + "/broken/feed.xml"]
        assert good["status"] in ("ok", "not modified") and good["stored"] == 2 and good["errors"] == 0
        assert broken["status"] == "error" and broken["last_error"] == "HTTP 500 Internal Server Error"
        assert broken["last_success"] is None and broken["next_poll"] > broken["last_poll"]
        assert sources[0]["source"] == b + "/broken/feed.xml"  # failing first

        page = c.get("/sources").text
        assert page.count('data-kind="source"') == 2
        assert f'data-status="error" data-source="{b}/broken/feed.xml"' in page
        assert "HTTP 500 Internal Server Error" in page
        assert 'href="/sources"' in c.get("/").text  # in the nav

        # watching makes it the writer, not a server that takes posted articles
        r = c.post("/api/articles", json={"text": "x"}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 403 and "--token" in r.json()["detail"]
        assert c.get("/api/health").json()["writable"] is False
    assert site.hits["/news/maire.html"] == 1  # the page was fetched once however many polls


def test_a_read_only_server_shows_no_sources(tmp_path):
    from depeche import store

    db = tmp_path / "kb.duckdb"
    store.connect(str(db)).close()
    with TestClient(create_app(str(db))) as c:
        assert c.get("/api/sources").json() == []
        assert "Aucune source suivie" in c.get("/sources").text


def _good(i: int) -> dict:
    title, text = list(ARTICLES.values())[i]
    return {"id": f"art-{i}", "title": title, "text": text, "lang": "fr", "published": "2026-03-03"}


def test_batches_store_the_good_items_and_name_each_bad_one(tmp_path):
    app = create_app(str(tmp_path / "kb.duckdb"), token=TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app) as c:
        r = c.post("/api/articles/batch", headers=auth,
                   json=[_good(0), {"text": "   "}, {"title": "no body"}, "not an object", _good(1)])
        assert r.status_code == 200, r.text
        out = r.json()
        assert (out["added"], out["rejected"]) == (2, 3)
        errors = {e["index"]: e["error"] for e in out["errors"]}
        assert set(errors) == {1, 2, 3}
        assert "empty article" in errors[1]
        assert "give exactly one of 'text' and 'html'" in errors[2]
        assert c.get("/api/health").json()["articles"] == 2

        record = c.get("/api/articles/art-0").json()  # as stored; a record is what extract writes
        from depeche.pipeline import process
        from depeche.record import Article

        [rec] = process([Article(text=_good(0)["text"], id="copy-0", lang="fr")])
        r = c.post("/api/records", headers=auth, json=[rec, {"id": "half", "text": "x"}, {"id": "e", "error": "no"}])
        out = r.json()
        assert (out["added"], out["rejected"]) == (1, 2), out
        assert [e["index"] for e in out["errors"]] == [1, 2]
        assert out["errors"][0]["id"] == "half"
        assert record["article_id"] == "art-0"

        assert c.post("/api/records", json=[rec]).status_code == 401
        assert c.post("/api/records", headers={"Authorization": "Bearer wrong"}, json=[rec]).status_code == 401
        assert c.post("/api/records", headers=auth, json={"id": "x"}).status_code == 422  # not a list


def _run(*argv) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(list(argv))
    return status, out.getvalue()


def test_ingest_and_queries_go_through_a_running_server(tmp_path, capsys):
    db = tmp_path / "kb.duckdb"
    articles = tmp_path / "articles.jsonl"
    articles.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in
                                  [_good(0), {"id": "vide", "text": ""}, _good(1)]) + "\n")
    with serving(create_app(str(db), token=TOKEN)) as url:
        status, _ = _run("ingest", str(articles), "--server", url, "--token", TOKEN)
        err = capsys.readouterr().err
        assert status == 1
        assert f"depeche: 2 added, 0 updated, 0 unchanged, 1 rejected, 0 near-duplicates linked -> {url}" in err
        assert "depeche: rejected vide: empty article" in err
        assert "Traceback" not in err

        status, _ = _run("ingest", str(articles), "--server", url, "--token", "wrong")
        err = capsys.readouterr().err
        assert status == 2 and "refused the token" in err and "Traceback" not in err

        # records already extracted go as they are; a broken line is its own error
        from depeche.pipeline import process
        from depeche.record import Article

        records = tmp_path / "records.jsonl"
        rec = next(process([Article(text=_good(1)["text"], id="rec-1", lang="fr")]))
        records.write_text(json.dumps(rec, ensure_ascii=False) + "\n{not json\n")
        status, _ = _run("ingest", str(records), "--server", url, "--token", TOKEN)
        err = capsys.readouterr().err
        assert status == 1 and "depeche: 1 added," in err and "1 rejected" in err
        assert "invalid JSON at line 2" in err

        status, remote = _run("said", "tramway", "--server", url, "--format", "csv")
        assert status == 0 and "trois nouvelles lignes" in remote
        status, remote_speaker = _run("entity", "Lyon", "--server", url, "--format", "csv")
        assert status == 0
        assert _run("speaker", "Personne Inconnue", "--server", url)[0] == 1
        assert "nothing found" in capsys.readouterr().err

    # the same questions of the file, once the server is gone, give the same rows
    assert _run("said", "tramway", "--db", str(db), "--format", "csv") == (0, remote)
    assert _run("entity", "Lyon", "--db", str(db), "--format", "csv") == (0, remote_speaker)

    status, _ = _run("said", "tramway", "--server", url)
    err = capsys.readouterr().err
    assert status == 2 and f"cannot reach a depeche server at {url}" in err and "Traceback" not in err


def test_ingest_to_a_server_needs_a_token(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DEPECHE_TOKEN", raising=False)
    assert main(["ingest", str(tmp_path), "--server", "http://127.0.0.1:9"]) == 2
    assert "--server needs the server's token" in capsys.readouterr().err


@pytest.mark.parametrize("cmd", [["said", "x"], ["numbers", "x"]])
def test_a_refused_question_is_said_in_a_line(tmp_path, capsys, cmd):
    from depeche import store

    db = tmp_path / "kb.duckdb"
    store.connect(str(db)).close()
    with serving(create_app(str(db))) as url:
        status, _ = _run(*cmd, "--server", url, "--stance", "shouting")
    err = capsys.readouterr().err
    assert status == 2 and "answered 422" in err and "stance" in err and "Traceback" not in err


def test_serve_refuses_a_source_that_is_not_a_url(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "x.duckdb"), "--watch", "ftp://example.test/feed"]) == 2
    assert "not an http(s) URL nor a file" in capsys.readouterr().err
    assert not (tmp_path / "x.duckdb").exists()
