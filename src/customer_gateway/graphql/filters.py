"""Inputs that choose and order customers, and their translation to backend conditions."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

from customer_gateway.model.errors import BadUserInput
from customer_gateway.model.queries import CustomerConditions, SortField, SortKey

T = TypeVar("T")

# The most ids a list argument takes (filter.ids, deleteCustomers' ids): each id costs the
# upstream work, and an unbounded list would go upstream in one call.
MAX_IDS = 250


def check_list_length(values: list[T] | None, most: int, field: str) -> None:
    """BAD_USER_INPUT when the list argument at `field` has more than `most` items."""
    if values is not None and len(values) > most:
        # A template, so that the message follows the field when it is relocated.
        raise BadUserInput.about(f"{{field}} takes at most {most} items, not {len(values)}", field)


@strawberry.input(description="Conditions a customer must all meet; omitted ones do not apply.")
class CustomerFilter:
    ids: list[strawberry.ID] | None = strawberry.UNSET
    code: str | None = strawberry.UNSET
    can_login: bool | None = strawberry.UNSET
    group: int | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    personal_code: str | None = strawberry.UNSET
    company_code: str | None = strawberry.UNSET
    keywords: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="Words to find in code, name, personal code, company code or email.",
    )
    country: str | None = strawberry.UNSET
    state_prov: str | None = strawberry.UNSET
    labels: list[int] | None = strawberry.UNSET

    def to_conditions(self) -> CustomerConditions:
        ids, labels = _or_none(self.ids), _or_none(self.labels)
        check_list_length(ids, MAX_IDS, "filter.ids")
        # Open2b's labels are int(1…32): more than 32 must repeat one.
        check_list_length(labels, 32, "filter.labels")
        return CustomerConditions(
            ids=None if ids is None else tuple(str(i) for i in ids),
            code=_or_none(self.code),
            can_login=_or_none(self.can_login),
            group=_or_none(self.group),
            email=_or_none(self.email),
            personal_code=_or_none(self.personal_code),
            company_code=_or_none(self.company_code),
            keywords=_or_none(self.keywords),
            country=_or_none(self.country),
            state_prov=_or_none(self.state_prov),
            labels=None if labels is None else tuple(labels),
        )


@strawberry.enum
class CustomerSortField(Enum):
    ID = "ID"
    CODE = "CODE"
    EMAIL = "EMAIL"
    CAN_LOGIN = "CAN_LOGIN"
    HAS_PASSWORD = "HAS_PASSWORD"
    FULL_NAME = "FULL_NAME"
    COUNTRY = "COUNTRY"
    CREATION_TIME = "CREATION_TIME"
    UPDATE_TIME = "UPDATE_TIME"
    GROUP = "GROUP"


@strawberry.enum
class SortDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input
class CustomerOrder:
    field: CustomerSortField
    direction: SortDirection = SortDirection.ASC


def _or_none(value: T | None) -> T | None:
    """None for an omitted input (UNSET) as for an explicit null: both mean "no condition"."""
    return None if value is strawberry.UNSET else value


def conditions_of(customer_filter: CustomerFilter | None) -> CustomerConditions:
    given = _or_none(customer_filter)
    return CustomerConditions() if given is None else given.to_conditions()


def sort_keys(order_by: list[CustomerOrder] | None) -> tuple[SortKey, ...]:
    """The sort keys, ending in id so that every order is total (paging is then stable)."""
    keys: list[SortKey] = []
    for order in _or_none(order_by) or ():
        field = SortField[order.field.name]
        if any(key.field is field for key in keys):
            raise BadUserInput(f"orderBy names {order.field.name} twice", field="orderBy")
        keys.append(SortKey(field, descending=order.direction is SortDirection.DESC))
    if not any(key.field is SortField.ID for key in keys):
        keys.append(SortKey(SortField.ID))
    return tuple(keys)
