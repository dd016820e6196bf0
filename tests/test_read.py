"""The input stage: every kind of input, and every kind of bad input, one item per article."""
from __future__ import annotations

import io
import itertools
import json
import os
import time


from depeche.read import content_id, iter_articles
from depeche.read import jsonl as jsonl_module
from depeche.record import Article, ErrorRecord

# Sentences of samples/000_b8d7f4ff9823a7be.txt
S1 = ("Les États-Unis et la Corée du Sud l’ont réclamé Corée du Nord retirer ses forces "
      "de Russiequi serait déployé pour combattre en Ukraine.")
S2 = ("“Je les ai appelés [Korut] retirer les troupes de Russie”, a déclaré le secrétaire "
      "américain à la Défense Lloyd Austin au Pentagone.")
S3 = ("Parallèlement, le ministre sud-coréen de la Défense, Kim Yong Hyun, estime que le "
      "déploiement de troupes nord-coréennes en Russie pourrait accroître les menaces à la "
      "sécurité de la péninsule coréenne.")
S4 = ("Plus tôt cette semaine, le ministère américain de la Défense a déclaré qu’un “petit "
      "nombre” de soldats nord-coréens avaient été déployés dans la région russe de Koursk, "
      "où les troupes ukrainiennes mènent une offensive terrestre depuis août dernier.")
ARTICLE = f"Jakarta, CNN Indonésie —\n{S1}\n{S2}\nPUBLICITÉ\n{S3}\n"

# In latin-1, without the typographic quotes latin-1 cannot encode.
LATIN1_TEXT = ("Le ministre sud-coréen de la Défense estime que le déploiement de troupes "
               "nord-coréennes pourrait accroître les menaces à la sécurité de la péninsule.\n"
               "Les troupes ukrainiennes mènent une offensive terrestre depuis août dernier.\n")


def read(*paths, **kw):
    return list(iter_articles([str(p) for p in paths], **kw))


def only(items):
    assert len(items) == 1, items
    return items[0]


def assert_error(item, message, origin=None):
    assert isinstance(item, ErrorRecord), item
    assert item.error == message
    assert item.id
    if origin is not None:
        assert item.origin == origin


# --- plain text ------------------------------------------------------------------------

def test_txt_is_the_whole_article_with_a_content_id(tmp_path):
    path = tmp_path / "depeche.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    a = only(read(path))
    assert isinstance(a, Article)
    assert a.text == ARTICLE  # not cleaned: dateline and advert stay for the clean stage
    assert a.id == content_id(ARTICLE) == content_id(ARTICLE)
    assert len(a.id) == 16 and int(a.id, 16) >= 0
    assert a.origin == str(path)
    assert a.title is a.published is a.url is a.html is None


def test_content_id_is_stable_and_depends_on_the_text():
    assert content_id(S1) == content_id(S1)
    assert content_id(S1) != content_id(S2)
    assert content_id("abc") == "ba7816bf8f01cfea"  # sha256("abc")[:16]


def test_line_endings_are_normalised(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(f"{S1}\r\n{S2}\r{S3}\r\n".encode())
    a = only(read(path))
    assert a.text == f"{S1}\n{S2}\n{S3}\n"
    assert a.id == content_id(a.text)


def test_utf8_bom_is_stripped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + S1.encode())
    assert only(read(path)).text == S1


def test_unknown_extension_with_text_is_read_as_text(tmp_path):
    path = tmp_path / "depeche.md"
    path.write_text(ARTICLE, encoding="utf-8")
    a = only(read(path))
    assert isinstance(a, Article) and a.text == ARTICLE


# --- bad input ------------------------------------------------------------------------------

def test_empty_file(tmp_path):
    path = tmp_path / "vide.txt"
    path.write_bytes(b"")
    assert_error(only(read(path)), "empty article", str(path))


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "blanc.txt"
    path.write_bytes(b"  \n\t\r\n  \n")
    assert_error(only(read(path)), "empty article", str(path))


def test_binary_file_with_nul_bytes(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4)
    assert_error(only(read(path)), "binary content, not text", str(path))


