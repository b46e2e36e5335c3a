"""Open2b's documented bounds on a write's request, checked on the body before it is sent.

A table (`request_tables.py`) says what the vendor's page says of each path of a method's
request body. `MethodBounds.check` raises the first bound the body breaks as the error Open2b
itself would answer, with `field` the GraphQL argument path (`<path>` below):

    a key the method does not take                UNKNOWN_FIELD  Field '<path>' is unknown to ...
    left out or null where "(required)"           MISSING        <path> is required
    null where the docs do not say "can be null"  MALFORMED      <path> is not syntactically correct
    a string outside string(a…b), in characters   MALFORMED      (the same)
    a datetime that is not yyyy-mm-dd hh:mm:ss    MALFORMED      (the same)
    an int, or an int of a list, outside int(a…b) INVALID_VALUE  <path> is not a valid value
    a country that is not two capital letters     INVALID_VALUE  (the same)

Where a documented error row is about the value alone (email shape, locale, password length,
collections count and repeats, invoice recipient length), that row is the answer: its type,
its description filled in, and `upstream` naming it, as if Open2b had sent it. Rows that need
the store's data (NotFound, AlreadyExists, times in the future) are left to Open2b.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from customer_gateway.backends.open2b.api import OPEN2B_ERROR_CODES, SERVICE
from customer_gateway.backends.open2b.bounds import INT_MAX
from customer_gateway.backends.refusals import invalid, malformed
from customer_gateway.model.errors import BadUserInput, ErrorCode, UpstreamInfo
from customer_gateway.upstream.client import JSON


@dataclass(frozen=True, slots=True)
class Row:
    """A documented error row: Open2b's error field, type and description (filled in)."""

    field: str
    type: str
    description: str


RowCheck = Callable[[Any], Row | None]


@dataclass(frozen=True, slots=True)
class Bound:
    length: tuple[int, int] | None = None  # string(a…b)
    range: tuple[int, int] | None = None  # int(a…b), of the value or of each item of a list
    required: bool = False
    nullable: bool = False
    datetime: bool = False
    pattern: re.Pattern[str] | None = None  # else InvalidValue
    row: RowCheck | None = None  # a documented row about the value alone


Table = Mapping[str, Bound]  # upstream path ("billingAddress.city") -> bound; parents first

_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
_COUNTRY = re.compile(r"[A-Z]{2}")


def text(lo: int, hi: int, *, required: bool = False, nullable: bool = False) -> Bound:
    return Bound(length=(lo, hi), required=required, nullable=nullable)


def number(lo: int, hi: int = INT_MAX, *, nullable: bool = False) -> Bound:
    return Bound(range=(lo, hi), nullable=nullable)


def numbers(lo: int, hi: int = INT_MAX, *, row: RowCheck | None = None) -> Bound:
    return Bound(range=(lo, hi), row=row)


def country(*, required: bool) -> Bound:
    return Bound(length=(2, 2), required=required, pattern=_COUNTRY)


class MethodBounds:
    """One method's table, and where its upstream paths point in the GraphQL arguments."""

    def __init__(self, method: str, table: Table, prefix: str, **extra_paths: str) -> None:
        self.method = method
        self.table = table
        self.prefix = prefix
        # Upstream error field -> GraphQL path: the table's paths, bare or under "customer.".
        self.paths = {path: prefix + path for path in table}
        self.paths.update({f"customer.{path}": prefix + path for path in table})
        self.paths.update(extra_paths)

    def check(self, body: JSON) -> None:
        """Raise the first documented bound that `body` (customer object, credentials) breaks."""
        unknown = _first_unknown(self.table, body, "")
        if unknown is not None:
            graphql_path = self.prefix + unknown
            raise BadUserInput(
                f"Field '{graphql_path}' is unknown to {self.method}",
                field=graphql_path,
                code=ErrorCode.UNKNOWN_FIELD,
            )
        for path, bound in self.table.items():
            parent, _, key = path.rpartition(".")
            container = _at(body, parent)
            if container is None:
                continue  # the parent record is left out or null
            if key in container:
                self._check_value(path, bound, container[key])
            elif bound.required:
                raise self._missing(path)

    def _check_value(self, path: str, bound: Bound, value: Any) -> None:
        graphql_path = self.paths[path]
        if value is None:
            if bound.nullable:
                return
            raise self._missing(path) if bound.required else malformed(graphql_path)
        if bound.length is not None:
            lo, hi = bound.length
            if not lo <= len(value) <= hi:
                raise malformed(graphql_path)
        if bound.datetime and not _DATETIME.fullmatch(value):
            raise malformed(graphql_path)
        if bound.range is not None:
            lo, hi = bound.range
            if not all(lo <= item <= hi for item in _items(value)):
                raise invalid(graphql_path)
        if bound.pattern is not None and not bound.pattern.fullmatch(value):
            raise invalid(graphql_path)
        row = None if bound.row is None else bound.row(value)
        if row is not None:
            raise self.documented(row)

    def _missing(self, path: str) -> BadUserInput:
        graphql_path = self.paths[path]
        return BadUserInput(
            f"{graphql_path} is required", field=graphql_path, code=ErrorCode.MISSING
        )

    def documented(self, row: Row) -> BadUserInput:
        """A documented row, answered as Open2b answers it."""
        upstream = UpstreamInfo(service=SERVICE, method=self.method, type=row.type, field=row.field)
        return BadUserInput(
            row.description,
            field=self.paths.get(row.field),
            code=OPEN2B_ERROR_CODES[row.type],
            upstream=upstream,
        )


def _items(value: int | list[int]) -> Iterable[int]:
    return value if isinstance(value, list) else (value,)


def _at(body: JSON, path: str) -> JSON | None:
    node: Any = body
    for key in path.split(".") if path else ():
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


def _first_unknown(table: Table, data: JSON, prefix: str) -> str | None:
    for key, value in data.items():
        path = prefix + key
        if path not in table:
            return path
        if isinstance(value, dict):
            found = _first_unknown(table, value, path + ".")
            if found is not None:
                return found
    return None
