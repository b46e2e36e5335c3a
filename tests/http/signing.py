"""Real signing keys made in the test, tokens signed with them, and their JWKS."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ISSUER = "https://id.example.com/"
AUDIENCE = "customer-gateway"


@dataclass
class SigningKey:
    algorithm: str
    private: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    kid: str

    @classmethod
    def rsa(cls, kid: str = "rsa-1") -> SigningKey:
        return cls("RS256", rsa.generate_private_key(public_exponent=65537, key_size=2048), kid)

    @classmethod
    def ec(cls, kid: str = "ec-1") -> SigningKey:
        return cls("ES256", ec.generate_private_key(ec.SECP256R1()), kid)

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            Encoding.PEM, PublicFormat.SubjectPublicKeyInfo
        )

    def write_public_pem(self, path: Path) -> Path:
        path.write_bytes(self.public_pem())
        return path

    def jwk(self) -> dict[str, Any]:
        algorithm = jwt.get_algorithm_by_name(self.algorithm)
        jwk: dict[str, Any] = algorithm.to_jwk(self.private.public_key(), as_dict=True)
        return {**jwk, "kid": self.kid, "use": "sig", "alg": self.algorithm}

    def token(self, *, headers: dict[str, Any] | None = None, **claims: Any) -> str:
        now = int(time.time())
        payload = {"iss": ISSUER, "aud": AUDIENCE, "sub": "app-1", "iat": now, "exp": now + 300}
        payload.update(claims)
        payload = {name: value for name, value in payload.items() if value is not None}
        return jwt.encode(
            payload,
            self.private,
            algorithm=self.algorithm,
            headers={"kid": self.kid, **(headers or {})},
        )


def jwks(*keys: SigningKey) -> dict[str, Any]:
    return {"keys": [key.jwk() for key in keys]}
