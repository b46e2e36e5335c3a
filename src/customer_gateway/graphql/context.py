"""The per-request GraphQL context: the backend, the loaders and who is calling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from customer_gateway.backends.base import CustomerBackend
from customer_gateway.graphql.access.gate import Caller
from customer_gateway.graphql.access.scopes import Scope
from customer_gateway.graphql.loaders import CustomerByIdLoader
from customer_gateway.model.calls import CallMeter, ThrottleStatus
from customer_gateway.settings import Settings

CUSTOMER_KEY_HEADER = "x-customer-key"


@dataclass(slots=True)
class GatewayContext:
    request: Request
    response: Response
    backend: CustomerBackend
    customers: CustomerByIdLoader
    customer_key: str | None
    caller: Caller  # what the Authorization header grants for admin operations
    calls: CallMeter  # this request's upstream calls, estimated and sent
    throttle: Callable[[], ThrottleStatus | None]  # the upstream budget now

    def require_scope(self, scope: Scope) -> None:
        """Raise UNAUTHENTICATED or FORBIDDEN unless the caller may do admin work of `scope`.

        Every admin resolver calls it before its first upstream call.
        """
        self.caller.require(scope)


def _no_budget() -> ThrottleStatus | None:
    return None


def build_context(
    request: Request,
    response: Response,
    backend: CustomerBackend,
    settings: Settings,
    caller: Caller,
    *,
    calls: CallMeter | None = None,
    throttle: Callable[[], ThrottleStatus | None] = _no_budget,
) -> GatewayContext:
    return GatewayContext(
        request=request,
        response=response,
        backend=backend,
        customers=CustomerByIdLoader(backend, max_batch=settings.max_batch),
        customer_key=request.headers.get(CUSTOMER_KEY_HEADER) or None,
        caller=caller,
        calls=CallMeter() if calls is None else calls,
        throttle=throttle,
    )
