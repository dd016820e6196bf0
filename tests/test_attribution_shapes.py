"""Every frame and every speaker sieve on sentences written for the purpose
(tests/data/attribution/<lang>.toml): each case names its shape and the
statements expected, speaker, content, stance (and kind where given), and
nothing else may be found."""
import pytest

import _shapes
import depeche


def _ids(cases):
    return [c["shape"] for c in cases]


FR, EN = _shapes.cases("fr"), _shapes.cases("en")


@pytest.mark.parametrize("case", FR, ids=_ids(FR))
def test_french_shape(case):
    record = depeche.extract({"text": case["text"], "lang": "fr"})
    assert _shapes.problems(record, case["expect"]) + _shapes.provenance(record, case["expect"],
                                                                         case.get("found_by")) == []


@pytest.mark.parametrize("case", EN, ids=_ids(EN))
def test_english_shape(case):
    record = depeche.extract({"text": case["text"], "lang": "en"})
    assert _shapes.problems(record, case["expect"]) + _shapes.provenance(record, case["expect"],
                                                                         case.get("found_by")) == []


def test_cases_name_distinct_shapes():
    for cases in (FR, EN):
        shapes = _ids(cases)
        assert len(shapes) == len(set(shapes))


def test_every_frame_and_every_sieve_has_a_case():
    from depeche.extract.attribution.frames import VERB_FRAMES
    from depeche.extract.speakers.sieves import SIEVES, NAMES

    named = {c["found_by"]["frame"] for c in FR + EN if c.get("found_by")}
    sieves = {c["found_by"]["sieve"] for c in FR + EN if c.get("found_by")}
    assert {name for name, _, _ in VERB_FRAMES} <= named
    assert {"marker-initial", "marker-final", "marker-relative", "colon-speech", "labelled-line",
            "named-before-colon", "continuation"} <= named
    assert {NAMES[s] for s in SIEVES} <= sieves
