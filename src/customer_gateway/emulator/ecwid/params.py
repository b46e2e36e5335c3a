"""Query parameters of the Ecwid customers endpoints, checked (400 INVALID_PARAMETER otherwise).

Every endpoint takes `responseFields`; the search takes the filters of `SEARCH_PARAMS` too.
A parameter given twice, or one the endpoint does not know, is refused; an empty value counts
as not given. Numbers are decimal digits only (UNIX seconds for the date bounds).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, get_args

from starlette.datastructures import QueryParams

from customer_gateway.emulator.ecwid import fields as ecwid_fields
from customer_gateway.emulator.ecwid.errors import bad_parameter
from customer_gateway.emulator.ecwid.store import Search, SortBy

MAX_LIMIT = 100
_INT_MAX = 2**63 - 1
_DIGITS = re.compile(r"[0-9]+")
_COUNTRY = re.compile(r"[A-Za-z]{2}")
SORT_VALUES = get_args(SortBy)


def _int(name: str, value: str, lo: int = 0, hi: int = _INT_MAX) -> int:
    if not _DIGITS.fullmatch(value) or not lo <= int(value) <= hi:
        raise bad_parameter(f"Parameter '{name}' must be an integer from {lo} to {hi}: '{value}'")
    return int(value)


def _text(name: str, value: str) -> str:
    return value


def _group_ids(name: str, value: str) -> tuple[int, ...]:
    return tuple(_int(name, part.strip()) for part in value.split(","))


def _country_codes(name: str, value: str) -> tuple[str, ...]:
    codes = tuple(part.strip() for part in value.split(","))
    for code in codes:
        if not _COUNTRY.fullmatch(code):
            raise bad_parameter(f"Parameter '{name}' must list 2-letter country codes: '{value}'")
    return tuple(code.upper() for code in codes)


def _sort_by(name: str, value: str) -> str:
    if value not in SORT_VALUES:
        raise bad_parameter(f"Parameter '{name}' must be one of {', '.join(SORT_VALUES)}")
    return value


def _limit(name: str, value: str) -> int:
    return _int(name, value, 1, MAX_LIMIT)


# query parameter -> (Search field, parser)
SEARCH_PARAMS: dict[str, tuple[str, Callable[[str, str], Any]]] = {
    "keyword": ("keyword", _text),
    "name": ("name", _text),
    "email": ("email", _text),
    "customerGroupIds": ("group_ids", _group_ids),
    "countryCodes": ("country_codes", _country_codes),
    "city": ("city", _text),
    "postalCode": ("postal_code", _text),
    "phone": ("phone", _text),
    "createdFrom": ("created_from", _int),
    "createdTo": ("created_to", _int),
    "updatedFrom": ("updated_from", _int),
    "updatedTo": ("updated_to", _int),
    "sortBy": ("sort_by", _sort_by),
    "offset": ("offset", _int),
    "limit": ("limit", _limit),
}
RESPONSE_FIELDS = "responseFields"


def known_params(params: QueryParams, known: set[str] | frozenset[str]) -> dict[str, str]:
    """The non-empty parameters, each given once and known to the endpoint."""
    out: dict[str, str] = {}
    for name in params:
        if name not in known:
            raise bad_parameter(f"Unknown parameter '{name}'")
        values = params.getlist(name)
        if len(values) > 1:
            raise bad_parameter(f"Parameter '{name}' is given more than once")
        if values[0]:
            out[name] = values[0]
    return out


def projection(params: dict[str, str]) -> ecwid_fields.Projection | None:
    if RESPONSE_FIELDS not in params:
        return None
    try:
        return ecwid_fields.parse(params[RESPONSE_FIELDS])
    except ecwid_fields.FieldsError as exc:
        raise bad_parameter(f"Parameter 'responseFields' is malformed: {exc}") from None


def search(params: dict[str, str]) -> Search:
    fields = {
        field: parse(name, params[name])
        for name, (field, parse) in SEARCH_PARAMS.items()
        if name in params
    }
    return Search(**fields)
