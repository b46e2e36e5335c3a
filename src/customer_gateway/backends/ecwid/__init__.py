"""The Ecwid REST API v3 backend (customers endpoints)."""

from __future__ import annotations

from customer_gateway.backends.ecwid.api import EcwidApi
from customer_gateway.backends.ecwid.backend import EcwidBackend

__all__ = ["EcwidApi", "EcwidBackend"]
