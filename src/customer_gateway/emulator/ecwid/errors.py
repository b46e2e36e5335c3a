"""Ecwid's error answers: an HTTP status with an optional `{"errorMessage", "errorCode"}` body.

400 INVALID_PARAMETER, INVALID_JSON, INVALID_FIELD   request parameters are malformed
403 (empty body)                                       no, malformed or unknown token
403 ACCESS_DENIED                                      token of another store, missing scope
404 CUSTOMER_NOT_FOUND                                 the customer with given ID is not found
409 EMAIL_ALREADY_EXISTS                               the customer with the given email ...
415 UNSUPPORTED_CONTENT_TYPE                           not application/json or text/json
429 TOO_MANY_REQUESTS (+ Retry-After)                  over the per-token rate limit
500 INTERNAL_SERVER_ERROR                              failNext / failureRate (PUT: "The update
                                                       request failed ...", its page's wording)
"""

from __future__ import annotations

import math

import orjson
from starlette.responses import Response


class EcwidError(Exception):
    """An error answer; `code` None means an empty body."""

    def __init__(self, status_code: int, message: str = "", code: str | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message
        self.code = code

    def response(self) -> Response:
        if self.code is None:
            return Response(b"", self.status_code)
        body = {"errorMessage": self.message, "errorCode": self.code}
        return Response(orjson.dumps(body), self.status_code, media_type="application/json")


def bad_parameter(message: str) -> EcwidError:
    return EcwidError(400, message, "INVALID_PARAMETER")


def bad_field(message: str) -> EcwidError:
    return EcwidError(400, message, "INVALID_FIELD")


def not_found() -> EcwidError:
    return EcwidError(404, "The customer with given ID is not found", "CUSTOMER_NOT_FOUND")


def email_exists() -> EcwidError:
    message = "The customer with the given email already exists"
    return EcwidError(409, message, "EMAIL_ALREADY_EXISTS")


def unsupported_content_type() -> EcwidError:
    message = "Unsupported content-type: expected application/json or text/json"
    return EcwidError(415, message, "UNSUPPORTED_CONTENT_TYPE")


def rate_limited(wait_seconds: float) -> Response:
    response = EcwidError(429, "Too many requests", "TOO_MANY_REQUESTS").response()
    response.headers["Retry-After"] = str(max(1, math.ceil(wait_seconds)))
    return response


def server_error(method: str) -> Response:
    # The PUT page documents its own wording; the other endpoints' pages are not in upstream-docs/.
    what = "The update request" if method == "PUT" else "The request"
    message = f"{what} failed because of an error on the server"
    return EcwidError(500, message, "INTERNAL_SERVER_ERROR").response()
