"""The one parser of `Authorization: Bearer <token>` (the scheme is case-insensitive, RFC 9110)."""

from __future__ import annotations


def bearer_token(authorization: str | None) -> str | None:
    """The token of a Bearer `Authorization` header; None when there is none or another scheme."""
    if authorization is None:
        return None
    scheme, _, credentials = authorization.strip().partition(" ")
    token = credentials.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token
