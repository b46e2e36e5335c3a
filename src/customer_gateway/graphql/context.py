"""The per-request GraphQL context: the backend, the loaders and who is calling."""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import SecretStr
from starlette.requests import Request
from starlette.responses import Response

from customer_gateway.backends.base import CustomerBackend
from customer_gateway.graphql.loaders import CustomerByIdLoader
from customer_gateway.model.errors import Unauthenticated
from customer_gateway.settings import Settings

CUSTOMER_KEY_HEADER = "x-customer-key"


@dataclass(slots=True)
class GatewayContext:
    request: Request
    response: Response
    backend: CustomerBackend
    customers: CustomerByIdLoader
    customer_key: str | None
    admin_refusal: str | None  # why the caller may not use admin operations, if they may not

    def require_admin(self) -> None:
        """Raise UNAUTHENTICATED unless the caller may use admin queries and mutations."""
        if self.admin_refusal is not None:
            raise Unauthenticated(self.admin_refusal)


def build_context(
    request: Request, response: Response, backend: CustomerBackend, settings: Settings
) -> GatewayContext:
    return GatewayContext(
        request=request,
        response=response,
        backend=backend,
        customers=CustomerByIdLoader(backend, max_batch=settings.max_batch),
        customer_key=request.headers.get(CUSTOMER_KEY_HEADER) or None,
        admin_refusal=_admin_refusal(request.headers.get("authorization"), settings.api_tokens),
    )


def _admin_refusal(authorization: str | None, tokens: Sequence[SecretStr]) -> str | None:
    """Why the caller is not an admin, or None; with no tokens configured everyone is."""
    if not tokens:
        return None
    if authorization is None:
        return "This operation needs an API token: Authorization: Bearer <token>"
    scheme, _, given = authorization.partition(" ")
    token = given.strip().encode()
    if scheme.lower() == "bearer" and token:
        # Compare against every token so the time taken does not tell which one matched.
        known = [secret.get_secret_value().encode() for secret in tokens]
        if any([hmac.compare_digest(token, candidate) for candidate in known]):
            return None
    return "The API token is not valid"
