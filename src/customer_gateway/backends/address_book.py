"""The address book a write gives (`addresses`): what every backend refuses the same way."""

from __future__ import annotations

from customer_gateway.model.changes import OMITTED, AddressEntry, CustomerChanges
from customer_gateway.model.errors import BadUserInput, ErrorCode

PATH = "addresses"


def check_book(changes: CustomerChanges, most: int | None = None) -> None:
    """Refuse a book given with the shipping address (its first entry), or longer than `most`."""
    book = changes.addresses
    if book is OMITTED:
        return
    if changes.shipping_address is not OMITTED:
        raise BadUserInput.about(
            "{field} and shippingAddress cannot both be given: "
            "shippingAddress is the first entry of {field}",
            PATH,
            code=ErrorCode.INVALID_COMBINATION,
        )
    if most is not None and book is not None and len(book) > most:
        raise BadUserInput.about(
            f"{{field}} can have at most {most} {'entry' if most == 1 else 'entries'} here",
            PATH,
            code=ErrorCode.INVALID_VALUE,
        )


def entries(changes: CustomerChanges) -> tuple[AddressEntry, ...]:
    """The entries of the book given; none when it is omitted or null."""
    book = changes.addresses
    return () if book is OMITTED or book is None else book


def entry_path(position: int, name: str | None = None) -> str:
    """The neutral path of an entry of the book, or of one of its fields."""
    return f"{PATH}.{position}" if name is None else f"{PATH}.{position}.{name}"
