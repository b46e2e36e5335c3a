"""Scalars: `DateTime` is ISO-8601 with an offset; as input it also takes the store's local time."""

from __future__ import annotations

import re
from datetime import datetime

import strawberry
from strawberry.types.scalar import ScalarDefinition

# Open2b's own form, zone-less: the store's local time (CG_STORE_TIMEZONE).
_STORE_LOCAL = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
_FORMS = "ISO-8601 with an offset (2020-05-21T16:49:13+01:00) or yyyy-mm-dd hh:mm:ss store time"


def _serialize(value: datetime) -> str:
    return value.isoformat()


def _parse(value: object) -> datetime:
    """An aware datetime, or a naive one for a store-local `yyyy-mm-dd hh:mm:ss`."""
    if not isinstance(value, str):
        raise ValueError(f"DateTime must be {_FORMS}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"DateTime must be {_FORMS}") from None
    if parsed.tzinfo is None and not _STORE_LOCAL.fullmatch(value):
        raise ValueError(f"DateTime must be {_FORMS}")
    return parsed


DateTime = strawberry.scalar(
    name="DateTime",
    description="An ISO-8601 date and time with offset, e.g. 2020-05-21T16:49:13+01:00. "
    "As input it also takes `yyyy-mm-dd hh:mm:ss`, the store's local time.",
    serialize=_serialize,
    parse_value=_parse,
)

SCALAR_MAP: dict[object, ScalarDefinition] = {datetime: DateTime}
