"""The one place errors become GraphQL errors (`errors[]` entries with `extensions.code`).

- a `GatewayError` keeps its message; `extensions` gets code, field, upstream (service, method,
  type, field, HTTP status: those known), retryAfter
- a request error (syntax, validation, variables, bounds: no `path`) gets code BAD_USER_INPUT,
  unless its validation rule gave it one (INTROSPECTION_DISABLED)
- with suggestions off (production), graphql-core's " Did you mean ...?" is cut from messages
- anything else is masked: "Internal server error", INTERNAL_SERVER_ERROR, nothing else; so is
  a GraphQLError with a `path` (an upstream value its field's type cannot show)
"""

from __future__ import annotations

import math
import re
from typing import Any

from graphql import GraphQLError
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from customer_gateway.model.errors import ErrorCode, GatewayError

MASKED_MESSAGE = "Internal server error"

# What graphql-core's `did_you_mean` appends. Strawberry does not pass graphql-core's
# `hide_suggestions` to validation or execution (variable coercion), so the text is cut here,
# the one place every message passes, as Apollo Server does.
_SUGGESTION = re.compile(r" Did you mean .*\?$", re.DOTALL)


def extensions_of(error: GatewayError) -> dict[str, Any]:
    extensions: dict[str, Any] = {"code": error.code.value}
    if error.field is not None:
        extensions["field"] = error.field
    info = error.upstream
    if info is not None:
        upstream: dict[str, Any] = {"service": info.service, "method": info.method}
        if info.type is not None:
            upstream["type"] = info.type
        if info.field is not None:
            upstream["field"] = info.field
        if info.status is not None:
            upstream["status"] = info.status
        extensions["upstream"] = upstream
    if error.retry_after is not None:
        extensions["retryAfter"] = math.ceil(error.retry_after)
    extensions.update(error.details)
    return extensions


def is_request_error(error: GraphQLError) -> bool:
    """The document or its variables are at fault (syntax, validation, coercion, bounds)."""
    original = error.original_error
    return error.path is None and (original is None or isinstance(original, GraphQLError))


def format_error(error: GraphQLError, *, suggestions: bool = True) -> dict[str, Any]:
    original = error.original_error
    formatted: dict[str, Any] = dict(error.formatted)
    if not suggestions:
        formatted["message"] = _SUGGESTION.sub("", formatted["message"])
    if isinstance(original, GatewayError):
        formatted["message"] = original.message
        formatted["extensions"] = extensions_of(original)
    elif is_request_error(error):
        formatted["extensions"] = {
            "code": ErrorCode.BAD_USER_INPUT.value,
            **(error.extensions or {}),
        }
    else:
        formatted["message"] = MASKED_MESSAGE
        formatted["extensions"] = {"code": ErrorCode.INTERNAL_SERVER_ERROR.value}
    return formatted


def format_result(result: ExecutionResult, *, suggestions: bool = True) -> GraphQLHTTPResponse:
    response: GraphQLHTTPResponse = {"data": result.data}
    if result.errors:
        response["errors"] = [
            format_error(error, suggestions=suggestions) for error in result.errors
        ]
    if result.extensions:
        response["extensions"] = result.extensions
    return response
