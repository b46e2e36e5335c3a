"""`/graphql`: strawberry's GraphQL-over-HTTP view with our context, errors, access and JSON."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.schema import BaseSchema
from strawberry.types import ExecutionResult

from customer_gateway.backends.base import CustomerBackend
from customer_gateway.graphql.access.gate import AccessGate
from customer_gateway.graphql.context import GatewayContext, build_context
from customer_gateway.graphql.error_entries import format_result, is_request_error
from customer_gateway.graphql.persisted.registry import PersistedQueries
from customer_gateway.http.graphiql import graphiql_response
from customer_gateway.http.graphql_over_http import GraphQLOverHTTP
from customer_gateway.model.calls import CALLS, CallMeter
from customer_gateway.model.errors import ErrorCode, GatewayError
from customer_gateway.model.observation import Observation, current_observation
from customer_gateway.settings import Settings


def note_errors(observation: Observation, errors: list[object]) -> None:
    """List the answer's error codes for metrics and spans; give masked errors the request id,
    so a client reporting one lets the operator find its log lines."""
    for error in errors:
        extensions = error.get("extensions") if isinstance(error, dict) else None
        if isinstance(extensions, dict):
            code = extensions.get("code")
            observation.error_codes.append(str(code))
            if code == ErrorCode.INTERNAL_SERVER_ERROR.value:
                extensions["requestId"] = observation.request_id


@dataclass
class _PersistedRequestData(GraphQLRequestData):
    """A request without `query`, that may name a persisted document by `documentId`."""

    document_id: object = None


def _request_failed(result: ExecutionResult) -> bool:
    """Execution never started: parsing, validation or variables failed."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(map(is_request_error, errors))


# GraphQLOverHTTP (graphql_over_http.py): strawberry's view plus the spec's status codes.
class GraphQLEndpoint(GraphQLOverHTTP[GatewayContext, None]):
    """Queries by GET or POST, mutations by POST only; GraphiQL for browsers unless off."""

    def __init__(
        self,
        schema: BaseSchema,
        settings: Settings,
        *,
        gate: AccessGate,
        persisted: PersistedQueries,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql_enabled else None,
            allow_queries_via_get=True,
            max_body_bytes=settings.max_body_bytes,
            operation_timeout=settings.operation_timeout,
        )
        self.settings = settings
        self.gate = gate
        self.persisted = persisted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Every upstream call made for this request is counted in its own meter.
        token = CALLS.set(CallMeter())
        try:
            await super().__call__(scope, receive, send)
        finally:
            CALLS.reset(token)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> GatewayContext:
        assert isinstance(request, Request) and isinstance(response, Response)
        # The app's lifespan puts the backend (and its shared client) in the request state.
        backend: CustomerBackend = request.state.backend
        caller = await self.gate.caller(request.headers.get("authorization"))
        return build_context(
            request,
            response,
            backend,
            self.settings,
            caller,
            calls=CALLS.get(),
            throttle=request.state.throttle,
        )

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        # A GET naming a persisted operation has no `query` either, and is no page view.
        params = request.query_params
        named = "documentId" in params or "extensions" in params
        return not named and super().should_render_graphql_ide(request)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        data = await super().parse_http_body(request)
        if not isinstance(data, GraphQLRequestData):
            return data
        # Strawberry drops `documentId`. A body is decoded again only when it names one.
        document_id: object = None
        if request.method == "GET":
            document_id = request.query_params.get("documentId")
        else:
            raw = await request.get_body()
            if b"documentId" in (raw if isinstance(raw, bytes) else raw.encode()):
                body = self.decode_json(raw)
                document_id = body.get("documentId") if isinstance(body, dict) else None
        if document_id is None:
            return data
        return _PersistedRequestData(**vars(data), document_id=document_id)

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        request_data: GraphQLRequestData = kwargs["request_data"]
        try:
            resolved = await self.persisted.resolve(
                request_data.query,
                request_data.extensions,
                getattr(request_data, "document_id", None),
            )
        except GatewayError as exc:
            return ExecutionResult(
                data=None, errors=[GraphQLError(exc.message, original_error=exc)]
            )
        operation_name = request_data.operation_name
        if operation_name is None and resolved.operation is not None:
            operation_name = resolved.operation.name  # for the access log
        if (
            resolved.query is not request_data.query
            or operation_name != request_data.operation_name
        ):
            kwargs["request_data"] = replace(
                request_data, query=resolved.query, operation_name=operation_name
            )
        result = await super().execute_single(*args, **kwargs)
        # Stored once it parsed and validated: a broken document takes no APQ slot.
        registering = resolved.register is not None and resolved.query is not None
        if registering and not _request_failed(result):
            assert resolved.register is not None and resolved.query is not None
            await self.persisted.register(resolved.register, resolved.query)
        return result

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        response = format_result(result, suggestions=self.settings.suggestions_enabled)
        observation = current_observation()
        if observation is not None:
            note_errors(observation, response.get("errors") or [])
        return response

    async def render_graphql_ide(self, request: Request) -> Response:
        # Our GraphiQL page: every file it loads is served by the gateway (works offline).
        return graphiql_response(request)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)
