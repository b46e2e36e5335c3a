"""Where JWT verification keys come from: a PEM file, or a JWKS URL fetched and cached.

PyJWT's own `PyJWKClient` fetches with blocking urllib and refetches on every unknown `kid`;
this cache fetches with httpx without blocking the event loop, and bounds how often an unknown
`kid` (anyone can put one in a token) may cause a fetch.
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Protocol

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

logger = logging.getLogger("customer_gateway.access")

# Asymmetric only: never `none`, never an HS algorithm keyed with a public key.
ALGORITHMS = ("RS256", "ES256")


class KeyUnavailable(Exception):
    """No key verifies this token's `kid` (unknown, or the JWKS could not be fetched)."""


class KeySource(Protocol):
    async def key_for(self, kid: str | None) -> jwt.PyJWK: ...

    async def aclose(self) -> None: ...


class PemKey:
    """One public key from a PEM file, read at start-up: RSA (RS256) or EC P-256 (ES256)."""

    def __init__(self, path: Path) -> None:
        try:
            key = load_pem_public_key(path.read_bytes())
        except (OSError, ValueError) as exc:
            raise ValueError(
                f"CG_JWT_PUBLIC_KEY: cannot read a PEM public key from {path}"
            ) from exc
        if isinstance(key, RSAPublicKey):
            algorithm = "RS256"
        elif isinstance(key, EllipticCurvePublicKey) and isinstance(key.curve, SECP256R1):
            algorithm = "ES256"
        else:
            raise ValueError(f"CG_JWT_PUBLIC_KEY: {path} is neither RSA nor EC P-256")
        self._key = jwt.PyJWK.from_dict(
            jwt.get_algorithm_by_name(algorithm).to_jwk(key, as_dict=True), algorithm
        )

    async def key_for(self, kid: str | None) -> jwt.PyJWK:
        return self._key

    async def aclose(self) -> None:
        return None


class JwksKeys:
    """The keys of a JWKS URL: fetched on first use, again after `max_age` seconds, and on an
    unknown `kid`, but never more often than once every `min_refresh` seconds."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 5.0,
        max_age: float = 600.0,
        min_refresh: float = 30.0,
    ) -> None:
        self._url = url
        self._max_age = max_age
        self._min_refresh = min_refresh
        self._client = httpx.AsyncClient(timeout=timeout)
        self._keys: dict[str | None, jwt.PyJWK] = {}
        self._fetched_at: float | None = None  # last attempt, successful or not
        self._lock = asyncio.Lock()

    async def key_for(self, kid: str | None) -> jwt.PyJWK:
        if self._stale() or kid not in self._keys:
            async with self._lock:  # concurrent requests share one fetch
                if self._stale() or (kid not in self._keys and self._may_refresh()):
                    await self._refresh()
        key = self._keys.get(kid)
        if key is None:
            raise KeyUnavailable("no key of the JWKS matches the token's kid")
        return key

    def _stale(self) -> bool:
        return self._fetched_at is None or time.monotonic() - self._fetched_at > self._max_age

    def _may_refresh(self) -> bool:
        return self._fetched_at is None or time.monotonic() - self._fetched_at >= self._min_refresh

    async def _refresh(self) -> None:
        self._fetched_at = time.monotonic()
        try:
            response = await self._client.get(self._url, headers={"Accept": "application/json"})
            response.raise_for_status()
            keys = jwt.PyJWKSet.from_dict(response.json()).keys
        except (httpx.HTTPError, ValueError, jwt.PyJWKSetError) as exc:
            # Keep the keys we had: an identity provider's hiccup should not log everyone out.
            logger.warning("JWKS fetch failed (%s); keeping %d cached keys", exc, len(self._keys))
            return
        usable = {key.key_id: key for key in keys if key.algorithm_name in ALGORITHMS}
        if len(usable) == 1 and None not in usable:
            # A single key may also verify tokens that name no kid.
            usable[None] = next(iter(usable.values()))
        self._keys = usable

    async def aclose(self) -> None:
        await self._client.aclose()
