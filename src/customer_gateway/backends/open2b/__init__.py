"""The Open2b API v10 backend."""

from __future__ import annotations

from customer_gateway.backends.open2b.api import Open2bApi
from customer_gateway.backends.open2b.backend import Open2bBackend

__all__ = ["Open2bApi", "Open2bBackend"]
