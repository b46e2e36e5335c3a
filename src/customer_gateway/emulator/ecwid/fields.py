"""Ecwid's `responseFields` projection: `total,items(id,email,billingPerson(name))`.

    fields := field ("," field)*
    field  := name ["(" fields ")"]        name: letters, digits, "_"; spaces around are ignored

A `Projection` maps each kept key to the projection of its value (None: the whole value). It
applies to an object's keys, to every element of a list, and leaves scalars alone; names the
answer does not have are ignored, as Ecwid does.
"""

from __future__ import annotations

import re
from typing import Any

Projection = dict[str, "Projection | None"]

_TOKEN = re.compile(r"\s*(?:([A-Za-z0-9_]+)|([(),]))")


class FieldsError(ValueError):
    """A `responseFields` value that does not parse."""


def parse(text: str) -> Projection:
    tokens = _tokens(text)
    projection, end = _fields(tokens, 0)
    if end != len(tokens):
        raise FieldsError(f"unexpected '{tokens[end]}'")
    return projection


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    at = 0
    while text[at:].strip():
        match = _TOKEN.match(text, at)
        if match is None:
            raise FieldsError(f"unexpected '{text[at:].strip()[0]}'")
        tokens.append(match.group(1) or match.group(2))
        at = match.end()
    return tokens


def _fields(tokens: list[str], at: int) -> tuple[Projection, int]:
    projection: Projection = {}
    while True:
        if at >= len(tokens) or tokens[at] in "(),":
            found = "the end" if at >= len(tokens) else f"'{tokens[at]}'"
            raise FieldsError(f"expected a field name, found {found}")
        name, sub = tokens[at], None
        at += 1
        if at < len(tokens) and tokens[at] == "(":
            sub, at = _fields(tokens, at + 1)
            if at >= len(tokens) or tokens[at] != ")":
                raise FieldsError(f"missing ')' after the fields of '{name}'")
            at += 1
        projection[name] = _merge(projection[name], sub) if name in projection else sub
        if at >= len(tokens) or tokens[at] != ",":
            return projection, at
        at += 1


def _merge(a: Projection | None, b: Projection | None) -> Projection | None:
    if a is None or b is None:
        return None
    merged = dict(a)
    for name, sub in b.items():
        merged[name] = _merge(merged[name], sub) if name in merged else sub
    return merged


def project(value: Any, projection: Projection | None) -> Any:
    if projection is None:
        return value
    if isinstance(value, dict):
        return {
            name: project(value[name], sub) for name, sub in projection.items() if name in value
        }
    if isinstance(value, list):
        return [project(item, projection) for item in value]
    return value
