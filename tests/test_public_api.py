"""`depeche.extract` is the one-line public API, and stays a function however
often it is called (importing the stage package once rebound the name)."""
import depeche


def test_extract_called_twice_returns_records():
    text = "Selon l'AFP, le ministre a démissionné."
    first = depeche.extract(text, lang="fr")
    second = depeche.extract({"text": text, "lang": "fr"})
    assert callable(depeche.extract)
    assert first["statements"][0]["speaker_text"] == "AFP"
    assert second["statements"] == first["statements"]
