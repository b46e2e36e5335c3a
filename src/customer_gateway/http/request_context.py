"""Every request's id and `Observation`: the outermost middleware.

`X-Request-Id` is taken from the client when it is a sane token (letters, digits, `._:-`, at
most 128 characters) so a request can be followed from the client's logs into ours; otherwise
a new one is made. It is echoed on the response, carried in every log line of the request and
in `extensions.requestId` of INTERNAL_SERVER_ERROR entries. The client's `traceparent` is kept
on the observation for the upstream calls to pass on.
"""

from __future__ import annotations

import os
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from customer_gateway.model.observation import Observation, observing

REQUEST_ID_HEADER = "x-request-id"
_REQUEST_ID = REQUEST_ID_HEADER.encode()
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# W3C trace-context: version-traceid-parentid-flags, lower-case hex.
_TRACEPARENT = re.compile(r"[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")


def request_id_from(given: str | None) -> str:
    if given is not None and _SANE_ID.fullmatch(given):
        return given
    return os.urandom(16).hex()  # as random as uuid4().hex, in a fifth of its time


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given_id = traceparent = None
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                given_id = value.decode("latin-1")
            elif name == b"traceparent":
                traceparent = value.decode("latin-1")
        if traceparent is not None and not _TRACEPARENT.fullmatch(traceparent):
            traceparent = None
        observation = Observation(request_id_from(given_id), traceparent=traceparent)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                # Appended: nothing below sets this header (MutableHeaders would search for it).
                request_id = observation.request_id.encode("latin-1")
                message["headers"] = [*message.get("headers", ()), (_REQUEST_ID, request_id)]
            await send(message)

        with observing(observation):
            await self.app(scope, receive, send_with_id)
