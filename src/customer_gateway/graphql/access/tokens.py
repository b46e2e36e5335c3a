"""Verifying JWT access tokens (PyJWT): signature, issuer, audience, expiry; then their scopes."""

from __future__ import annotations

import jwt

from customer_gateway.graphql.access.keys import ALGORITHMS, KeySource, KeyUnavailable
from customer_gateway.graphql.access.scopes import granted_scopes
from customer_gateway.model.errors import Unauthenticated

# Clocks of the identity provider and the gateway differ a little.
LEEWAY_SECONDS = 30

# What the client is told; PyJWT's own messages stay here (they may quote claim values).
_REASONS: tuple[tuple[type[Exception], str], ...] = (
    (jwt.ExpiredSignatureError, "it has expired"),
    (jwt.ImmatureSignatureError, "it is not valid yet"),
    (jwt.InvalidIssuerError, "wrong issuer"),
    (jwt.InvalidAudienceError, "wrong audience"),
    (jwt.MissingRequiredClaimError, "a required claim is missing"),
    (jwt.InvalidAlgorithmError, "its algorithm is not accepted"),
    (jwt.InvalidSignatureError, "bad signature"),
    (KeyUnavailable, "no known key signed it"),
)


def looks_like_jwt(token: str) -> bool:
    return token.count(".") == 2


class JwtVerifier:
    def __init__(self, keys: KeySource, *, issuer: str, audience: str) -> None:
        self.keys = keys
        self._issuer = issuer
        self._audience = audience

    async def scopes(self, token: str) -> frozenset[str]:
        """The scopes of a valid token; Unauthenticated (saying why) for any other."""
        try:
            header = jwt.get_unverified_header(token)
            kid = header.get("kid")
            key = await self.keys.key_for(kid if isinstance(kid, str) else None)
            claims = jwt.decode(
                token,
                key,
                algorithms=list(ALGORITHMS),
                issuer=self._issuer,
                audience=self._audience,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except (jwt.PyJWTError, KeyUnavailable) as exc:
            reason = next((text for kind, text in _REASONS if isinstance(exc, kind)), "malformed")
            raise Unauthenticated(f"The access token is not valid: {reason}") from None
        return granted_scopes(claims)