def test_random_bytes_without_nul_are_binary(tmp_path):
    import random
    rng = random.Random(7)
    data = bytes(rng.randrange(1, 256) for _ in range(4000))  # no NUL at all
    path = tmp_path / "bruit.txt"
    path.write_bytes(data)
    assert_error(only(read(path)), "binary content, not text")


def test_unknown_extension_with_binary_content_is_unsupported(tmp_path):
    path = tmp_path / "photo.xyz"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000))
    assert_error(only(read(path)), "unsupported file type: .xyz", str(path))


def test_latin1_file_is_decoded(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(LATIN1_TEXT.encode("latin-1"))
    a = only(read(path))
    assert isinstance(a, Article)
    assert a.text == LATIN1_TEXT
    assert "sud-coréen de la Défense" in a.text and "août" in a.text


def test_cp1252_file_is_decoded(tmp_path):
    text = f"{S2}\n{S4}\nCoût : 5 € — « enfin » œuvre.\n"
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    assert only(read(path)).text == text


def test_text_in_another_8bit_encoding_is_an_error_not_mojibake(tmp_path):
    path = tmp_path / "cyrillique.txt"
    path.write_bytes("Министр обороны Южной Кореи заявил, что войска КНДР находятся в России.\n".encode("cp1251"))
    assert_error(only(read(path)), "undecodable text: neither UTF-8 nor latin-1/cp1252", str(path))


def test_utf8_with_one_broken_byte_stays_utf8(tmp_path):
    path = tmp_path / "casse.txt"
    path.write_bytes(S3.encode() + b" \xff " + S4.encode())
    a = only(read(path))
    assert a.text.startswith(S3) and a.text.endswith(S4)  # no mojibake of the accents


def test_missing_path(tmp_path):
    path = tmp_path / "absent.txt"
    assert_error(only(read(path)), f"no such file: {path}", str(path))


def test_too_large_file_is_refused_from_its_size(tmp_path):
    path = tmp_path / "enorme.txt"
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    start = time.monotonic()
    e = only(read(path))
    assert time.monotonic() - start < 0.5
    assert_error(e, "article too large: 52428800 bytes (limit 20000000)", str(path))


def test_max_bytes_is_a_parameter(tmp_path):
    path = tmp_path / "moyen.txt"
    path.write_text(S1 * 10, encoding="utf-8")
    size = path.stat().st_size
    assert_error(only(read(path, max_bytes=100)), f"article too large: {size} bytes (limit 100)")
    assert isinstance(only(read(path, max_bytes=size)), Article)


def test_ids_of_errors_are_stable_and_distinct(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_bytes(b"")
    first, second = read(tmp_path / "a.txt", tmp_path / "b.txt")
    assert first.id != second.id
    assert read(tmp_path / "a.txt")[0].id == first.id


# --- JSON and JSONL ---------------------------------------------------------------------------

def test_json_object_keeps_its_fields_and_id(tmp_path):
    path = tmp_path / "article.json"
    path.write_text(json.dumps({
        "id": "fr-001", "lang": "fr", "title": "Troupes nord-coréennes en Russie",
        "published": "2024-11-01", "url": "https://exemple.fr/a", "text": ARTICLE,
        "extra": {"ignored": True},
    }), encoding="utf-8")
    a = only(read(path))
    assert a == Article(text=ARTICLE, id="fr-001", lang="fr", title="Troupes nord-coréennes en Russie",
                        published="2024-11-01", url="https://exemple.fr/a", origin=str(path))


def test_json_object_needs_only_text(tmp_path):
    path = tmp_path / "texte.json"
    path.write_text(json.dumps({"text": S1}, ensure_ascii=True), encoding="utf-8")
    a = only(read(path))
    assert a.text == S1 and a.id == content_id(S1)
    assert a.lang is a.title is a.published is a.url is None


def test_json_pretty_printed_object(tmp_path):
    path = tmp_path / "joli.json"
    path.write_text(json.dumps({"id": "x", "text": S1}, indent=2), encoding="utf-8")
    assert only(read(path)).text == S1


def test_json_int_id_becomes_a_string(tmp_path):
    path = tmp_path / "num.json"
    path.write_text(json.dumps({"id": 42, "text": S1}), encoding="utf-8")
    assert only(read(path)).id == "42"


def test_json_list_of_articles(tmp_path):
    path = tmp_path / "liste.json"
    path.write_text(json.dumps([{"id": "a", "text": S1}, {"text": S2}, {"id": "c", "text": S3}], indent=1),
                    encoding="utf-8")
    items = read(path)
    assert [i.id for i in items] == ["a", content_id(S2), "c"]
    assert [i.text for i in items] == [S1, S2, S3]
    assert [i.origin for i in items] == [f"{path}#1", f"{path}#2", f"{path}#3"]


def test_json_list_is_streamed_and_a_truncated_tail_loses_only_its_element(tmp_path, monkeypatch):
    monkeypatch.setattr(jsonl_module, "CHUNK_BYTES", 64)  # many refills of the buffer
    good = [{"id": f"n{i}", "text": f"{S3} ({i})"} for i in range(5)]
    text = json.dumps(good, indent=2)[:-1] + ',\n  {"id": "cut", "text": "Koursk, où les tro'
    path = tmp_path / "coupe.json"
    path.write_text(text, encoding="utf-8")
    items = read(path)
    assert [i.text for i in items[:5]] == [g["text"] for g in good]
    assert_error(items[5], "invalid JSON at line 23: Unterminated string", f"{path}#6")
    assert items[5].id == "cut"  # recovered from the broken object
    assert len(items) == 6


def test_json_lines_under_a_json_name(tmp_path):
    path = tmp_path / "lignes.json"
    path.write_text("\n".join(json.dumps({"text": s}) for s in (S1, S2)) + "\n", encoding="utf-8")
    assert [a.text for a in read(path)] == [S1, S2]


def test_invalid_json_file(tmp_path):
    path = tmp_path / "casse.json"
    path.write_text('{\n  "id": "fr-9",\n  "text": "Koursk"\n  "lang": "fr"\n}', encoding="utf-8")
    e = only(read(path))
    assert_error(e, "invalid JSON at line 4: Expecting ',' delimiter", str(path))
    assert e.id == "fr-9"


def test_too_large_json_object_is_refused_from_its_size(tmp_path):
    path = tmp_path / "enorme.json"
    with open(path, "wb") as f:
        f.write(b'{"id": "big", "text": "')
        f.truncate(200 * 1024 * 1024)
    e = only(read(path))
    assert_error(e, "article too large: 209715200 bytes (limit 20000000)", str(path))


def test_json_without_text(tmp_path):
    path = tmp_path / "sans.json"
    path.write_text(json.dumps({"id": "fr-2", "title": "Sans texte"}), encoding="utf-8")
    e = only(read(path))
    assert_error(e, "missing field: text")
    assert e.id == "fr-2"  # the given id names the error


def test_json_text_not_a_string(tmp_path):
    path = tmp_path / "num.json"
    path.write_text(json.dumps({"text": 12}), encoding="utf-8")
    assert_error(only(read(path)), "missing field: text", str(path))


def test_json_empty_text(tmp_path):
    path = tmp_path / "vide.json"
    path.write_text(json.dumps({"id": "v", "text": "  \n "}), encoding="utf-8")
    assert_error(only(read(path)), "empty article")


def test_json_published_datetime_is_cut_to_a_date(tmp_path):
    path = tmp_path / "date.json"
    path.write_text(json.dumps({"text": S1, "published": "2024-11-01T10:30:00+01:00"}), encoding="utf-8")
    assert only(read(path)).published == "2024-11-01"


def test_jsonl_truncated_line_between_good_ones(tmp_path):
    path = tmp_path / "lot.jsonl"
    lines = [
        json.dumps({"id": "fr-001", "lang": "fr", "text": S1}, ensure_ascii=False),
        "",  # blank lines are skipped
        json.dumps({"id": "fr-002", "text": S2}, ensure_ascii=False)[:60],  # cut short
        json.dumps({"text": S3}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(path)
    assert len(items) == 3
    first, bad, last = items
    assert first == Article(text=S1, id="fr-001", lang="fr", origin=f"{path}:1")
    assert_error(bad, "invalid JSON at line 3: Unterminated string", f"{path}:3")
    assert bad.id == "fr-002"
    assert last.text == S3 and last.id == content_id(S3) and last.origin == f"{path}:4"


def test_jsonl_broken_line_without_id_is_named_by_its_line(tmp_path):
    path = tmp_path / "lot.jsonl"
    path.write_text('{"text": "a"}\n{"text": "b",\n', encoding="utf-8")
    items = read(path)
    assert isinstance(items[0], Article)
    assert_error(items[1], "invalid JSON at line 2: Expecting property name enclosed in double quotes")
    assert items[1].id == f"{path}:2"


def test_jsonl_line_not_an_object_and_missing_text(tmp_path):
    path = tmp_path / "lot.jsonl"
    path.write_text('[1, 2]\n{"id": "t"}\n{"id": "ok", "text": "Koursk"}\n', encoding="utf-8")
    items = read(path)
    assert_error(items[0], "not a JSON object: list")
    assert_error(items[1], "missing field: text")
    assert items[2].id == "ok"


def test_jsonl_latin1_line_is_decoded(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(json.dumps({"id": "l1", "text": LATIN1_TEXT}, ensure_ascii=False).encode("latin-1") + b"\n")
    assert only(read(path)).text == LATIN1_TEXT


def test_jsonl_too_large_line_is_skipped_without_stopping(tmp_path):
    path = tmp_path / "gros.jsonl"
    huge = json.dumps({"id": "big", "text": S4 * 200})  # ~40 KB, over 3 * limit + slack
    path.write_text(json.dumps({"id": "a", "text": S1}) + "\n" + huge + "\n"
                    + json.dumps({"id": "b", "text": S2 * 3}) + "\n"
                    + json.dumps({"id": "c", "text": S3}) + "\n", encoding="utf-8")
    items = read(path, max_bytes=300)
    assert [i.id for i in items] == ["a", "big", "b", "c"]
    assert_error(items[1], f"article too large: {len(huge.encode())} bytes (limit 300)", f"{path}:2")
    size_b = len((S2 * 3).encode())
    assert_error(items[2], f"article too large: {size_b} bytes (limit 300)", f"{path}:3")
    assert isinstance(items[0], Article) and isinstance(items[3], Article)


def test_jsonl_is_streamed(tmp_path):
    """An endless JSONL stream gives its first articles: nothing waits for the end."""

    class Endless(io.RawIOBase):
        def __init__(self):
            self.lines = (json.dumps({"id": str(n), "text": S1}).encode() + b"\n" for n in itertools.count())
            self.pending = b""

        def readable(self):
            return True

        def readinto(self, buf):
            while len(self.pending) < len(buf):
                self.pending += next(self.lines)
            n = len(buf)
            buf[:n], self.pending = self.pending[:n], self.pending[n:]
            return n

    items = list(itertools.islice(iter_articles(["-"], stdin=io.BufferedReader(Endless())), 3))
    assert [a.id for a in items] == ["0", "1", "2"]


# --- HTML ---------------------------------------------------------------------------------------

PAGE = f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>La Corée du Nord sommée de retirer ses troupes | Le Quotidien</title>
<meta property="og:title" content="La Corée du Nord sommée de retirer ses troupes de Russie">
<meta property="og:url" content="https://www.exemple.fr/monde/coree-du-nord-troupes-russie">
<meta property="article:published_time" content="2024-10-31T09:15:00+01:00">
</head>
<body>
<header><div class="logo">Le Quotidien</div>
<nav><ul><li><a href="/">Accueil</a></li><li><a href="/monde">Monde</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/abonnement">S’abonner</a></li></ul></nav></header>
<main><article>
<h1>La Corée du Nord sommée de retirer ses troupes de Russie</h1>
<p>{S1}</p>
<p>{S3}</p>
<p>{S4}</p>
</article></main>
<footer><p>© 2024 Le Quotidien. Tous droits réservés.</p><a href="/mentions">Mentions légales</a></footer>
</body>
</html>
"""


def test_html_page_main_text_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    a = only(read(path))
    assert isinstance(a, Article)
    paragraphs = a.text.split("\n")
    assert paragraphs[-3:] == [S1, S3, S4]  # one paragraph a line
    for junk in ("Accueil", "Sport", "S’abonner", "Tous droits réservés", "Mentions légales"):
        assert junk not in a.text
    assert a.title == "La Corée du Nord sommée de retirer ses troupes de Russie"
    assert a.published == "2024-10-31"
    assert a.url == "https://www.exemple.fr/monde/coree-du-nord-troupes-russie"
    assert a.html == PAGE
    assert a.id == content_id(a.text)
    assert a.origin == str(path)


def test_html_latin1_page(tmp_path):
    page = PAGE.replace("utf-8", "iso-8859-1").replace("’", "'").replace("“", '"').replace("”", '"')
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("latin-1"))
    a = only(read(path))
    assert "sud-coréen de la Défense" in a.text


def test_html_declared_charset_is_honoured(tmp_path):
    sentence = "Министр обороны Южной Кореи Ким Ён Хён заявил, что развёртывание войск КНДР в России может усилить угрозы."
    page = PAGE.replace("utf-8", "windows-1251")
    for s in (S1, S3, S4):
        page = page.replace(s, sentence)
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1251", errors="replace"))
    a = only(read(path))
    assert a.text.endswith(sentence)


def test_html_without_article_text(tmp_path):
    path = tmp_path / "vide.html"
    path.write_text('<html><head><title>Rien</title></head><body><img src="photo.jpg"></body></html>',
                    encoding="utf-8")
    assert_error(only(read(path)), "no article text found in HTML", str(path))


# --- feeds -------------------------------------------------------------------------------------

FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Le Quotidien - Monde</title>
<link>https://www.exemple.fr/monde</link>
<description>Actualités internationales</description>
<language>fr-fr</language>
<item>
<title>Kim Yong Hyun s&#8217;inquiète du déploiement</title>
<link>https://www.exemple.fr/monde/kim-yong-hyun</link>
<guid isPermaLink="false">exemple-2024-0001</guid>
<pubDate>Thu, 31 Oct 2024 09:15:00 +0100</pubDate>
<description><![CDATA[<p>{S3}</p><p>La Corée du Sud
craint des transferts de technologie.</p>]]></description>
</item>
<item>
<title>Koursk : des soldats nord-coréens déployés</title>
<link>https://www.exemple.fr/monde/koursk</link>
<pubDate>Fri, 01 Nov 2024 18:00:00 GMT</pubDate>
<description>Un bref résumé.</description>
<content:encoded><![CDATA[<p>{S4}</p><script>track()</script><p>{S2}</p>]]></content:encoded>
</item>
</channel>
</rss>
"""


def check_feed_items(items, origin):
    assert len(items) == 2
    first, second = items
    assert first == Article(
        text=f"{S3}\nLa Corée du Sud craint des transferts de technologie.",
        id="exemple-2024-0001", title="Kim Yong Hyun s’inquiète du déploiement",
        published="2024-10-31", url="https://www.exemple.fr/monde/kim-yong-hyun", origin=f"{origin}#1")
    assert second.text == f"{S4}\n{S2}"  # the full content, not the summary; no script
    assert second.id == second.url == "https://www.exemple.fr/monde/koursk"  # no guid: the link
    assert second.published == "2024-11-01"
    assert second.title == "Koursk : des soldats nord-coréens déployés"


def test_rss_feed_one_article_per_item(tmp_path):
    path = tmp_path / "monde.rss"
    path.write_text(FEED, encoding="utf-8")
    check_feed_items(read(path), str(path))


def test_feed_sniffed_from_content(tmp_path):
    path = tmp_path / "monde.html"  # misnamed: the content says feed
    path.write_text(FEED, encoding="utf-8")
    check_feed_items(read(path), str(path))


def test_atom_feed(tmp_path):
    path = tmp_path / "monde.atom"
    path.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Monde</title><id>urn:monde</id>
<updated>2024-11-01T18:00:00Z</updated>
<entry><title>Koursk</title><id>urn:koursk</id><link href="https://exemple.fr/k"/>
<published>2024-11-01T18:00:00Z</published><updated>2024-11-01T18:00:00Z</updated>
<content type="html">&lt;p&gt;{S4}&lt;/p&gt;</content></entry></feed>
""", encoding="utf-8")
    a = only(read(path))
    assert (a.id, a.url, a.published, a.text) == ("urn:koursk", "https://exemple.fr/k", "2024-11-01", S4)


def test_feed_without_entries(tmp_path):
    path = tmp_path / "rien.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Rien</title></channel></rss>',
                    encoding="utf-8")
    assert_error(only(read(path)), "no entries in feed", str(path))


def test_broken_feed(tmp_path):
    path = tmp_path / "casse.xml"
    path.write_text('<?xml version="1.0"?><rss><chan', encoding="utf-8")
    assert_error(only(read(path)), "invalid feed: unclosed token", str(path))


def test_truncated_feed_keeps_its_whole_entries(tmp_path):
    path = tmp_path / "coupe.rss"
    path.write_text(FEED[: FEED.index("<description>Un bref") + 20], encoding="utf-8")
    first, cut = read(path)
    assert first.id == "exemple-2024-0001" and first.text.startswith(S3)
    assert cut.error.startswith("invalid feed: ") and cut.origin == f"{path}#2"
    assert cut.id == "https://www.exemple.fr/monde/koursk"


# --- standard input ---------------------------------------------------------------------------

def test_stdin_text():
    a = only(read("-", stdin=io.BytesIO(ARTICLE.encode())))
    assert a.text == ARTICLE and a.id == content_id(ARTICLE) and a.origin == "<stdin>"


def test_stdin_text_stream_and_latin1_bytes():
    assert only(read("-", stdin=io.StringIO(S1))).text == S1
    assert only(read("-", stdin=io.BytesIO(LATIN1_TEXT.encode("latin-1")))).text == LATIN1_TEXT


def test_stdin_json_object_list_and_lines():
    obj = json.dumps({"id": "o", "text": S1}, indent=2)
    assert only(read("-", stdin=io.BytesIO(obj.encode()))).id == "o"
    lst = json.dumps([{"id": "a", "text": S1}, {"id": "b", "text": S2}])
    assert [a.id for a in read("-", stdin=io.BytesIO(lst.encode()))] == ["a", "b"]
    lines = "\n".join(json.dumps({"id": i, "text": s}) for i, s in (("x", S1), ("y", S2)))
    items = read("-", stdin=io.BytesIO(lines.encode()))
    assert [(a.id, a.origin) for a in items] == [("x", "<stdin>:1"), ("y", "<stdin>:2")]


def test_stdin_jsonl_with_bad_first_line():
    data = '{"id": "x", "text": "Kour\n' + json.dumps({"id": "y", "text": S2}) + "\n"
    bad, good = read("-", stdin=io.BytesIO(data.encode()))
    assert_error(bad, "invalid JSON at line 1: Unterminated string", "<stdin>:1")
    assert good.id == "y"


def test_stdin_html_and_feed():
    a = only(read("-", stdin=io.BytesIO(PAGE.encode())))
    assert a.published == "2024-10-31" and a.text.endswith(S4)
    check_feed_items(read("-", stdin=io.BytesIO(FEED.encode())), "<stdin>")


def test_stdin_bad_inputs():
    assert_error(only(read("-", stdin=io.BytesIO(b" \n"))), "empty article", "<stdin>")
    assert_error(only(read("-", stdin=io.BytesIO(b"\x00\x01\x02" * 100))), "binary content, not text")
    big = io.BytesIO(S1.encode() * 10)
    assert_error(only(read("-", stdin=big, max_bytes=100)),
                 "article too large: more than 100 bytes (limit 100)", "<stdin>")
    assert big.tell() <= 101 + 64  # never read much past the limit


# --- directories and batches ------------------------------------------------------------------

def test_directory_batch_every_file_yields_one_item(tmp_path):
    batch = tmp_path / "lot"
    (batch / "sous").mkdir(parents=True)
    (batch / ".git").mkdir()
    (batch / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (batch / ".cache.txt").write_text("caché")
    (batch / "01_vide.txt").write_bytes(b"")
    (batch / "02_binaire.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (batch / "03_latin1.txt").write_bytes(LATIN1_TEXT.encode("latin-1"))
    (batch / "04_lot.jsonl").write_text(
        json.dumps({"id": "fr-001", "text": S1}) + "\n"
        + json.dumps({"id": "fr-002", "text": S2})[:50] + "\n"
        + json.dumps({"id": "fr-003", "text": S3}) + "\n", encoding="utf-8")
    with open(batch / "05_enorme.txt", "wb") as f:
        f.truncate(50 * 1024 * 1024)
    (batch / "sous" / "06_page.html").write_text(PAGE, encoding="utf-8")
    (batch / "sous" / "07_image.xyz").write_bytes(bytes(range(256)) * 8)

    start = time.monotonic()
    items = list(iter_articles([str(batch)]))
    assert time.monotonic() - start < 3

    origins = [i.origin for i in items]
    assert origins == [
        str(batch / "01_vide.txt"),
        str(batch / "02_binaire.txt"),
        str(batch / "03_latin1.txt"),
        f"{batch / '04_lot.jsonl'}:1",
        f"{batch / '04_lot.jsonl'}:2",
        f"{batch / '04_lot.jsonl'}:3",
        str(batch / "05_enorme.txt"),
        str(batch / "sous" / "06_page.html"),
        str(batch / "sous" / "07_image.xyz"),
    ]
    vide, binaire, latin1, l1, l2, l3, enorme, page, image = items
    assert_error(vide, "empty article")
    assert_error(binaire, "binary content, not text")
    assert latin1.text == LATIN1_TEXT
    assert (l1.id, l1.text) == ("fr-001", S1)
    assert l2.error.startswith("invalid JSON at line 2: ")
    assert l2.id == "fr-002"
    assert (l3.id, l3.text) == ("fr-003", S3)
    assert_error(enorme, "article too large: 52428800 bytes (limit 20000000)")
    assert page.published == "2024-10-31" and page.text.endswith(S4)
    assert_error(image, "unsupported file type: .xyz")
    assert len({i.id for i in items}) == len(items)


def test_paths_are_read_in_order_and_lazily(tmp_path):
    (tmp_path / "a.txt").write_text(S1, encoding="utf-8")
    (tmp_path / "b.txt").write_text(S2, encoding="utf-8")
    it = iter_articles([str(tmp_path / "b.txt"), str(tmp_path / "absent"), str(tmp_path / "a.txt")])
    assert next(it).text == S2
    assert_error(next(it), f"no such file: {tmp_path / 'absent'}")
    assert next(it).text == S1
    assert next(it, None) is None


def test_a_single_path_string_is_one_path(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(S1, encoding="utf-8")
    assert only(list(iter_articles(str(path)))).text == S1


def test_unreadable_file_gives_an_error_and_the_batch_goes_on(tmp_path, monkeypatch):
    import depeche.read as read_package

    (tmp_path / "a_secret.txt").write_text(S1, encoding="utf-8")
    (tmp_path / "b_public.txt").write_text(S2, encoding="utf-8")
    real_open = open

    def refusing_open(path, *args, **kw):
        if str(path).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kw)

    monkeypatch.setattr(read_package, "open", refusing_open, raising=False)
    secret, public = read(tmp_path)
    assert_error(secret, "cannot read: Permission denied", str(tmp_path / "a_secret.txt"))
    assert public.text == S2


def test_a_reader_crash_gives_an_error_and_the_batch_goes_on(tmp_path, monkeypatch):
    import depeche.read as read_package

    def crash(data, origin):
        raise RuntimeError("lxml exploded")

    monkeypatch.setattr(read_package, "read_html", crash)
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(S2, encoding="utf-8")
    crashed, fine = read(tmp_path)
    assert_error(crashed, "cannot read: RuntimeError: lxml exploded", str(tmp_path / "a.html"))
    assert fine.text == S2
