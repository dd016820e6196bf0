"""One entity per real-world referent across articles.

An article's entity joins a stored one when one of its names, folded, is an
alias of that entity and the kinds agree (a person with a person; places and
organisations share names: "France" the state, "France" the country). A
person is matched on full names only: "Austin" alone names too many people.
Whatever is not matched becomes a new entity. `depeche merge` joins the rest.
"""
from __future__ import annotations

from ..text import fold, without_article
from . import bulk


def kind(etype: str) -> str:
    return "PER" if etype == "PER" else ("MISC" if etype == "MISC" else "ORGLOC")


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
        self.next_id = (con.execute("SELECT max(eid) FROM entities").fetchone()[0] or 0) + 1
        self._new_entities: list[tuple] = []
        self._new_aliases: list[tuple] = []
        self._pending: dict[tuple[str, str], int] = {}

    def resolve(self, e: dict) -> int:
        k = kind(e["type"])
        ks = e.get("keys") or keys(e)
        eid = None
        for key in ks:
            eid = self._pending.get((key, k)) or self.alias.get((key, k))
            if eid is not None:
                break
        if eid is None:
            eid = self.next_id
            self.next_id += 1
            self._new_entities.append((eid, e["name"], e["type"], e.get("country"), without_article(fold(e["name"]))))
        for key in ks:
            if (key, k) not in self.alias and (key, k) not in self._pending:
                self._pending[(key, k)] = eid
                self._new_aliases.append((key, k, eid))
        return eid

    def flush(self, con) -> None:
        if self._new_entities:
            cols = dict(zip(("eid", "name", "type", "country", "norm"), map(list, zip(*self._new_entities))))
            bulk.insert(con, "entities", cols)
        if self._new_aliases:
            cols = dict(zip(("alias", "kind", "eid"), map(list, zip(*self._new_aliases))))
            bulk.insert(con, "entity_aliases", cols)

    def commit(self) -> None:
        self.alias.update(self._pending)
        self.forget(keep_ids=True)

    def forget(self, keep_ids: bool = False) -> None:
        if not keep_ids and self._new_entities:
            self.next_id = self._new_entities[0][0]
        self._new_entities, self._new_aliases, self._pending = [], [], {}

