"""Who a speaker phrase was found to be."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Speaker:
    entity: str | None  # the entity id, when the phrase names or refers to one
    text: str  # the entity's name, or the phrase as written
    head: int  # token index of the phrase's head
    gender: str | None = None
    number: str | None = None
    pronoun: bool = False
    kind: str = ""  # a pronoun's antecedent: "person", "thing", or either
    bare: bool = False  # a bare role or body noun: "le ministre", "la fédération"
    animate: bool = True  # can say something (a role, a body, a document), not "cet événement"
    person: bool = False  # a description of a person ("le président de la République")
    others: list[str] = field(default_factory=list)  # coordinated speakers' entities
    sieve: str = ""  # the resolution step that found it (see sieves.py)
