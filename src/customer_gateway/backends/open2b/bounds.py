"""Open2b's documented bounds, checked before a call so a bad value costs no quota.

Refusals carry the code and wording Open2b itself uses (`Malformed` for a string of the wrong
length or a non-number, `InvalidValue` for a number out of range), with `field` naming the
GraphQL argument path instead of the upstream one.
"""

from __future__ import annotations

from customer_gateway.backends.refusals import invalid, malformed
from customer_gateway.model.queries import CustomerConditions

INT_MAX = 2**31 - 1


def text(value: str | None, lo: int, hi: int, path: str) -> None:
    if value is not None and not lo <= len(value) <= hi:
        raise malformed(path)


def integer(value: int | None, lo: int, hi: int, path: str) -> None:
    if value is not None and not lo <= value <= hi:
        raise invalid(path)


def customer_id(value: str) -> int | None:
    """The Open2b id an id string stands for, or None when no customer can have it."""
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 1 <= number <= INT_MAX else None


def checked_id(value: str, path: str) -> int:
    """The Open2b id of `value`, or the error Open2b would answer for it (id is int(1…)).

    Ids are the strings the API gives out: "01" is not one (it would write customer 1 and
    then read back no customer "01").
    """
    digits = value.removeprefix("-")
    if not digits.isascii() or not digits.isdigit() or digits != str(int(digits)):
        raise malformed(path)
    number = customer_id(value)
    if number is None:
        raise invalid(path)
    return number


def check_conditions(conditions: CustomerConditions, prefix: str = "filter") -> None:
    """Raise the first bound the conditions break, as Open2b would report it."""
    for value in conditions.ids or ():
        checked_id(value, f"{prefix}.ids")
    text(conditions.code, 0, 32, f"{prefix}.code")
    integer(conditions.group, 1, 255, f"{prefix}.group")
    text(conditions.email, 3, 120, f"{prefix}.email")
    text(conditions.personal_code, 1, 20, f"{prefix}.personalCode")
    text(conditions.company_code, 1, 20, f"{prefix}.companyCode")
    text(conditions.keywords, 1, 120, f"{prefix}.keywords")
    text(conditions.country, 2, 2, f"{prefix}.country")
    text(conditions.state_prov, 1, 3, f"{prefix}.stateProv")
    for label in conditions.labels or ():
        integer(label, 1, 32, f"{prefix}.labels")
