"""The gateway's error codes and the exceptions backends raise.

    GatewayError                 code, message, field (a neutral path), retry_after, upstream
    ├── BadUserInput             refused before any upstream call (a documented bound broken)
    ├── Unauthenticated          missing or invalid gateway credentials or customer key
    ├── Forbidden                valid credentials without the scope the operation needs
    ├── PersistedQueryError      an unknown persisted id, or a document where only ids run
    ├── NotSupported             the configured backend cannot do the operation
    ├── CostTooHigh              the operation's predicted upstream calls exceed the limit
    ├── QuotaExceeded            the upstream call budget is spent (or closed by a 429)
    └── UpstreamError            service, method, upstream type/status/field
        ├── UpstreamRejected     a documented application error (Open2b error type, Ecwid 4xx)
        ├── UpstreamAuthError    upstream 403: bad or missing credentials or customer key
        ├── UpstreamRateLimited  upstream 429 or Open2b's rate-limit transport error
        ├── UpstreamTimeout      the upstream did not answer in time
        └── UpstreamUnavailable  connection errors, 5xx, bodies that are not what the docs say

Every class carries an `ErrorCode`; `graphql/error_entries.py` turns them into GraphQL errors.
Nothing here holds secrets: messages are the vendor's documented wording or our own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Self


class ErrorCode(StrEnum):
    """The stable `extensions.code` values of the whole API."""

    NOT_FOUND = "NOT_FOUND"
    INVALID_VALUE = "INVALID_VALUE"
    MALFORMED = "MALFORMED"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    MISSING = "MISSING"
    MISSING_COMBINATION = "MISSING_COMBINATION"
    INVALID_COMBINATION = "INVALID_COMBINATION"
    UNKNOWN_FIELD = "UNKNOWN_FIELD"
    ACCESS_DENIED = "ACCESS_DENIED"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    RATE_LIMITED = "RATE_LIMITED"
    UPSTREAM_TIMEOUT = "UPSTREAM_TIMEOUT"
    UPSTREAM_UNAVAILABLE = "UPSTREAM_UNAVAILABLE"
    NOT_SUPPORTED = "NOT_SUPPORTED"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    # Requests refused over HTTP before any GraphQL runs (http/refusals.py).
    BAD_REQUEST = "BAD_REQUEST"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_NOT_IN_LIST = "PERSISTED_QUERY_NOT_IN_LIST"
    COST_ESTIMATED_TOO_EXPENSIVE = "COST_ESTIMATED_TOO_EXPENSIVE"


@dataclass(frozen=True, slots=True)
class UpstreamInfo:
    """Which upstream call failed, and how it said so (never a body, never a secret)."""

    service: str
    method: str
    type: str | None = None
    field: str | None = None
    status: int | None = None


class GatewayError(Exception):
    """Base of every error the gateway reports to a client with a code.

    `field` is a neutral field path (`billingAddress.email`, `conditions.email`, `id`) until the
    GraphQL layer `relocate`s it to the argument path the client wrote. A message that names the
    field is given as a `template` with a `{field}` placeholder, so it follows the field.
    """

    code: ErrorCode = ErrorCode.INTERNAL_SERVER_ERROR

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        retry_after: float | None = None,
        upstream: UpstreamInfo | None = None,
        code: ErrorCode | None = None,
        template: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.retry_after = retry_after
        self.upstream = upstream
        if code is not None:
            self.code = code
        self.template = template
        # What else the client must know to act on the error (e.g. `deletedIds` of a write that
        # failed half way); each entry becomes an `extensions` key.
        self.details: dict[str, object] = {}

    @classmethod
    def about(cls, template: str, field: str, **kwargs: Any) -> Self:
        """An error whose message names `field` through `{field}` in `template`."""
        return cls(template.format(field=field), field=field, template=template, **kwargs)

    def relocate(self, field: str) -> None:
        """Name the offending input by another path (and say so in the message)."""
        self.field = field
        if self.template is not None:
            self.message = self.template.format(field=field)
            self.args = (self.message,)


class BadUserInput(GatewayError):
    """Input that breaks a documented bound, refused before any upstream call.

    `upstream` names the vendor's documented error row when the bound is one (the answer is
    then the one the upstream would give); it is None for the vendor's generic bounds.
    """

    code = ErrorCode.BAD_USER_INPUT


class Unauthenticated(GatewayError):
    """Missing or invalid gateway credentials (bearer token) or customer key."""

    code = ErrorCode.UNAUTHENTICATED


class Forbidden(GatewayError):
    """Valid credentials that do not grant what the operation needs (a JWT scope)."""

    code = ErrorCode.FORBIDDEN


class PersistedQueryError(GatewayError):
    """A persisted operation id the gateway does not know, or a document it will not run.

    Raised with `code=` PERSISTED_QUERY_NOT_FOUND or PERSISTED_QUERY_NOT_IN_LIST.
    """


class NotSupported(GatewayError):
    """The configured backend cannot do this operation."""

    code = ErrorCode.NOT_SUPPORTED


class CostTooHigh(GatewayError):
    """Refused before any call: the operation would make more upstream calls than allowed."""

    code = ErrorCode.COST_ESTIMATED_TOO_EXPENSIVE

    def __init__(self, estimated: int, limit: int) -> None:
        super().__init__(
            f"This operation would make about {estimated} upstream calls; "
            f"the most one operation may make is {limit}"
        )
        self.details.update(cost=estimated, maxCost=limit)


class QuotaExceeded(GatewayError):
    """A call the upstream budget has no room for, not sent; `retry_after` says when it has."""

    code = ErrorCode.RATE_LIMITED


class UpstreamError(GatewayError):
    """An upstream call failed; `upstream` says which call and how."""

    code = ErrorCode.UPSTREAM_UNAVAILABLE

    def __init__(self, message: str, *, upstream: UpstreamInfo, **kwargs: Any) -> None:
        super().__init__(message, upstream=upstream, **kwargs)


class UpstreamRejected(UpstreamError):
    """A documented application error: an Open2b error envelope or an Ecwid 4xx."""


class UpstreamAuthError(UpstreamError):
    """The upstream refused our credentials or the customer key (HTTP 403)."""

    code = ErrorCode.FORBIDDEN


class UpstreamRateLimited(UpstreamError):
    """The upstream's rate limit was hit; `retry_after` in seconds when known."""

    code = ErrorCode.RATE_LIMITED


class UpstreamTimeout(UpstreamError):
    """The upstream did not answer within the configured timeout."""

    code = ErrorCode.UPSTREAM_TIMEOUT


class UpstreamUnavailable(UpstreamError):
    """Connection failures, 5xx answers and answers that are not what the docs describe."""

    code = ErrorCode.UPSTREAM_UNAVAILABLE
