"""Open2b's documented bounds, checked before a call so a bad value costs no quota.

Refusals carry the code and wording Open2b itself uses, with `field` the neutral path of the
value (`conditions.email`, `billingAddress.city`, `id`; the GraphQL layer names the argument):

    a key the method does not take                UNKNOWN_FIELD  Field '<path>' is unknown to ...
    left out or null where "(required)"           MISSING        <path> is required
    null where the docs do not say "can be null"  MALFORMED      <path> is not syntactically correct
    a string outside string(a…b), in characters   MALFORMED      (the same)
    a datetime that is not yyyy-mm-dd hh:mm:ss    MALFORMED      (the same)
    an int, or an int of a list, outside int(a…b) INVALID_VALUE  <path> is not a valid value
    a country that is not two capital letters     INVALID_VALUE  (the same)

Reads check their conditions and ids here (`check_conditions`, `checked_id`). Writes check
their body against a method's table (`methods.py`) with `MethodBounds.check`. Where a documented
error row is about the value alone (email shape, locale, password length, collections count and
repeats, invoice recipient length), that row is the answer: its type, its description filled
in, and `upstream` naming it, as if Open2b had sent it. Rows that need the store's data
(NotFound, AlreadyExists, times in the future) are left to Open2b.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from customer_gateway.backends.open2b.api import OPEN2B_ERROR_CODES, SERVICE
from customer_gateway.backends.refusals import invalid, malformed
from customer_gateway.model.errors import BadUserInput, ErrorCode, UpstreamInfo
from customer_gateway.model.queries import CustomerConditions
from customer_gateway.upstream.client import JSON

INT_MAX = 2**31 - 1
_ID_DIGITS = len(str(INT_MAX))


def check_length(value: str | None, lo: int, hi: int, path: str) -> None:
    if value is not None and not lo <= len(value) <= hi:
        raise malformed(path)


def check_range(value: int | None, lo: int, hi: int, path: str) -> None:
    if value is not None and not lo <= value <= hi:
        raise invalid(path)


def customer_id(value: str) -> int | None:
    """The Open2b id an id string stands for, or None when no customer can have it."""
    # The length first: int() of thousands of digits is slow, and past 4,300 an error.
    if len(value) > _ID_DIGITS or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 1 <= number <= INT_MAX else None


def checked_id(value: str, path: str) -> int:
    """The Open2b id of `value`, or the error Open2b would answer for it (id is int(1…)).

    Ids are the strings the API gives out: "01" is not one (it would write customer 1 and
    then read back no customer "01").
    """
    digits = value.removeprefix("-")
    if not digits.isascii() or not digits.isdigit() or (digits[0] == "0" and digits != "0"):
        raise malformed(path)
    number = customer_id(value)
    if number is None:
        raise invalid(path)
    return number


def check_conditions(conditions: CustomerConditions) -> None:
    """Raise the first bound the conditions break, as Open2b would report it."""
    for value in conditions.ids or ():
        checked_id(value, "conditions.ids")
    check_length(conditions.code, 0, 32, "conditions.code")
    check_range(conditions.group, 1, 255, "conditions.group")
    check_length(conditions.email, 3, 120, "conditions.email")
    check_length(conditions.personal_code, 1, 20, "conditions.personalCode")
    check_length(conditions.company_code, 1, 20, "conditions.companyCode")
    check_length(conditions.keywords, 1, 120, "conditions.keywords")
    check_length(conditions.country, 2, 2, "conditions.country")
    check_length(conditions.state_prov, 1, 3, "conditions.stateProv")
    for label in conditions.labels or ():
        check_range(label, 1, 32, "conditions.labels")


# -- a write's body against its method's table ----------------------------------------


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
    """One method's table, and the neutral path each Open2b error field of it stands for."""

    def __init__(self, method: str, table: Table, **extra_paths: str) -> None:
        self.method = method
        self.table = table
        # Open2b's request paths are the neutral ones; errors name them bare or under "customer.".
        self.paths = {path: path for path in table}
        self.paths.update({f"customer.{path}": path for path in table})
        self.paths.update(extra_paths)

    def check(self, body: JSON) -> None:
        """Raise the first documented bound that `body` (customer object, credentials) breaks."""
        unknown = _first_unknown(self.table, body, "")
        if unknown is not None:
            template = f"Field '{{field}}' is unknown to {self.method}"
            raise BadUserInput.about(template, unknown, code=ErrorCode.UNKNOWN_FIELD)
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
        if value is None:
            if bound.nullable:
                return
            raise self._missing(path) if bound.required else malformed(path)
        if bound.length is not None:
            lo, hi = bound.length
            if not lo <= len(value) <= hi:
                raise malformed(path)
        if bound.datetime and not _DATETIME.fullmatch(value):
            raise malformed(path)
        if bound.range is not None:
            lo, hi = bound.range
            if not all(lo <= item <= hi for item in _items(value)):
                raise invalid(path)
        if bound.pattern is not None and not bound.pattern.fullmatch(value):
            raise invalid(path)
        row = None if bound.row is None else bound.row(value)
        if row is not None:
            raise self.documented(row)

    def _missing(self, path: str) -> BadUserInput:
        return BadUserInput.about("{field} is required", path, code=ErrorCode.MISSING)

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
