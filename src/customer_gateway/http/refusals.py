"""Requests `/graphql` refuses before any GraphQL runs, answered as GraphQL errors.

Strawberry answers them in plain text; a client handles them like any other error when the
body is `{"errors": [{"message", "extensions": {"code"}}]}` with the status the
GraphQL-over-HTTP spec gives.
"""

from __future__ import annotations

import orjson
from cross_web import HTTPException
from starlette.responses import Response

from customer_gateway.model.errors import ErrorCode

_CODES = {
    400: ErrorCode.BAD_REQUEST,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    413: ErrorCode.PAYLOAD_TOO_LARGE,
    414: ErrorCode.PAYLOAD_TOO_LARGE,
    415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
}


def refusal_response(exc: HTTPException, media_type: str) -> Response:
    code = _CODES.get(exc.status_code, ErrorCode.BAD_REQUEST)
    body = {"errors": [{"message": exc.reason, "extensions": {"code": code.value}}]}
    response = Response(
        orjson.dumps(body), exc.status_code, media_type=f"{media_type}; charset=utf-8"
    )
    if exc.status_code == 405:
        response.headers["Allow"] = getattr(exc, "allow", "GET, POST")
    return response
