"""Scalars: `DateTime` is ISO-8601 with an offset, in and out."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types.scalar import ScalarDefinition


def _serialize(value: datetime) -> str:
    return value.isoformat()


def _parse(value: object) -> datetime:
    if not isinstance(value, str):
        raise ValueError("DateTime must be an ISO-8601 string")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("DateTime needs an offset, e.g. 2020-05-21T16:49:13+01:00")
    return parsed


DateTime = strawberry.scalar(
    name="DateTime",
    description="An ISO-8601 date and time with offset, e.g. 2020-05-21T16:49:13+01:00",
    serialize=_serialize,
    parse_value=_parse,
)

SCALAR_MAP: dict[object, ScalarDefinition] = {datetime: DateTime}
