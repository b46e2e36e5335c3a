"""Neutral field paths (what backends name) -> the GraphQL argument paths clients wrote.

    billingAddress.email  -> input.billingAddress.email   (a write's changes)
    id                    -> id                           (updateCustomer's own argument)
    conditions.email      -> filter.email                 (customers, customersCount, totalCount)
    order, limit          -> orderBy, first
    offset, afterId       -> after                        (both come from the cursor)

Arguments that are the same on both sides (`ids`, `email`, `password`) need no mapping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from customer_gateway.model.errors import GatewayError

PathMap = Callable[[str], str]

_PAGE = {"order": "orderBy", "limit": "first", "offset": "after", "afterId": "after"}
_CONDITIONS = "conditions."


def write_input(path: str) -> str:
    return path if path == "id" else f"input.{path}"


def list_arguments(path: str) -> str:
    if path.startswith(_CONDITIONS):
        return "filter." + path.removeprefix(_CONDITIONS)
    return _PAGE.get(path, path)


@contextmanager
def argument_paths(to_argument: PathMap) -> Iterator[None]:
    """Relocate the field of a `GatewayError` raised inside to its GraphQL argument path."""
    try:
        yield
    except GatewayError as error:
        if error.field is not None:
            error.relocate(to_argument(error.field))
        raise
