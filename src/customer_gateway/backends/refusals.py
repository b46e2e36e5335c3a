"""The generic refusals of an input before any upstream call, in the words Open2b uses for them.

`path` is the neutral path of the refused value; the message names it wherever it is relocated.
"""

from __future__ import annotations

from customer_gateway.model.errors import BadUserInput, ErrorCode


def malformed(path: str) -> BadUserInput:
    """A value of the wrong shape or length."""
    return BadUserInput.about(
        "{field} is not syntactically correct", path, code=ErrorCode.MALFORMED
    )


def invalid(path: str) -> BadUserInput:
    """A value of the right shape but out of range."""
    return BadUserInput.about("{field} is not a valid value", path, code=ErrorCode.INVALID_VALUE)
