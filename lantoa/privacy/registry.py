"""What each app holds about a person, so that one export and one erasure cover it all.

An app registers, once per kind of person it knows (staff accounts, later the inbox's
workers), who may act on such a person and the texts that name them, then one source per
thing it holds:

    register_person_model(Worker, may_manage=can_manage_worker, identifiers=worker_names, units=worker_units)
    register_personal_data(
        "inbox.messages", label=_("Messages"), person_model=Worker,
        exporter=export_messages,   # person -> list[Table]
        eraser=erase_messages,      # Erasure -> number of rows changed or removed
    )

`actions.do_export_person` and `actions.do_erase_person` run every source registered for
the person's model, in registration order (register the source that blanks the person's
own row last: the others may still read it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Table:
    """Rows about a person: `columns` are (key, label) pairs; JSON uses keys, .xlsx labels."""

    key: str
    title: str
    columns: tuple[tuple[str, str], ...]
    rows: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Erasure:
    person: Any
    pseudonym: str
    identifiers: tuple[str, ...]  # texts that name the person (full name, username, email)
    actor: Any


@dataclass(frozen=True)
class PersonModel:
    model: type
    may_manage: Callable[[Any, Any], bool]  # (actor, person)
    identifiers: Callable[[Any], list[str]]
    units: Callable[[Any], list[int]]  # the units the person's data belongs to (access records)


@dataclass(frozen=True)
class Source:
    key: str
    label: Any
    person_model: type
    exporter: Callable[[Any], list[Table]]
    eraser: Callable[[Erasure], int] | None


PERSON_MODELS: dict[type, PersonModel] = {}
SOURCES: dict[str, Source] = {}


def register_person_model(model: type, *, may_manage: Callable, identifiers: Callable, units: Callable) -> None:
    PERSON_MODELS[model] = PersonModel(model, may_manage, identifiers, units)


def register_personal_data(
    key: str, *, label, person_model: type, exporter: Callable, eraser: Callable | None = None
) -> None:
    SOURCES[key] = Source(key, label, person_model, exporter, eraser)


def person_model_of(person) -> PersonModel:
    for model, registered in PERSON_MODELS.items():
        if isinstance(person, model):
            return registered
    raise LookupError(f"{type(person).__name__} is not a registered kind of person")


def sources_for(person) -> list[Source]:
    return [source for source in SOURCES.values() if isinstance(person, source.person_model)]
