"""Language identification (py3langid: small, fast, offline, 97 languages)."""
from __future__ import annotations

import functools

# Enough text to decide; the opening of an article is representative and
# classifying megabytes buys nothing.
_SAMPLE_CHARS = 4000


@functools.cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """ISO 639-1 code of the text's language and the model's confidence."""
    lang, prob = _identifier().classify(text[:_SAMPLE_CHARS])
    return lang, float(prob)
