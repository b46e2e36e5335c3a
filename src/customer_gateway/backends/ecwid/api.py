"""Calling the Ecwid REST API v3 customers endpoints: URLs, the bearer token, status -> error.

Ecwid answers errors with an HTTP status and an optional `{"errorMessage", "errorCode"}` body
(403 sometimes with an empty one). The status decides the code; `errorMessage`, when sent, is
the message. `method` names the endpoint as the docs do (`PUT /customers/{id}`), never the id.

    400       MALFORMED             request parameters are malformed
    402       FORBIDDEN             the store's plan has no API access
    403       FORBIDDEN             bad or missing token, a scope it lacks, another store
    404       NOT_FOUND             the customer with given ID is not found
    409       ALREADY_EXISTS        the customer with the given email already exists
    415       INTERNAL_SERVER_ERROR our request's content type: a gateway bug, not the user's
    429       RATE_LIMITED          (upstream.py) retryAfter from Retry-After; reads retried
    5xx       UPSTREAM_UNAVAILABLE  (upstream.py) reads retried
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import httpx
import orjson

from customer_gateway.model.errors import (
    ErrorCode,
    UpstreamAuthError,
    UpstreamInfo,
    UpstreamRejected,
    UpstreamUnavailable,
)
from customer_gateway.upstream.client import JSON, Upstream

SERVICE = "ecwid"
SEARCH = "GET /customers"
GET = "GET /customers/{id}"
CREATE = "POST /customers"
UPDATE = "PUT /customers/{id}"
DELETE = "DELETE /customers/{id}"

logger = logging.getLogger(__name__)

# The documented meaning of each status, for answers that come without an errorMessage.
_CODES: Mapping[int, tuple[ErrorCode, str]] = {
    400: (ErrorCode.MALFORMED, "Request parameters are malformed"),
    402: (ErrorCode.FORBIDDEN, "The Ecwid store's plan does not include API access"),
    404: (ErrorCode.NOT_FOUND, "The customer with given ID is not found"),
    409: (ErrorCode.ALREADY_EXISTS, "The customer with the given email already exists"),
    415: (ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error"),
}


class EcwidApi:
    """The customers endpoints of one Ecwid store, reached with one access token."""

    def __init__(self, upstream: Upstream, *, base_url: str, store_id: str, token: str) -> None:
        self.upstream = upstream
        self.customers_url = f"{base_url.rstrip('/')}/{store_id}/customers"
        self._headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}

    async def call(
        self,
        method: str,
        *,
        customer_id: int | None = None,
        params: Mapping[str, str] | None = None,
        body: JSON | None = None,
        fields: Mapping[int, str] | None = None,
        idempotent: bool | None = None,
    ) -> JSON:
        """Call `method` (one of the constants above); GETs are retried (unless `idempotent`
        is False), writes never.

        `fields` names the GraphQL argument an error status is about (404 -> `id`, ...).
        """
        http_method, _, _ = method.partition(" ")
        url = self.customers_url if customer_id is None else f"{self.customers_url}/{customer_id}"
        headers = dict(self._headers)
        content = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            content = orjson.dumps(body)
        response = await self.upstream.request(
            http_method,
            url,
            operation=method,
            idempotent=http_method == "GET" if idempotent is None else idempotent,
            content=content,
            headers=headers,
            params=params,
            error_message=error_message,
            write=http_method != "GET",  # a GET never changes data, retried or not
        )
        if response.status_code != 200:
            raise _refused(method, response, fields or {})
        try:
            payload = orjson.loads(response.content)
        except orjson.JSONDecodeError:
            payload = None
        if not isinstance(payload, dict):
            raise unexpected(method)
        return payload


def _error_body(response: httpx.Response) -> JSON:
    try:
        body = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return {}
    return body if isinstance(body, dict) else {}


def _text(body: JSON, key: str) -> str | None:
    value = body.get(key)
    return value if isinstance(value, str) and value else None


def error_message(response: httpx.Response) -> str | None:
    """The `errorMessage` of an Ecwid error body; None for an empty or undocumented body."""
    return _text(_error_body(response), "errorMessage")


def _refused(method: str, response: httpx.Response, fields: Mapping[int, str]) -> Exception:
    status = response.status_code
    body = _error_body(response)
    info = UpstreamInfo(
        service=SERVICE, method=method, type=_text(body, "errorCode"), status=status
    )
    message = _text(body, "errorMessage")
    if status == 403:
        return UpstreamAuthError(
            message or f"{SERVICE} refused the gateway's access token", upstream=info
        )
    if status not in _CODES:
        return UpstreamUnavailable(f"{SERVICE} answered HTTP {status} to {method}", upstream=info)
    code, documented = _CODES[status]
    if code is ErrorCode.INTERNAL_SERVER_ERROR:
        # We sent the content type Ecwid refuses: our bug, logged; the client learns nothing
        # of it but which call failed.
        logger.error("%s refused the content type of %s (HTTP %d)", SERVICE, method, status)
        message = documented
    return UpstreamRejected(
        message or documented, upstream=info, code=code, field=fields.get(status)
    )


def unexpected(method: str) -> UpstreamUnavailable:
    return UpstreamUnavailable(
        f"{SERVICE} sent an answer to {method} that is not its documented JSON",
        upstream=UpstreamInfo(service=SERVICE, method=method, status=200),
    )
