"""Writers: a record straight to its response dict, for one selection made once per document.

An `ObjectWriter` holds, in response order, each response key and the getter of its value,
so writing a customer costs one dict comprehension, not a resolver call per field.

A getter passes a value on only when its GraphQL type would show it unchanged (a `str` for a
`String`, an `int` in range for an `Int`...). Anything else (an upstream bug) raises
`Unwritable`, and the request is run again by graphql-core's executor, which reports it exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from operator import attrgetter
from typing import Any

Getter = Callable[[Any], Any]

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


class Unwritable(Exception):
    """A record holds a value its GraphQL type would not show as it is."""


class ObjectWriter:
    """Writes one object of a selection: `{key: getter(source) for each selected key}`."""

    __slots__ = ("entries",)

    def __init__(self, entries: Sequence[tuple[str, Getter]]) -> None:
        self.entries = tuple(entries)

    def __call__(self, source: Any) -> dict[str, Any]:
        return {key: get(source) for key, get in self.entries}


def constant(value: str | None) -> Getter:
    """`__typename`: the same for every object of a type."""

    def get(_: Any) -> str | None:
        return value

    return get


def scalar(name: str, kind: type) -> Getter:
    """A `String`, `ID` or `Boolean` (`kind` str or bool) shown as the record holds it."""
    read = attrgetter(name)

    def get(source: Any) -> Any:
        value = read(source)
        if value is None or type(value) is kind:
            return value
        raise Unwritable(name)

    return get


def integer(name: str) -> Getter:
    read = attrgetter(name)

    def get(source: Any) -> int | None:
        value = read(source)
        if value is None or _is_int(value):
            return value  # type: ignore[no-any-return]
        raise Unwritable(name)

    return get


def _is_int(value: object) -> bool:
    return type(value) is int and _INT_MIN <= value <= _INT_MAX


def int_list(name: str) -> Getter:
    """A tuple of ints on the record, a list in the response (or null)."""
    read = attrgetter(name)

    def get(source: Any) -> list[int] | None:
        value = read(source)
        if value is None:
            return None
        items = list(value)
        if all(_is_int(item) for item in items):
            return items
        raise Unwritable(name)

    return get


def date_time(name: str) -> Getter:
    """The `DateTime` scalar's form: ISO-8601 with its offset (as `scalars.py` serializes)."""
    read = attrgetter(name)

    def get(source: Any) -> str | None:
        value = read(source)
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.isoformat()
        raise Unwritable(name)

    return get


def nested(name: str, writer: ObjectWriter) -> Getter:
    """A nullable object below this one (an address)."""
    read = attrgetter(name)

    def get(source: Any) -> dict[str, Any] | None:
        value = read(source)
        return None if value is None else writer(value)

    return get
