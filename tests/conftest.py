"""Shared fixtures: the French model is loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SEED = DATA / "seed.txt"  # the founding article (samples/000_b8d7f4ff9823a7be.txt)


@pytest.fixture(scope="session")
def nlp_fr():
    import depeche.nlp

    return depeche.nlp.get("fr")


@pytest.fixture(scope="session")
def lex_fr():
    import depeche.lexicon

    return depeche.lexicon.load("fr")


@pytest.fixture(scope="session")
def contextual(nlp_fr, lex_fr):
    """French text -> (document context, statements), as the pipeline does."""
    from depeche.extract import attribution, context, entities

    def run(text: str, outlet: str | None = None):
        doc = nlp_fr(text)
        ents = entities.extract(doc, lex_fr, "fr", outlet=outlet)
        ctx = context.build(doc, lex_fr, "fr", ents)
        return ctx, attribution.extract(ctx)

    return run


@pytest.fixture(scope="session")
def analyse(contextual):
    """French text -> (doc, entity index, statements)."""

    def run(text: str, outlet: str | None = None):
        ctx, statements = contextual(text, outlet)
        return ctx.doc, ctx.ents, statements

    return run


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


# The story corpus (tests/_story.py) as records, for the store, API and page tests.
@pytest.fixture(scope="module")
def recs() -> list[dict]:
    import _story

    return _story.records()


@pytest.fixture(scope="module")
def by_id(recs) -> dict[str, dict]:
    return {r["id"]: r for r in recs}


# Over a module's `db_path` (a base it builds once): the server's pages and a
# read-only connection to check them against.
@pytest.fixture(scope="module")
def client(db_path):
    from fastapi.testclient import TestClient

    from depeche.serve.app import create_app

    with TestClient(create_app(str(db_path))) as c:
        yield c


@pytest.fixture(scope="module")
def con(db_path):
    from contextlib import closing

    from depeche import store

    with closing(store.connect(str(db_path), read_only=True)) as c:
        yield c
