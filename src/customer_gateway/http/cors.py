"""CORS from an allow-list: starlette's CORSMiddleware, answering as browsers and the issue ask.

Two departures from starlette's defaults: a successful preflight is 204 with no body, and a
request from an origin not on the list gets no CORS header at all (starlette would still send
`Access-Control-Expose-Headers`, and its refused preflight lists the allowed methods).
"""

from __future__ import annotations

from collections.abc import Sequence

import orjson
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import Message, Send

# What a browser app sends beyond the safelisted headers: JSON bodies, tokens, the storefront
# key, and what Apollo Client's persisted-queries and CSRF-prevention set-ups add.
ALLOWED_HEADERS = (
    "Content-Type",
    "Authorization",
    "X-Customer-Key",
    "Apollo-Require-Preflight",
    "X-Apollo-Operation-Name",
    "Apollographql-Client-Name",
    "Apollographql-Client-Version",
)
EXPOSED_HEADERS = ("X-Customer-Key", "X-Request-Id")
MAX_AGE_SECONDS = 600


class AllowListCORS(CORSMiddleware):
    def preflight_response(self, request_headers: Headers) -> Response:
        if not self.is_allowed_origin(origin=request_headers["origin"]):
            body = {
                "errors": [{"message": "Origin not allowed", "extensions": {"code": "FORBIDDEN"}}]
            }
            return Response(
                orjson.dumps(body), 403, {"Vary": "Origin"}, media_type="application/json"
            )
        response = super().preflight_response(request_headers)
        if response.status_code != 200:
            return response
        headers = {
            name: value
            for name, value in response.headers.items()
            if name not in ("content-length", "content-type")
        }
        return Response(status_code=204, headers=headers)

    async def send(self, message: Message, send: Send, request_headers: Headers) -> None:
        origin = request_headers.get("origin")
        if origin is None or self.is_allowed_origin(origin=origin):
            await super().send(message, send, request_headers)
            return
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            headers["Vary"] = ", ".join([*headers.getlist("Vary"), "Origin"])
        await send(message)


def cors_middleware(origins: Sequence[str]) -> Middleware:
    return Middleware(
        AllowListCORS,
        allow_origins=list(origins),
        allow_methods=["GET", "POST"],
        allow_headers=list(ALLOWED_HEADERS),
        expose_headers=list(EXPOSED_HEADERS),
        max_age=MAX_AGE_SECONDS,
    )
