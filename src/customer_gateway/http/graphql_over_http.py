"""GraphQL over HTTP, as the spec says and strawberry does not quite.

Strawberry answers every GraphQL response as `application/json` with 200. The spec's own media
type, `application/graphql-response+json`, lets a client tell failures apart by status:

- Accept negotiation: a client that asks for `application/graphql-response+json` gets it; no
  Accept, `*/*` or only `application/json` gets `application/json` (the spec's legacy default).
- With `application/graphql-response+json`, a request that never started executing (parse,
  validation or variable coercion failed) is a 400 and its body has no `data` entry.
  With `application/json` it stays 200, as the spec wants for that media type.
- A mutation sent with GET is 405 Method Not Allowed with `Allow: POST` (strawberry says 400).

`GraphQLOverHTTP` is strawberry's ASGI view with those rules; the gateway's endpoint builds on it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException, StarletteRequestAdapter
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.typevars import Context, RootValue
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from customer_gateway.http.limits import bounded_receive, check_request_size
from customer_gateway.http.refusals import refusal_response
from customer_gateway.model.deadline import deadline_in
from customer_gateway.model.observation import current_observation

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
APPLICATION_JSON = "application/json"

# The members of a request body `run_single_json` answers; any other (extensions, documentId)
# takes strawberry's whole way.
_SINGLE_OPERATION_KEYS = frozenset({"query", "variables", "operationName"})

# How closely a media range names a type, so "application/json" beats "application/*" beats "*/*".
_EXACT, _SUBTYPE_WILDCARD, _WILDCARD = 2, 1, 0


class MethodNotAllowed(HTTPException):
    """A 405 that knows its `Allow` header."""

    def __init__(self, reason: str, allow: str) -> None:
        super().__init__(405, reason)
        self.allow = allow


def _ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for item in accept.split(","):
        media_range, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media_range:
            ranges.append((media_range.lower(), quality))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """The q-value the most specific matching range gives `media_type`, and how specific."""
    main_type = media_type.split("/")[0]
    best: tuple[float, int] = (0.0, -1)
    for media_range, quality in ranges:
        if media_range == media_type:
            specificity = _EXACT
        elif media_range == f"{main_type}/*":
            specificity = _SUBTYPE_WILDCARD
        elif media_range == "*/*":
            specificity = _WILDCARD
        else:
            continue
        if specificity > best[1]:
            best = (quality, specificity)
    return best


@lru_cache(maxsize=128)  # clients send a handful of distinct Accept headers, over and over
def negotiate(accept: str | None) -> str:
    """The media type to answer with, given the request's Accept header."""
    if not accept:
        return APPLICATION_JSON
    ranges = _ranges(accept)
    modern = _quality(GRAPHQL_RESPONSE_JSON, ranges)
    legacy = _quality(APPLICATION_JSON, ranges)
    # The new type wins only when asked for by name, at least as strongly as application/json:
    # wildcards keep the legacy answer that existing clients expect.
    if modern[0] > 0 and modern[1] == _EXACT and modern[0] >= legacy[0]:
        return GRAPHQL_RESPONSE_JSON
    # Neither acceptable (say `text/plain`): the spec allows answering application/json anyway.
    return APPLICATION_JSON


def is_request_error(response_data: GraphQLHTTPResponse) -> bool:
    """True when execution never started: no data, and no error is about a field (has a path)."""
    errors = response_data.get("errors") or []
    return (
        response_data.get("data") is None
        and bool(errors)
        and all(isinstance(error, dict) and error.get("path") is None for error in errors)
    )


def media_type_of(content_type: str | None) -> str:
    """The media type of a Content-Type header, parameters dropped, in lower case."""
    return (content_type or "").partition(";")[0].strip().lower()


class _RequestAdapter(StarletteRequestAdapter):
    """Shows strawberry `application/json` however the client spelled its case."""

    @property
    def content_type(self) -> str | None:
        content_type = super().content_type
        if media_type_of(content_type) == APPLICATION_JSON:
            return APPLICATION_JSON
        return content_type


