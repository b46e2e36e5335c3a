"""`/graphql`: strawberry's GraphQL-over-HTTP view with our context, errors and JSON."""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.http import GraphQLHTTPResponse
from strawberry.schema import BaseSchema
from strawberry.types import ExecutionResult

from customer_gateway.backends.base import CustomerBackend
from customer_gateway.graphql.context import GatewayContext, build_context
from customer_gateway.graphql.error_entries import format_result
from customer_gateway.http.graphiql import graphiql_response
from customer_gateway.http.graphql_over_http import GraphQLOverHTTP
from customer_gateway.model.errors import ErrorCode
from customer_gateway.model.observation import Observation, current_observation
from customer_gateway.settings import Settings


# GraphQLOverHTTP (graphql_http.py): strawberry's view plus the spec's status codes.
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


class GraphQLEndpoint(GraphQLOverHTTP[GatewayContext, None]):
    """Queries by GET or POST, mutations by POST only; GraphiQL for browsers."""

    def __init__(self, schema: BaseSchema, settings: Settings) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql",
            allow_queries_via_get=True,
            max_body_bytes=settings.max_body_bytes,
        )
        self.settings = settings

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> GatewayContext:
        assert isinstance(request, Request) and isinstance(response, Response)
        # The app's lifespan puts the backend (and its shared client) in the request state.
        backend: CustomerBackend = request.state.backend
        return build_context(request, response, backend, self.settings)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        response = format_result(result)
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
