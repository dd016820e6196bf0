"""One entity per real-world referent across articles.

An article's entity joins a stored one when one of its names, folded, is an
alias of that entity and the kinds agree (a person with a person; places and
organisations share names: "France" the state, "France" the country). A
person is matched on full names only: "Austin" alone names too many people.
Whatever is not matched becomes a new entity. `depeche merge` joins the rest.

An entity's id is not a counter: it is a hash of its kind and folded name
(`stable_id`), so that the same files ingested in another order, or with an
article left out, give the same ids to the same entities (ids are in URLs and
exports). Which of an entity's names came first can still depend on the order
(a "Lloyd J. Austin" before a "Lloyd Austin"): every alias keeps the id its
own name hashes to (`entity_aliases.key_id`), and a lookup by an id that is
no entity's finds the entity holding that alias (queries.find_entity).
"""
from __future__ import annotations

import hashlib

from ..text import fold, without_article
from . import bulk

# Ids stay below 2**53: a JavaScript number holds them exactly.
_ID_BITS = 53


def kind(etype: str) -> str:
    return "PER" if etype == "PER" else ("MISC" if etype == "MISC" else "ORGLOC")


def stable_id(k: str, key: str, attempt: int = 0) -> int:
    """The id of an entity of kind `k` (see `kind`) whose folded name is
    `key`; `attempt` > 0 gives the next candidate when two names collide."""
    text = f"{k}\x1f{key}" + (f"\x1f{attempt}" if attempt else "")
    h = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")
    return (h >> (64 - _ID_BITS)) or 1


def keys(e: dict) -> list[str]:
    """The folded names an entity may be matched by."""
    out = []
    for name in [e.get("name") or ""] + list(e.get("forms") or []):
        k = without_article(fold(name))
        if not k or k in out:
            continue
        if e.get("type") == "PER" and " " not in k and " " in fold(e.get("name") or ""):
            continue  # a surname alone
        out.append(k)
    return out


class Canon:
    """The alias table, loaded once per ingest run and extended as it goes.

    Changes of a batch are kept apart until the batch commits, so that a
    rolled-back batch leaves no entity behind in memory either."""

    def __init__(self, con):
        self.alias: dict[tuple[str, str], int] = {}
        for alias, k, eid in con.execute("SELECT alias, kind, eid FROM entity_aliases").fetchall():
            self.alias.setdefault((alias, k), eid)
        self.used: set[int] = {r[0] for r in con.execute("SELECT eid FROM entities").fetchall()}
        self._new_entities: list[tuple] = []
        self._new_aliases: list[tuple] = []
        self._pending: dict[tuple[str, str], int] = {}
        self._new_ids: set[int] = set()

    def resolve(self, e: dict) -> int:
        k = kind(e["type"])
        ks = e.get("keys") or keys(e)
        eid = None
        for key in ks:
            eid = self._pending.get((key, k)) or self.alias.get((key, k))
            if eid is not None:
                break
        if eid is None:
            norm = without_article(fold(e["name"]))
            eid = self._new_id(k, norm)
            self._new_entities.append((eid, e["name"], e["type"], e.get("country"), norm))
        for key in ks:
            if (key, k) not in self.alias and (key, k) not in self._pending:
                self._pending[(key, k)] = eid
                self._new_aliases.append((key, k, eid, stable_id(k, key)))
        return eid

    def _new_id(self, k: str, norm: str) -> int:
        """The name's hash, or on a collision with another entity (two names,
        one hash: about one in 10**15 per pair; or two entities whose names
        fold to nothing) the next free candidate, tried in a fixed order."""
        attempt = 0
        while True:
            eid = stable_id(k, norm, attempt)
            if eid not in self.used and eid not in self._new_ids:
                self._new_ids.add(eid)
                return eid
            attempt += 1

    def flush(self, con) -> None:
        if self._new_entities:
            cols = dict(zip(("eid", "name", "type", "country", "norm"), map(list, zip(*self._new_entities))))
            bulk.insert(con, "entities", cols)
        if self._new_aliases:
            cols = dict(zip(("alias", "kind", "eid", "key_id"), map(list, zip(*self._new_aliases))))
            bulk.insert(con, "entity_aliases", cols)

    def commit(self) -> None:
        self.alias.update(self._pending)
        self.used |= self._new_ids
        self.forget()

    def forget(self) -> None:
        self._new_entities, self._new_aliases, self._pending, self._new_ids = [], [], {}, set()

