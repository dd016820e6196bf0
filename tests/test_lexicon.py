"""Lexicons are checked at load against their schemas (lexicons/schema/):
every shipped file fits; a slip in a file (a misspelt or misplaced key, a
wrong type, a file with no schema) is an error naming the file and the key
path. Slips are made in copies of the shipped files under tmp_path; the
package's own lexicons are never touched."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import depeche
from depeche import lexicon, pipeline
from depeche.lexicon import LexiconError
from depeche.record import Article

ROOT = Path(depeche.__file__).parent / "lexicons"


def test_every_shipped_lexicon_fits_its_schema():
    # Loaded from an explicit root: not the process's cached copy, checked anew.
    langs = lexicon.languages(ROOT)
    assert {"fr", "en"} <= set(langs)
    for lang in langs:
        lex = lexicon.load(lang, ROOT)
        assert set(lex) == {p.stem for p in (ROOT / lang).glob("*.toml")}
    for path in ROOT.glob("*.toml"):
        assert lexicon.shared(path.stem, ROOT)


def test_schema_folder_is_not_a_language():
    assert not lexicon.available(lexicon.SCHEMA_DIR)
    assert lexicon.SCHEMA_DIR not in lexicon.languages()
    with pytest.raises(LexiconError, match="no lexicons for language 'schema'"):
        lexicon.load(lexicon.SCHEMA_DIR)


# -- slips in a copy of the French lexicons --------------------------------------

@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A lexicon root holding a copy of the French files (no schema folder:
    the package's schemas apply)."""
    shutil.copytree(ROOT / "fr", tmp_path / "fr")
    return tmp_path


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "fr" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_error(root: Path, lang: str = "fr") -> str:
    with pytest.raises(LexiconError) as err:
        lexicon.load(lang, root)
    return str(err.value)


def test_a_copy_of_the_shipped_files_loads_from_another_root(root):
    lex = lexicon.load("fr", root)
    assert lex["cues"]["verbs"]["dire"]["stance"] == "assert"
    assert lex is not lexicon.load("fr")  # the package's own are kept apart


def test_misspelt_key_names_the_file_the_key_path_and_the_allowed_keys(root):
    edit(root, "cues.toml", 'ajouter = { stance = "assert", frames = ["que", "quote"] }',
         'ajouter = { stance = "assert", frame = ["que", "quote"] }')
    msg = load_error(root)
    assert ("fr/cues.toml: [verbs.ajouter] unknown key 'frame' (allowed: stance, frames, refused_frames, reflexive_only, "
            "reflexive_stance, source_words, act_cases, acts_on_objects); did you mean 'frames'?") in msg
    assert "fr/cues.toml: [verbs.ajouter] missing required key 'frames'" in msg


def test_key_under_the_wrong_table_is_unknown_there_and_missing_where_it_belongs(root):
    # The shape of a real slip: English head_links once sat under [heads],
    # where nothing read it.
    edit(root, "entities.toml", 'head_links = ["de", "du", "des", "d\'", "d’", "la", "l\'", "l’"]\n', "")
    edit(root, "entities.toml", "[heads]\n", '[heads]\nhead_links = ["de", "du"]\n')
    msg = load_error(root)
    assert "fr/entities.toml: missing required key 'head_links'" in msg
    assert "fr/entities.toml: [heads] unknown key 'head_links' (allowed: org, loc, keep_inner_loc" in msg


def test_wrong_type_of_a_value(root):
    edit(root, "cues.toml", "bare_complement = false", 'bare_complement = "false"')
    msg = load_error(root)
    assert msg == ("fr/cues.toml: [words.bare_complement] expected a bool (true or false), "
                   "got a string ('false')")


def test_value_outside_its_enum_in_a_quoted_key(root):
    edit(root, "cues.toml", 'mettre_en_garde = { stance = "warn"', 'mettre_en_garde = { stance = "warns"')
    edit(root, "cues.toml", '"d\'après" = { stance = "assert" }', '"d\'après" = { stance = "estimates" }')
    msg = load_error(root)
    assert "fr/cues.toml: [verbs.mettre_en_garde.stance] 'warns' is not a stance (one of: 'assert'" in msg
    assert "fr/cues.toml: [markers.\"d'après\".stance] 'estimates' is not a stance" in msg


def test_a_single_string_where_a_list_is_expected(root):
    edit(root, "events.toml", 'appeler = { type = "DEMAND", case = ["à"] }', 'appeler = { type = "DEMAND", case = "à" }')
    assert load_error(root) == ("fr/events.toml: [verbs.appeler.case] expected a list of strings, "
                                "got a string ('à')")


def test_a_broken_regular_expression_in_boilerplate(root):
    edit(root, "boilerplate.toml", '"newsletter",', '"newsletter(",')
    msg = load_error(root)
    assert msg.startswith("fr/boilerplate.toml: [line[1].patterns[8]] not a valid regular expression")


def test_a_bad_value_in_an_array_of_tables(root):
    edit(root, "quantities.toml", 'magnitude = "several"', 'magnitude = "sevral"')
    assert "fr/quantities.toml: [vague[2].magnitude] 'sevral' is not a magnitude" in load_error(root)


