"""A client's mistakes are answers, not incidents: coded errors, quiet logs, no upstream call."""

from __future__ import annotations

import logging

import pytest

from gateway.harness import Emulator, Gateway, codes

SECRET = "hunter2-not-a-date"


async def test_a_bad_variable_is_logged_quietly_without_its_value(
    gateway: Gateway, knobs: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    result = await gateway.query(
        'mutation($t: DateTime) { updateCustomer(id: "1", input: {loginTime: $t}) '
        "{ customer { id } } }",
        {"t": SECRET},
    )

    assert codes(result) == ["BAD_USER_INPUT"]
    gateway_records = [r for r in caplog.records if r.name.startswith("customer_gateway")]
    assert gateway_records, "the refusal is logged"
    assert all(r.levelno <= logging.INFO and r.exc_info is None for r in gateway_records)
    assert SECRET not in caplog.text
    assert await knobs.calls() == 0
