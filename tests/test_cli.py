"""`depeche extract` end to end, through `depeche.cli.main` in-process.

The French text comes from the founding article (tests/data/seed.txt) and from
fr.wikinews.org articles in tests/data/wikinews/ (Wikinews contributors,
CC BY 2.5, https://creativecommons.org/licenses/by/2.5/; each file's `url`
names its article). The English lines come from tests/data/wikinews/en-001.json
(English Wikinews, 2004: public domain). The Chinese lines were written for
this test in the style of a news wire report.

The French model loads once per process (~7 s), then each French article costs
~0.1 s: the tests below keep to a few of them.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import sys
from pathlib import Path

import pytest

from depeche.cli import main

DATA = Path(__file__).resolve().parent / "data"
SEED = DATA / "seed.txt"
WIKINEWS = DATA / "wikinews"

HEX16 = re.compile(r"[0-9a-f]{16}")


def wikinews(name: str) -> dict:
    """One Wikinews article as a JSON-input object (the contract's fields only)."""
    d = json.loads((WIKINEWS / f"{name}.json").read_text(encoding="utf-8"))
    return {k: d[k] for k in ("id", "lang", "title", "published", "url", "text")}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of `depeche extract ARGV --no-progress`."""
    capsys.readouterr()  # drop anything printed before
    status = main(["extract", *map(str, argv), "--no-progress"])
    out, err = capsys.readouterr()
    return status, out, err


def jsonl(out: str) -> list[dict]:
    lines = out.splitlines()
    assert all(ln.strip() for ln in lines), "blank line in JSONL output"
    return [json.loads(ln) for ln in lines]


def entity_names(rec: dict) -> dict[str, str]:
    return {e["id"]: e["name"] for e in rec["entities"]}


def speaker_stances(rec: dict) -> set[tuple[str | None, str]]:
    """(speaker name through the entity id, stance) of every statement."""
    names = entity_names(rec)
    return {(names.get(s["speaker"]), s["stance"]) for s in rec["statements"]}


def assert_offsets_index_text(rec: dict) -> None:
    text = rec["text"]
    for s in rec["statements"]:
        assert text[s["span"][0]:s["span"][1]] == s["content"], s
    for q in rec["quantities"]:
        assert text[q["span"][0]:q["span"][1]] == q["text"], q
    for e in rec["entities"]:
        for start, end in e["mentions"]:
            assert 0 <= start < end <= len(text), e


# --- 1. the founding article ----------------------------------------------------------

def test_founding_article_gives_one_full_record(capsys):
    raw = SEED.read_text(encoding="utf-8")
    status, out, err = run(capsys, SEED, "--format", "jsonl")
    assert status == 0, err
    [rec] = jsonl(out)
    assert "error" not in rec

    # a content-derived id, the same on a second run
    assert HEX16.fullmatch(rec["id"])
    assert rec["id"] == hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]
    status2, out2, _ = run(capsys, SEED, "--format", "jsonl")
    assert status2 == 0
    assert jsonl(out2)[0]["id"] == rec["id"]
    assert jsonl(out2) == [rec]  # the whole record is deterministic

    assert rec["lang"] == "fr"
    assert rec["title"] is None and rec["published"] is None

    # furniture out of the text, into `removed`, with its reason
    removed = {r["text"]: r["reason"] for r in rec["removed"]}
    assert removed["PUBLICITÉ"] == "advert"
    assert removed["DÉFILEZ POUR CONTINUER AVEC LE CONTENU"] == "advert"
    assert removed["(ADN)"] == "byline"
    assert any(r["reason"] == "hashtags" and r["text"].startswith("#Laccord") for r in rec["removed"])
    for line in ("PUBLICITÉ", "DÉFILEZ", "(ADN)", "#Russie"):
        assert line not in rec["text"]

    # byline and dateline: the dateline stays in the text
    assert rec["source"]["author"] == "ADN"
    assert rec["source"]["dateline"] == "Jakarta, CNN Indonésie —"
    assert rec["source"]["outlet"] == "CNN Indonésie"
    assert rec["source"]["url"] is None
    assert rec["text"].startswith("Jakarta, CNN Indonésie —\n")

    # keywords from the hashtag line, stop words left out
    assert "Russie" in rec["keywords"]
    assert "Corée" in rec["keywords"]
    assert "les" not in rec["keywords"] and "entre" not in rec["keywords"]

    # who said what, and how: speakers through their entity ids
    stances = speaker_stances(rec)
    assert ("Lloyd Austin", "call") in stances
    assert ("Kim Yong Hyun", "estimate") in stances
    assert ("Vladimir Poutine", "not_deny") in stances
    assert ("Vladimir Poutine", "refuse_confirm") in stances
    austin = next(s for s in rec["statements"]
                  if entity_names(rec).get(s["speaker"]) == "Lloyd Austin" and s["stance"] == "call")
    assert austin["kind"] == "direct"
    assert austin["content"].startswith("Je les ai appelés")
    assert any(q["value"] == 12000 and q["approx"] and q["text"] == "environ 12 000 soldats nord-coréens"
               for q in rec["quantities"])
    assert_offsets_index_text(rec)


# --- 2. a batch of bad (and good) input -----------------------------------------------------

LATIN1_ARTICLE = wikinews("fr-012")["text"]  # latin-1 encodable: no ’ « » œ …
UTF8_ARTICLE = wikinews("fr-046")["text"]
JSONL_GOOD_1 = wikinews("fr-004")
JSONL_GOOD_2 = wikinews("fr-034")
ENGLISH = "\n".join(wikinews("en-001")["text"].split("\n")[1:3])
CHINESE = (
    "新华社北京电 当地时间周三，联合国秘书长在纽约总部发表讲话，呼吁冲突各方保持克制，"
    "尽快恢复谈判。他表示，国际社会应当共同努力，通过对话和协商解决分歧。\n"
    "据报道，数千名平民已经逃离该地区，人道主义组织正在向难民营运送食品和药品。"
    "有关部门表示，将继续密切关注局势发展。\n"
)
BIG_BYTES = 50 * 1024 * 1024


def _jsonl_line(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False) + "\n"


def _truncated_line() -> str:
    # a JSON object cut in the middle of its text, as by a crashed writer
    full = json.dumps(wikinews("fr-016"), ensure_ascii=False)
    return full[: full.index('"text"') + 200] + "\n"


def _write_big_text(path: Path) -> None:
    """50 MB of real French text, written in big chunks."""
    chunk = (UTF8_ARTICLE + "\n").encode("utf-8") * 400  # ~450 KB
    with open(path, "wb") as f:
        written = 0
        while written < BIG_BYTES:
            piece = chunk[: BIG_BYTES - written]
            f.write(piece)
            written += len(piece)
    assert path.stat().st_size == BIG_BYTES


@pytest.fixture
def batch(tmp_path):
    """A directory of every kind of bad input among good ones; names fix the (sorted) order."""
    d = tmp_path / "batch"
    d.mkdir()
    (d / "01_empty.txt").write_bytes(b"")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(4096)
    (d / "02_image.txt").write_bytes(png)  # binary behind a text name
    (d / "03_latin1.txt").write_bytes(LATIN1_ARTICLE.encode("latin-1"))
    (d / "04_lines.jsonl").write_text(
        _jsonl_line(JSONL_GOOD_1) + _truncated_line() + _jsonl_line(JSONL_GOOD_2), encoding="utf-8")
    _write_big_text(d / "05_big.txt")
    (d / "06_english.txt").write_text(ENGLISH, encoding="utf-8")
    (d / "07_chinese.txt").write_text(CHINESE, encoding="utf-8")
    (d / "08_utf8.txt").write_text(UTF8_ARTICLE, encoding="utf-8")
    return d


def test_batch_of_bad_input_gives_one_line_per_article_and_goes_on(capsys, batch):
    status, out, err = run(capsys, batch, "--format", "jsonl")
    recs = jsonl(out)
    # 8 files, the JSONL one holding 3 lines: 10 articles, 10 output lines, in input order
    assert len(recs) == 10, [r.get("error", r["id"]) for r in recs]
    empty, binary, latin1, good1, cut, good2, big, english, chinese, utf8 = recs
    assert status == 1

    def is_error(rec, path, message):
        assert set(rec) == {"id", "error", "origin"}, rec
        assert rec["origin"] == str(path)
        assert rec["id"]  # an id even when the input had none
        assert message in rec["error"], rec
        assert "\n" not in rec["error"]

    is_error(empty, batch / "01_empty.txt", "empty article")
    is_error(binary, batch / "02_image.txt", "binary content")
    is_error(cut, f"{batch / '04_lines.jsonl'}:2", "invalid JSON")
    assert cut["id"] == "fr-016"  # recovered from the start of the broken line
    is_error(big, batch / "05_big.txt", "too large")
    assert str(BIG_BYTES) in big["error"]
    is_error(chinese, batch / "07_chinese.txt", "unsupported language: zh")
    assert chinese["error"] == "unsupported language: zh"
    # English is the second language: a record, in the middle of the bad ones
    assert "error" not in english, english
    assert english["lang"] == "en"
    assert "Kmart" in {e["name"].split()[0] for e in english["entities"]}

    # the latin-1 article, decoded: accents intact
    assert "error" not in latin1, latin1
    assert latin1["lang"] == "fr"
    assert "découverte d'une nouvelle particule sub-atomique" in latin1["text"]
    assert "\ufffd" not in latin1["text"] and "Ã" not in latin1["text"]
    assert HEX16.fullmatch(latin1["id"])
    assert ("John Womersley", "assert") in speaker_stances(latin1)  # « Je peux confirmer qu'une particule... »

    # the good JSONL lines keep their ids and metadata
    for rec, src in ((good1, JSONL_GOOD_1), (good2, JSONL_GOOD_2)):
        assert "error" not in rec, rec
        assert rec["id"] == src["id"]
        assert rec["title"] == src["title"]
        assert rec["published"] == src["published"]
        assert rec["source"]["url"] == src["url"]
        assert rec["lang"] == "fr"
    assert "Antonis Samaras" in entity_names(good1).values()

    assert "error" not in utf8, utf8
    assert utf8["lang"] == "fr"
    assert "L'Oréal" in utf8["text"]
    assert HEX16.fullmatch(utf8["id"])
    for rec in (latin1, good1, good2, utf8):
        assert rec["statements"], rec["id"]
        assert_offsets_index_text(rec)

    # every failure also named on standard error, one line each
    err_lines = [ln for ln in err.splitlines() if ln.startswith("depeche: ")]
    assert len(err_lines) == 5, err
    assert f"depeche: {batch / '07_chinese.txt'}: unsupported language: zh" in err_lines


def test_the_good_files_alone_exit_zero(capsys, batch, tmp_path):
    good_lines = tmp_path / "good.jsonl"
    good_lines.write_text(_jsonl_line(JSONL_GOOD_1) + _jsonl_line(JSONL_GOOD_2), encoding="utf-8")
    status, out, err = run(capsys, batch / "03_latin1.txt", good_lines, batch / "08_utf8.txt")
    assert status == 0, err
    recs = jsonl(out)
    assert [r.get("error") for r in recs] == [None] * 4
    assert [r["id"] for r in recs][1:3] == ["fr-004", "fr-034"]
    assert "depeche:" not in err


# --- 3. output formats -----------------------------------------------------------------

@pytest.fixture
def two_articles(tmp_path):
    """The founding article and an empty file: one record, one error."""
    d = tmp_path / "two"
    d.mkdir()
    (d / "a_seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (d / "b_empty.txt").write_text("  \n", encoding="utf-8")
    return d


def test_format_json_is_one_array(capsys, two_articles):
    status, out, _ = run(capsys, two_articles, "--format", "json")
    assert status == 1  # the empty one
    recs = json.loads(out)
    assert isinstance(recs, list) and len(recs) == 2
    assert recs[0]["lang"] == "fr" and recs[0]["source"]["author"] == "ADN"
    assert recs[1]["error"] == "empty article"


def test_format_json_with_no_article_is_still_json(capsys, tmp_path):
    status, out, err = run(capsys, tmp_path, "--format", "json")  # an empty directory
    assert status == 1
    assert json.loads(out) == []
    assert "no articles found" in err


def test_format_jsonl_is_one_object_a_line(capsys, two_articles):
    status, out, _ = run(capsys, two_articles, "--format", "jsonl")
    assert status == 1
    lines = out.splitlines()
    assert len(lines) == 2 and out.endswith("\n")
    first, second = (json.loads(ln) for ln in lines)
    assert first["lang"] == "fr" and ("Lloyd Austin", "call") in speaker_stances(first)
    assert second == {"id": second["origin"], "error": "empty article", "origin": str(two_articles / "b_empty.txt")}


def test_default_format_off_a_terminal_is_jsonl(capsys):
    capsys.readouterr()
    status = main(["extract", str(SEED), "--no-progress"])
    out = capsys.readouterr().out
    assert status == 0
    assert json.loads(out)["source"]["outlet"] == "CNN Indonésie"


def test_format_pretty_is_a_readable_view(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # stdout is not a terminal: give rich a width
    status, out, _ = run(capsys, SEED, "--format", "pretty")
    assert status == 0
    assert "\x1b[" not in out  # no colour codes off a terminal
    assert not out.lstrip().startswith("{")
    for name in ("Lloyd Austin", "Kim Yong Hyun", "Vladimir Poutine", "Sergiy Kyslytsya"):
        assert name in out
    for word in ("call", "estimate", "not_deny", "refuse_confirm"):
        assert re.search(rf"\b{word}\b", out), word
    assert "statements" in out and "by ADN" in out and "CNN Indonésie" in out
    assert "Je les ai appelés" in out


def test_format_pretty_shows_whole_stances_at_80_columns(capsys, monkeypatch):
    # a stance cut to "refu…" or "not_…" says nothing: the column must not truncate
    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = run(capsys, SEED, "--format", "pretty")
    assert status == 0
    assert "Lloyd Austin" in out
    for word in ("not_deny", "refuse_confirm"):
        assert re.search(rf"\b{word}\b", out), word


def test_format_pretty_shows_errors(capsys, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    status, out, _ = run(capsys, tmp_path / "empty.txt", "--format", "pretty")
    assert status == 1
    assert f"{tmp_path / 'empty.txt'}: empty article" in " ".join(out.split())  # rich may wrap it


# --- 4. ids given in JSON input --------------------------------------------------------------

def test_ids_given_in_json_are_kept(capsys, tmp_path):
    a, b = wikinews("fr-020"), wikinews("fr-036")
    a["id"] = "AFP/2012-07-05 #Lyon-é"  # any string, kept as is
    b["id"] = 2012  # a number becomes its string
    one = tmp_path / "one.json"
    one.write_text(json.dumps(a, ensure_ascii=False), encoding="utf-8")
    many = tmp_path / "many.json"
    no_id = {"text": b["text"][:600], "lang": "fr"}
    many.write_text(json.dumps([b, no_id], ensure_ascii=False, indent=2), encoding="utf-8")
    status, out, err = run(capsys, one, many, "--format", "jsonl")
    assert status == 0, err
    recs = jsonl(out)
    assert [r["id"] for r in recs[:2]] == ["AFP/2012-07-05 #Lyon-é", "2012"]
    assert recs[2]["id"] == hashlib.sha256(no_id["text"].encode("utf-8")).hexdigest()[:16]
    assert recs[0]["title"] == a["title"] and recs[0]["published"] == "2012-07-05"
    assert all("error" not in r and r["lang"] == "fr" for r in recs)


# --- 5. standard input ------------------------------------------------------------------

class _Stdin:
    """What sys.stdin is to the CLI: a text stream with a binary `.buffer`."""

    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)

    def read(self, *a):  # the CLI must read the bytes, not the (locale-decoded) text
        raise AssertionError("read sys.stdin.buffer, not sys.stdin")

    readline = read


def test_stdin_jsonl_stream(capsys, monkeypatch):
    good = wikinews("fr-043")
    good["text"] = "\n".join(good["text"].split("\n")[:3])
    anonymous = {"text": wikinews("fr-036")["text"][:700]}
    data = "".join(_jsonl_line(x) for x in (good, anonymous)) + '{"id": "broken", "text": "Le pré\n'
    monkeypatch.setattr(sys, "stdin", _Stdin(data.encode("utf-8")))
    status, out, err = run(capsys, "-", "--format", "jsonl")
    recs = jsonl(out)
    assert len(recs) == 3
    assert recs[0]["id"] == "fr-043" and recs[0]["lang"] == "fr" and recs[0]["published"] == "2012-11-02"
    assert "Obama" in " ".join(entity_names(recs[0]).values())
    assert recs[1]["id"] == hashlib.sha256(anonymous["text"].encode("utf-8")).hexdigest()[:16]
    assert recs[1]["lang"] == "fr" and "error" not in recs[1]
    assert recs[2]["id"] == "broken" and recs[2]["origin"] == "<stdin>:3"
    assert recs[2]["error"].startswith("invalid JSON at line 3")
    assert status == 1
    assert "depeche: <stdin>:3: invalid JSON" in err


def test_stdin_plain_text(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(SEED.read_bytes()))
    status, out, _ = run(capsys, "-")
    assert status == 0
    [rec] = jsonl(out)
    assert rec["id"] == hashlib.sha256(SEED.read_bytes()).hexdigest()[:16]
    assert rec["source"]["author"] == "ADN"


# --- 6. --out FILE ------------------------------------------------------------------------

def test_out_file_gets_the_records_and_stdout_nothing(capsys, tmp_path):
    target = tmp_path / "out" / "records.jsonl"
    target.parent.mkdir()
    status, out, err = run(capsys, SEED, "--out", target)
    assert status == 0, err
    assert out == ""
    [rec] = jsonl(target.read_text(encoding="utf-8"))  # jsonl is the default for a file
    assert rec["lang"] == "fr" and rec["source"]["dateline"] == "Jakarta, CNN Indonésie —"
    assert ("Kim Yong Hyun", "estimate") in speaker_stances(rec)


def test_out_file_in_json_format(capsys, tmp_path):
    target = tmp_path / "records.json"
    status, out, _ = run(capsys, SEED, "-o", target, "--format", "json")
    assert status == 0 and out == ""
    [rec] = json.loads(target.read_text(encoding="utf-8"))
    assert rec["source"]["outlet"] == "CNN Indonésie"


# --- regressions: bugs found in review, fixed ------------------------------------------------

def test_pretty_prints_brackets_as_written(capsys, monkeypatch):
    lines = (_jsonl_line({"id": "dépêche [/] 12", "text": ""})
             + _jsonl_line({"id": "ok", "title": "[vidéo] Crise", "lang": "fr",
                            "text": "Le ministre a déclaré que la situation était grave."}))
    monkeypatch.setattr(sys, "stdin", _Stdin(lines.encode("utf-8")))
    monkeypatch.setenv("COLUMNS", "120")
    status, out, _ = run(capsys, "-", "--format", "pretty")
    assert status == 1
    assert "dépêche [/] 12" in out  # the error line, as written
    assert "[vidéo] Crise" in out  # the next article still printed, its title whole


def test_batch_size_zero_drops_nothing(capsys, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    try:
        status, out, err = run(capsys, tmp_path / "empty.txt", "--batch-size", "0")
    except SystemExit as exc:  # rejected by argparse: fine too
        assert exc.code == 2
        return
    assert len(jsonl(out)) == 1, err


def test_out_file_inside_the_input_directory_is_not_an_input(capsys, tmp_path):
    # only empty inputs and the default batch size: the output is read before anything is written
    (tmp_path / "a.txt").write_text("\n", encoding="utf-8")
    target = tmp_path / "z.jsonl"
    status, out, _ = run(capsys, tmp_path, "--out", target)
    recs = jsonl(target.read_text(encoding="utf-8"))
    assert [r["origin"] for r in recs] == [str(tmp_path / "a.txt")]
