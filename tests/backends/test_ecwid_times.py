"""Ecwid's times read by the fast path equal what `strptime` read, errors included."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from customer_gateway.backends.ecwid.codec import TIME_FORMAT, parse_time


def outcome(read: Any, value: Any) -> Any:
    try:
        time = read(value)
    except Exception as error:  # the class is what is compared
        return type(error)
    return time, time.tzinfo, time.utcoffset()


def reference(value: Any) -> datetime:
    return datetime.strptime(value, TIME_FORMAT)


EDGES = [
    "2021-12-21 06:05:58 +0000", "2021-12-21 06:05:58 -0530", "2020-02-29 23:59:59 +2359",
    "2021-02-29 06:05:58 +0000", "2020-02-29 23:59:60 +0000", "2020-02-29 24:00:00 +0000",
    "0000-01-01 00:00:00 +0000", "2020-13-01 00:00:00 +0000", "2020-00-01 00:00:00 +0000",
    "2020-01-00 00:00:00 +0000", "2020-01-01 00:00:00 +2400", "2020-01-01 00:00:00 +0060",
    "2020-01-01 00:00:00 +9999", "2020-01-01 00:00:00 -0000", "2020-1-1 0:0:0 +0000",
    "2020-01-01T00:00:00 +0000", "2020-01-01 00:00:00 Z", "9999-12-31 23:59:59 +0100",
    "0001-01-01 00:00:00 -0100", "2020-01-01 00:00:00 +00:00", "", "x",
    "\uff12\uff10\uff12\uff10-01-01 00:00:00 +0000", 20200101, ["2020-01-01 00:00:00 +0000"],
]  # fmt: skip


def test_times_as_strptime_read_them() -> None:
    rng = random.Random(4)
    values: list[Any] = list(EDGES)
    for _ in range(5000):
        sign = rng.choice("+-")
        y, mo, d, h, mi, s, zh, zm = (
            rng.randrange(limit) for limit in (10000, 15, 34, 26, 62, 63, 26, 62)
        )
        values.append(f"{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} {sign}{zh:02}{zm:02}")
    for value in values:
        assert outcome(parse_time, value) == outcome(reference, value), value
    assert parse_time(None) is None