class GraphQLOverHTTP(GraphQL[Context, RootValue]):
    """Strawberry's ASGI GraphQL view, with the spec's media type, status codes and 405,
    JSON error bodies for refused requests, and a bound on what it reads."""

    request_adapter_class = _RequestAdapter

    def __init__(
        self, *args: Any, max_body_bytes: int, operation_timeout: float, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_body_bytes = max_body_bytes
        self.operation_timeout = operation_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        # Strawberry's own HTTP branch, with bounds, and refusals as GraphQL JSON errors.
        request = Request(scope=scope, receive=bounded_receive(receive, self.max_body_bytes))
        try:
            check_request_size(scope, self.max_body_bytes)
            with deadline_in(self.operation_timeout):
                response = await self.run_single_json(request)
                if response is None:
                    response = await self.run(request)
        except HTTPException as exc:
            response = refusal_response(exc, negotiate(request.headers.get("accept")))
        await response(scope, receive, send)

    async def run_single_json(self, request: Request) -> Response | None:
        """Strawberry's `run`, for the request nearly every client sends: one operation POSTed
        as a JSON object of `query`, `variables` and `operationName`, with a Content-Length,
        asking for no stream. It skips what such a request does not need (websocket and IDE
        checks, content-type parameters parsed through `email`, batch and stream branches);
        the context, execution, result processing and response are the view's own.

        None for any other request: `run` answers it (the request keeps the body read here).
        """
        headers = request.headers
        if (
            request.method != "POST"
            or "content-length" not in headers
            or media_type_of(headers.get("content-type")) != APPLICATION_JSON
        ):
            return None
        accept = headers.get("accept", "")
        if "multipart/mixed" in accept or "text/event-stream" in accept:
            return None  # a streamed answer
        try:
            data = self.decode_json(await request.body())
        except ValueError:  # not JSON: `run` says so
            return None
        if not isinstance(data, dict) or not data.keys() <= _SINGLE_OPERATION_KEYS:
            return None
        query, variables = data.get("query"), data.get("variables")
        operation_name = data.get("operationName")
        if not (
            isinstance(query, str)
            and isinstance(variables, dict | None)
            and isinstance(operation_name, str | None)
        ):
            return None
        request_data = GraphQLRequestData(
            query=query,
            variables=variables,
            operation_name=operation_name,
            extensions=None,
            protocol="http",
        )
        sub_response = await self.get_sub_response(request)
        context = await self.get_context(request, response=sub_response)
        result = await self.execute_single(
            request=request,
            request_adapter=self.request_adapter_class(request),
            sub_response=sub_response,
            context=context,
            root_value=None,
            request_data=request_data,
        )
        response_data = await self.process_result(request=request, result=result)
        if result.errors:
            self._handle_errors(result.errors, response_data)
        return self.create_response(response_data=response_data, sub_response=sub_response)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        if request.method == "POST" and media_type_of(request.content_type) != APPLICATION_JSON:
            raise HTTPException(415, "Send the request as Content-Type: application/json")
        return await super().parse_http_body(request)

    def parse_json(self, data: str | bytes) -> Any:
        parsed = super().parse_json(data)
        # A list is a batch (refused as such); any other non-object would crash strawberry.
        if not isinstance(parsed, dict | list):
            raise HTTPException(400, "The request body must be a JSON object")
        return parsed

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        request_data = kwargs.get("request_data")
        observation = current_observation()
        if observation is not None and request_data is not None:
            # Named now, so a request refused before execution still logs the name it gave.
            observation.operation_name = request_data.operation_name
        try:
            return await super().execute_single(*args, **kwargs)
        except HTTPException as exc:
            # "mutations are not allowed when using GET": the spec's answer is 405, Allow: POST.
            if isinstance(exc.__cause__, InvalidOperationTypeError) and exc.status_code == 400:
                raise MethodNotAllowed(f"{exc.reason}; use POST", "POST") from exc.__cause__
            raise

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        # The sub-response carries the negotiated type to `create_response`, which sees no request.
        sub_response.media_type = negotiate(request.headers.get("accept"))
        return sub_response

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        media_type = sub_response.media_type or APPLICATION_JSON
        request_error = (
            media_type == GRAPHQL_RESPONSE_JSON
            and isinstance(response_data, dict)
            and is_request_error(response_data)
        )
        if request_error and isinstance(response_data, dict):
            # No `data` entry at all: that is how the client knows execution never started.
            response_data = response_data.copy()
            response_data.pop("data", None)
        response = super().create_response(response_data, sub_response)
        response.headers["content-type"] = f"{media_type}; charset=utf-8"
        # A status someone chose on the sub-response (say 429) stands.
        if request_error and not sub_response.status_code:
            response.status_code = 400
        return response
