"""The generic refusals of an input before any upstream call, in the words Open2b uses for them.

`field` (and the message) is the GraphQL argument path of the refused value.
"""

from __future__ import annotations

from customer_gateway.model.errors import BadUserInput, ErrorCode


def malformed(path: str) -> BadUserInput:
    """A value of the wrong shape or length."""
    return BadUserInput(
        f"{path} is not syntactically correct", field=path, code=ErrorCode.MALFORMED
    )


def invalid(path: str) -> BadUserInput:
    """A value of the right shape but out of range."""
    return BadUserInput(f"{path} is not a valid value", field=path, code=ErrorCode.INVALID_VALUE)
