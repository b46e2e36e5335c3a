"""What reads ask for: conditions, sort keys, page requests, and the pages they return."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from customer_gateway.model.records import CustomerField, CustomerRecord


@dataclass(frozen=True, slots=True)
class CustomerConditions:
    """Which customers a list or count is about; `None` means "no condition"."""

    ids: tuple[str, ...] | None = None
    code: str | None = None
    can_login: bool | None = None
    group: int | None = None
    email: str | None = None
    personal_code: str | None = None
    company_code: str | None = None
    keywords: str | None = None
    country: str | None = None
    state_prov: str | None = None
    labels: tuple[int, ...] | None = None

    @property
    def matches_nothing(self) -> bool:
        """An empty `ids` list: no customer can match, no upstream call is needed."""
        return self.ids is not None and not self.ids


class SortField(StrEnum):
    ID = "id"
    CODE = "code"
    EMAIL = "email"
    CAN_LOGIN = "canLogin"
    HAS_PASSWORD = "hasPassword"
    FULL_NAME = "fullName"
    COUNTRY = "country"
    CREATION_TIME = "creationTime"
    UPDATE_TIME = "updateTime"
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class SortKey:
    field: SortField
    descending: bool = False


ID_ORDER = (SortKey(SortField.ID),)


@dataclass(frozen=True, slots=True)
class PageRequest:
    """One page of a list: `limit` customers after skipping `offset`, or after the id `after_id`.

    `after_id` (keyset paging) is only used with `order == ID_ORDER` and only by backends
    whose `supports_after_id` is true.
    """

    conditions: CustomerConditions
    order: tuple[SortKey, ...]
    fields: frozenset[CustomerField]
    limit: int
    offset: int = 0
    after_id: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    records: tuple[CustomerRecord, ...]
    has_more: bool
