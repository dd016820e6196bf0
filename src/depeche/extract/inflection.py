"""The lemmas a verb may have where the model's lemmatizer is unsure: its
own, the lexicon's table of irregular forms, and the lexicon's suffix rules
("estime" left as "estime" -> "estimer"). Shared by the cue matcher and the
entity typer (whose question is "is this the subject of a reporting verb?")."""
from __future__ import annotations

from spacy.tokens import Token

from ..text import lower_key


def lemmas(tok: Token, forms: dict[str, str], suffix_rules: tuple[tuple[str, str], ...]) -> list[str]:
    low = lower_key(tok.text)
    out = [tok.lemma_.lower()]
    if low in forms:
        out.append(forms[low])
    out.append(low)
    for suffix, repl in suffix_rules:
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            out.append(low[: len(low) - len(suffix)] + repl)
    return list(dict.fromkeys(out))


def rules(cues_lexicon: dict) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """The form table and suffix rules of a language's cues.toml."""
    infl = cues_lexicon.get("inflection", {})
    return ({lower_key(k): v for k, v in infl.get("forms", {}).items()},
            tuple(tuple(r) for r in infl.get("suffixes", [])))
