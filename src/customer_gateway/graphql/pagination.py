"""Opaque cursors and the plan for one page of a list.

Ordered by id ascending, a page starts after the id in the cursor (keyset paging, stable under
inserts and deletes). Any other order pages by offset, its sort keys ending in id so that the
order is total. A cursor remembers which order made it and is refused under another.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from customer_gateway.model.errors import BadUserInput
from customer_gateway.model.queries import ID_ORDER, SortKey
from customer_gateway.model.records import CustomerRecord

MAX_FIRST = 100
_VERSION = "c1"
_MAX_POSITION_DIGITS = 19


@dataclass(frozen=True, slots=True)
class PagePlan:
    order: tuple[SortKey, ...]
    first: int
    keyset: bool
    offset: int = 0
    after_id: str | None = None

    @property
    def signature(self) -> str:
        return _signature(self.order, self.keyset)

    @property
    def has_previous(self) -> bool:
        return self.offset > 0 or self.after_id is not None

    def cursor(self, index: int, record: CustomerRecord) -> str:
        """The cursor of the `index`-th record of this page."""
        position = record.id if self.keyset else str(self.offset + index + 1)
        return encode_cursor(self.signature, position)


def plan_page(
    order: tuple[SortKey, ...], first: int, after: str | None, *, supports_after_id: bool
) -> PagePlan:
    if not 0 <= first <= MAX_FIRST:
        raise BadUserInput(f"first must be between 0 and {MAX_FIRST}", field="first")
    keyset = supports_after_id and order == ID_ORDER
    if after is None:
        return PagePlan(order, first, keyset)
    position = decode_cursor(after, _signature(order, keyset))
    if keyset:
        return PagePlan(order, first, keyset, after_id=position)
    return PagePlan(order, first, keyset, offset=int(position))


def _signature(order: tuple[SortKey, ...], keyset: bool) -> str:
    keys = ",".join(("-" if key.descending else "") + key.field.value for key in order)
    return ("k:" if keyset else "o:") + keys


def encode_cursor(signature: str, position: str) -> str:
    raw = f"{_VERSION}|{signature}|{position}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, signature: str) -> str:
    """The position in `cursor`; BAD_USER_INPUT unless it was made for this order."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    version, _, rest = raw.partition("|")
    made_for, _, position = rest.rpartition("|")
    # A position is an id or an offset: 19 digits hold either (int() of thousands fails).
    digits = position.isascii() and position.isdigit() and len(position) <= _MAX_POSITION_DIGITS
    if version != _VERSION or not digits:
        raise BadUserInput("after is not a cursor of this list", field="after")
    if made_for != signature:
        raise BadUserInput("after is a cursor of a list in another order", field="after")
    return position
