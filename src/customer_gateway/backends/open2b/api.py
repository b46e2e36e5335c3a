"""Calling an Open2b v10 method: `POST /api/v10/<method>`, the JSON envelope, its errors.

Open2b answers application errors on HTTP 200 as `{"status": "error", "error": {...}}`, and
transport errors (bad key, unknown method, rate limit) with another status and a body that is
not JSON, so the status decides first and a non-200 body is never parsed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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

SERVICE = "open2b"
CUSTOMER_KEY_HEADER = "X-Customer-Key"
_CONTENT_TYPE = {"Content-Type": "application/json"}

# Open2b error `type` -> our code; the names match one to one.
OPEN2B_ERROR_CODES: dict[str, ErrorCode] = {
    "NotFound": ErrorCode.NOT_FOUND,
    "InvalidValue": ErrorCode.INVALID_VALUE,
    "Malformed": ErrorCode.MALFORMED,
    "AlreadyExists": ErrorCode.ALREADY_EXISTS,
    "Missing": ErrorCode.MISSING,
    "MissingCombination": ErrorCode.MISSING_COMBINATION,
    "InvalidCombination": ErrorCode.INVALID_COMBINATION,
    "UnknownField": ErrorCode.UNKNOWN_FIELD,
    "AccessDenied": ErrorCode.ACCESS_DENIED,
}


@dataclass(frozen=True, slots=True)
class Answer:
    payload: JSON
    headers: httpx.Headers


class Open2bApi:
    """The admin (`commerce.*`, app key) and storefront (`storefront.*`, customer key) methods."""

    def __init__(self, upstream: Upstream, *, base_url: str, key_header: str, api_key: str) -> None:
        self.upstream = upstream
        self.base_url = base_url.rstrip("/") + "/api/v10/"
        self._admin_headers = {**_CONTENT_TYPE, key_header: api_key}

    async def admin(
        self,
        method: str,
        body: JSON,
        *,
        idempotent: bool,
        field_paths: Mapping[str, str] | None = None,
        write: bool | None = None,
    ) -> JSON:
        """Call an admin method; `field_paths` maps upstream error fields to GraphQL paths.

        `write` (default: not `idempotent`) says whether it changes data (see Upstream.request).
        """
        answer = await self._call(
            method, body, self._admin_headers, idempotent, field_paths, write=write
        )
        return answer.payload

    async def storefront(
        self,
        method: str,
        body: JSON,
        *,
        customer_key: str | None,
        idempotent: bool,
        field_paths: Mapping[str, str] | None = None,
    ) -> Answer:
        headers = dict(_CONTENT_TYPE)
        if customer_key is not None:
            headers[CUSTOMER_KEY_HEADER] = customer_key
        return await self._call(method, body, headers, idempotent, field_paths)

    async def _call(
        self,
        method: str,
        body: JSON,
        headers: Mapping[str, str],
        idempotent: bool,
        field_paths: Mapping[str, str] | None,
        *,
        write: bool | None = None,
    ) -> Answer:
        response = await self.upstream.request(
            "POST",
            self.base_url + method,
            operation=method,
            idempotent=idempotent,
            write=write,
            content=orjson.dumps(body),
            headers=headers,
        )
        status = response.status_code
        info = UpstreamInfo(service=SERVICE, method=method, status=status)
        if status == 403:
            raise _refused(info)
        if status != 200:
            raise UpstreamUnavailable(
                f"{SERVICE} answered HTTP {status} to {method}", upstream=info
            )
        try:
            payload = orjson.loads(response.content)
            outcome = payload["status"]
        except (orjson.JSONDecodeError, TypeError, KeyError):
            raise UpstreamUnavailable(
                f"{SERVICE} sent an answer to {method} that is not its documented JSON",
                upstream=info,
            ) from None
        if outcome == "error":
            raise _rejected(method, payload.get("error"), field_paths or {})
        return Answer(payload, response.headers)


def _refused(info: UpstreamInfo) -> UpstreamAuthError:
    if info.method.startswith("storefront."):
        return UpstreamAuthError(
            "The customer key is missing, expired or not valid: log in again",
            upstream=info,
            code=ErrorCode.UNAUTHENTICATED,
        )
    return UpstreamAuthError(f"{SERVICE} refused the gateway's API key", upstream=info)


def _rejected(method: str, error: object, field_paths: Mapping[str, str]) -> UpstreamRejected:
    if not isinstance(error, dict):
        error = {}
    kind = error.get("type")
    field = error.get("field")
    code = OPEN2B_ERROR_CODES.get(kind) if isinstance(kind, str) else None
    info = UpstreamInfo(
        service=SERVICE,
        method=method,
        type=kind if isinstance(kind, str) else None,
        field=field if isinstance(field, str) else None,
    )
    description = error.get("description")
    return UpstreamRejected(
        description if isinstance(description, str) else f"{SERVICE} refused {method}",
        upstream=info,
        code=code or ErrorCode.UPSTREAM_UNAVAILABLE,
        field=field_paths.get(info.field) if info.field else None,
    )