def test_a_lexicon_file_with_no_schema(root):
    # A misspelt file name: events.toml written event.toml.
    (root / "fr" / "event.toml").write_text('[verbs]\nattaquer = { type = "ASSAULT" }\n', encoding="utf-8")
    msg = load_error(root)
    assert msg.startswith("fr/event.toml: no schema for a lexicon file named 'event.toml' (known: ")
    assert "events" in msg


def test_a_shared_file_with_no_schema(tmp_path):
    (tmp_path / "stopwords.toml").write_text('words = ["le"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"^stopwords.toml: no schema for a lexicon file"):
        lexicon.shared("stopwords", tmp_path)


def test_toml_syntax_error_names_the_file(root):
    edit(root, "dates.toml", "[months]", "[months")
    assert load_error(root).startswith("fr/dates.toml: ")


# -- the schemas are data: adding a key is one line ------------------------------------

@pytest.fixture
def own_schema(root: Path) -> Path:
    """The root with its own copy of the schemas."""
    shutil.copytree(ROOT / lexicon.SCHEMA_DIR, root / lexicon.SCHEMA_DIR)
    return root


def _add_to_file_table(schema, line: str) -> None:
    """One line added to a schema's [file] table."""
    text = schema.read_text(encoding="utf-8")
    schema.write_text(text.replace("[file]\n", "[file]\n" + line + "\n", 1), encoding="utf-8")


def test_adding_a_key_is_one_line_in_the_schema(root, tmp_path):
    path = root / "fr" / "speakers.toml"
    path.write_text('anonymous = ["une source proche"]\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert "fr/speakers.toml: unknown key 'anonymous'" in load_error(root)
    # The same file, beside a copy of the schemas with one line added
    # (schemas are read once per process and root: a new root).
    own_schema = tmp_path / "own"
    shutil.copytree(root / "fr", own_schema / "fr")
    shutil.copytree(ROOT / lexicon.SCHEMA_DIR, own_schema / lexicon.SCHEMA_DIR)
    schema = own_schema / lexicon.SCHEMA_DIR / "speakers.toml"
    _add_to_file_table(schema, 'anonymous = "[str]?"')
    assert lexicon.load("fr", own_schema)["speakers"]["anonymous"] == ["une source proche"]


def test_a_required_key_of_the_schema_must_be_in_every_file(own_schema):
    schema = own_schema / lexicon.SCHEMA_DIR / "speakers.toml"
    _add_to_file_table(schema, 'anonymous = "[str]"')
    assert load_error(own_schema) == "fr/speakers.toml: missing required key 'anonymous'"


def test_a_schema_naming_an_unknown_type(own_schema):
    schema = own_schema / lexicon.SCHEMA_DIR / "speakers.toml"
    _add_to_file_table(schema, 'anonymous = "[strng]"')
    msg = load_error(own_schema)
    assert msg.startswith("schema/speakers.toml: [file.anonymous] bad type '[strng]': unknown type 'strng'")


# -- language words that were in code -------------------------------------------------

def english_events(text: str) -> list[tuple[str, str, list[str]]]:
    [rec] = pipeline.process([Article(text=text, id="t", lang="en", published="2024-11-05")])
    names = {e["id"]: e["name"] for e in rec["entities"]}
    return [(e["type"], e["trigger"], [names[a] for a in e["actors"]]) for e in rec["events"]]


def test_english_noun_event_takes_its_actor_from_of():
    # The preposition of a noun trigger's actor is lexicon data (events.toml
    # words.owner_cases): English "of" as French "de".
    evs = english_events("Hamas and Israel agreed to a truce last week. "
                         "The attack of Hamas on the border town was condemned by Egypt.")
    assert ("ASSAULT", "attack", ["Hamas"]) in evs


def test_english_noun_event_actor_through_a_nationality():
    evs = english_events("The deployment of Chinese warships near Taiwan worried Japan, "
                         "China confirmed on Friday.")
    assert ("MOBILIZE", "deployment", ["China"]) in evs


def test_web_labels_name_every_stance_and_every_magnitude_the_extractor_gives():
    from depeche.store.validate import STANCES

    for lang in lexicon.languages():
        lex = lexicon.load(lang)
        if "labels" not in lex:
            continue
        magnitudes = {v["magnitude"] for v in lex["quantities"]["vague"]}
        assert set(lex["labels"]["stances"]) == STANCES
        assert magnitudes <= set(lex["labels"]["magnitudes"])


def test_plural_endings_of_quantity_units_in_the_store_are_the_language_s():
    from depeche.store.load import unit_key

    assert unit_key("soldats nord-coréens", "fr") == "soldat"
    assert unit_key("troops", "en") == "troop"
    assert unit_key("troops", "xx") == "troops"  # a language without lexicons: as written


def test_a_class_covering_a_class_that_does_not_exist(root):
    import importlib
    words = importlib.import_module("depeche.extract.speakers.words")
    edit(root, "speakers.toml", 'covers = ["performer", "writer", "musician", "filmmaker"]',
         'covers = ["performer", "writer", "musicians"]')
    with pytest.raises(LexiconError, match=r"speakers.toml: \[classes\] 'covers' names no class: musicians"):
        words.lex_for(lexicon.load("fr", root))
