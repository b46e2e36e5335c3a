"""Who may run admin operations: callers with a static API token or a JWT with the scope.

With neither configured, everyone may (the demo). Storefront operations (`logIn`, `me`,
`updateMe`) never ask the gate: they act as the customer of the X-Customer-Key header.
"""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from dataclasses import dataclass

from customer_gateway.graphql.access.bearer import bearer_token
from customer_gateway.graphql.access.scopes import ALL_SCOPES, Scope
from customer_gateway.graphql.access.tokens import JwtVerifier, looks_like_jwt
from customer_gateway.model.errors import Forbidden, Unauthenticated

NO_TOKEN = "This operation needs an access token: Authorization: Bearer <token>"
BAD_API_TOKEN = "The API token is not valid"


@dataclass(frozen=True, slots=True)
class Caller:
    scopes: frozenset[str]
    refusal: str | None = None  # why the caller is not authenticated, when they are not

    def require(self, scope: Scope) -> None:
        """Raise UNAUTHENTICATED or FORBIDDEN unless the caller was granted `scope`."""
        if self.refusal is not None:
            raise Unauthenticated(self.refusal)
        if scope not in self.scopes:
            raise Forbidden(f"The access token does not grant the scope {scope.value}")


OPEN = Caller(scopes=ALL_SCOPES)


class AccessGate:
    def __init__(self, api_tokens: Sequence[str], jwt: JwtVerifier | None = None) -> None:
        self._tokens = [token.encode() for token in api_tokens]
        self._jwt = jwt

    async def caller(self, authorization: str | None) -> Caller:
        if not self._tokens and self._jwt is None:
            return OPEN
        token = bearer_token(authorization)
        if token is None:
            return Caller(frozenset(), NO_TOKEN)
        if self._is_api_token(token):
            return OPEN
        if self._jwt is None or (self._tokens and not looks_like_jwt(token)):
            return Caller(frozenset(), BAD_API_TOKEN)
        try:
            return Caller(await self._jwt.scopes(token))
        except Unauthenticated as exc:
            return Caller(frozenset(), exc.message)

    def _is_api_token(self, token: str) -> bool:
        given = token.encode()
        # Compare against every token so the time taken does not tell which one matched.
        return any([hmac.compare_digest(given, known) for known in self._tokens])

    async def aclose(self) -> None:
        if self._jwt is not None:
            await self._jwt.keys.aclose()
